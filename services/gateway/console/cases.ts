import type { Handler } from "../web.js";
import type { ConsoleDeps } from "./context.js";

export function caseRoutes(_deps: ConsoleDeps): Record<string, Handler> {
  return {};
}
