/**
 * Calls made with an API key (a body's 办案系统, role `intake`): resolved by the accounts service
 * on every call (no cache: a revoked key is refused at once by every gateway), allowed on the intake
 * routes only, and each one — answered or refused — recorded in the accounts audit log.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "moleculer";
import { INTAKE_ROLE, type CallerRole, type Meta, type SessionUser } from "../../lib/auth.js";
import { call } from "../../lib/contract.js";
import { dependencyCall, ForbiddenError } from "../../lib/errors.js";
import { looksLikeApiKey } from "../../shared/api-keys.js";
import { accounts } from "../accounts/contract.js";

/** Method and path of a request (no query string: it may carry values). */
export function routeOf(req: IncomingMessage & { originalUrl?: string }): string {
  return `${req.method} ${(req.originalUrl ?? req.url ?? "").split("?")[0]}`.slice(0, 2000);
}

/** The 文书号 an intake route's path names (decoded), for the audit of a call refused before its params are read. */
export function docNoOfPath(url: string | undefined): string | undefined {
  const m = /^\/api\/intake\/decisions\/([^/?#]+)/.exec(url ?? "");
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] as string).slice(0, 200);
  } catch {
    return undefined;
  }
}

/** The machine principal of a bearer credential that is an API key; undefined for anything else (a user's token). */
export function resolveMachine(
  ctx: Context<unknown, Meta>,
  credential: string,
  req: IncomingMessage,
): Promise<SessionUser> | undefined {
  if (!looksLikeApiKey(credential)) return undefined;
  const docNo = docNoOfPath((req as { originalUrl?: string }).originalUrl ?? req.url);
  return dependencyCall("accounts", () =>
    call(ctx, accounts.resolveApiKey, {
      key: credential.slice(0, 200),
      route: routeOf(req),
      ...(docNo !== undefined ? { docNo } : {}),
    }),
  );
}

/** An API key reaches the routes that name its role, and nothing else (public routes included). */
export function checkMachineScope(user: SessionUser | undefined, roles: readonly CallerRole[] | undefined): void {
  if (user?.role === INTAKE_ROLE && !roles?.includes(INTAKE_ROLE)) {
    throw new ForbiddenError("An API key may call the intake routes only", "API_KEY_SCOPE");
  }
}

/** Records one call made with an API key; a failure to record is logged, the answer stands. */
export async function auditMachineCall(
  ctx: Context<unknown, Meta> | undefined,
  req: IncomingMessage & { $params?: Record<string, unknown> },
  outcome: { status: number; type?: string },
  logger: { warn(...args: unknown[]): void },
): Promise<void> {
  const user = ctx?.meta.user;
  if (!ctx || user?.role !== INTAKE_ROLE) return;
  const docNo = req.$params?.docNo ?? docNoOfPath((req as { originalUrl?: string }).originalUrl ?? req.url);
  try {
    await call(ctx, accounts.auditKeyUse, {
      keyId: user.id,
      keyName: user.username.slice(0, 200),
      route: routeOf(req),
      ...(typeof docNo === "string" ? { docNo: docNo.slice(0, 200) } : {}),
      status: outcome.status,
      ...(outcome.type ? { type: outcome.type.slice(0, 100) } : {}),
    });
  } catch (err) {
    logger.warn("An API key's call was not recorded in the audit log:", (err as Error).message);
  }
}
