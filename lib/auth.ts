/**
 * Who may do what. Actions declare `roles`; the middleware below turns a missing user into 401
 * and a role outside the list into 403 before the handler runs. Body scoping (谁执法谁公示: an
 * officer writes only for their own body) is checked in handlers with `assertActsForBody`.
 */
import type { Context, Middleware } from "moleculer";
import { fieldProblem, ForbiddenError, UnauthorizedError } from "./errors.js";

export const ROLES = ["admin", "officer", "reviewer"] as const;
export type Role = (typeof ROLES)[number];

/** Every signed-in role: reads of the body's own records. */
export const STAFF = ROLES;
/** Those who write records: a reviewer only reviews. */
export const WRITERS = ["admin", "officer"] as const satisfies readonly Role[];
export const ADMIN_ONLY = ["admin"] as const satisfies readonly Role[];
/**
 * A body's case-handling system (办案系统) calling with an API key: a machine, not a user, allowed
 * on the intake routes only (the gateway refuses it every other route) and for its key's body only.
 */
export const INTAKE_ROLE = "intake";
export const INTAKE_ONLY = [INTAKE_ROLE] as const;
/** Who may call: a user's role, or the machine role of an API key. */
export type CallerRole = Role | typeof INTAKE_ROLE;

export interface SessionUser {
  /** A user's id; for an API key, the key's id. */
  id: string;
  username: string;
  role: CallerRole;
  bodyId: string | null;
  officerId: string | null;
}

export interface Meta {
  user?: SessionUser;
  $statusCode?: number;
  $responseType?: string;
  $responseHeaders?: Record<string, string>;
  $location?: string;
  /** A stream upload's Content-Type (the gateway copies it: a file sent raw or as multipart/form-data). */
  uploadType?: string;
}

declare module "moleculer" {
  interface ActionSchema {
    /** Roles allowed to call the action; absent means public. */
    roles?: readonly CallerRole[];
    /** A one-line summary for the OpenAPI document. */
    summary?: string;
  }
}

export function userOf(ctx: Context<unknown, Meta>): SessionUser {
  const user = ctx.meta.user;
  if (!user) throw new UnauthorizedError();
  return user;
}

/** Admins act for any body; officers (and reviewers, where allowed) only for their own. */
export function assertActsForBody(user: SessionUser, bodyId: string): void {
  if (user.role === "admin") return;
  if (user.bodyId !== bodyId) {
    throw new ForbiddenError("谁执法谁公示: you may act only for your own enforcement body", "OTHER_BODY");
  }
}

/** Throws 401 without a user, 403 when the user's role is not among `roles`. */
export function checkRoles(user: SessionUser | undefined, roles: readonly CallerRole[]): SessionUser {
  if (!user) throw new UnauthorizedError();
  if (!roles.includes(user.role))
    throw new ForbiddenError(`This needs the role ${roles.join(" or ")}`, "ROLE_REQUIRED");
  return user;
}

export const RolesMiddleware: Middleware = {
  name: "Roles",
  localAction(handler, action) {
    const roles = (action as { roles?: readonly CallerRole[] }).roles;
    if (!roles) return handler;
    return function rolesChecked(this: unknown, ctx: Context<unknown, Meta>) {
      try {
        checkRoles(ctx.meta.user, roles);
      } catch (err) {
        return Promise.reject(err);
      }
      return handler.call(this as never, ctx);
    };
  },
};

/**
 * The body a request acts for: an officer's (or reviewer's) own; an admin names it (422 when not).
 * An officer naming another body is ignored: their own is the only one they act for.
 */
export function bodyFor(user: SessionUser, bodyId: string | undefined): string {
  if (user.role === "admin") {
    if (!bodyId) throw fieldProblem("bodyId", "required", "an administrator names the body");
    return bodyId;
  }
  if (!user.bodyId) throw fieldProblem("bodyId", "required", "the account belongs to no body");
  return user.bodyId;
}
