/** The gateway's one action for other services: the feed tells every gateway that the read model changed. */
import { action } from "../../lib/contract.js";

export const gateway = {
  /** Empties the edge cache of public answers. */
  forget: action<Record<string, never>, { forgotten: true }>("gateway.forget", {}),
};
