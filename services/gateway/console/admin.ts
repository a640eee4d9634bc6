/** Placeholder module: routes are added here. */
import type { Handler } from "../web.js";
import type { ConsoleDeps } from "./context.js";

export function adminRoutes(_deps: ConsoleDeps): Record<string, Handler> {
  return {};
}
