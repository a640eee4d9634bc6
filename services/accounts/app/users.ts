/**
 * The users administrators manage: creating them, changing their role, body, password or active
 * flag (which ends what their tokens and sessions stood for), and listing them.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { Role, SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, dependencyCall, fieldProblem, invalid, NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import { hashPassword } from "../../../shared/passwords.js";
import { FIRST_TOKEN_VERSION } from "../../../shared/tokens.js";
import type { CreateUserParams, UpdateUserParams, UserView } from "../contract.js";
import { User, userView } from "../user.entity.js";
import type { AccountsDeps } from "./deps.js";
import { endSessions } from "./sessions.js";
import { call } from "../../../lib/contract.js";
import { duties } from "../../duties/contract.js";

/** Maps a unique violation on users to the 409 the client can act on; anything else passes through. */
function userConflict(err: unknown): unknown {
  if (isUniqueViolation(err, "users_officer_id_unique")) {
    return new ConflictError("This officer already has an account", "DUPLICATE_OFFICER_ACCOUNT", [
      { field: "officerId", type: "DUPLICATE_OFFICER_ACCOUNT", message: "this officer already has an account" },
    ]);
  }
  if (isUniqueViolation(err)) {
    return new ConflictError("This username is taken", "DUPLICATE_USERNAME", [
      { field: "username", type: "DUPLICATE_USERNAME", message: "this username is taken" },
    ]);
  }
  return err;
}

/** Officers and reviewers need an existing body; admins have none. */
async function checkBodyForRole(deps: AccountsDeps, role: Role, bodyId?: string): Promise<void> {
  if (role === "admin") {
    if (bodyId) throw fieldProblem("bodyId", "ADMIN_WITHOUT_BODY", "an administrator does not belong to a body");
    return;
  }
  if (!bodyId) throw fieldProblem("bodyId", "BODY_REQUIRED", `a user with role ${role} must belong to a body`);
  const exists = await dependencyCall("duties", () => call(deps.caller, duties.bodyExists, { id: bodyId }));
  if (!exists) throw fieldProblem("bodyId", "UNKNOWN_BODY", "no enforcement body has this id");
}

/** A linked roster entry must be an officer of the user's own body. */
async function checkOfficerLink(deps: AccountsDeps, officerId: string | undefined, bodyId: string | undefined) {
  if (!officerId) return;
  const officer = await dependencyCall("duties", () =>
    call(deps.caller, duties.getOfficer, { id: officerId }).catch((err: unknown) => {
      if ((err as { code?: number }).code === 404) return null;
      throw err;
    }),
  );
  if (!officer || officer.bodyId !== bodyId) {
    throw fieldProblem("officerId", "NOT_BODY_OFFICER", "no officer with this id in the user's body");
  }
}

export async function me(em: EntityManager, user: SessionUser): Promise<UserView> {
  const found = await em.findOne(User, { id: user.id });
  if (!found) throw new NotFoundError("User");
  return userView(found);
}

export async function createUser(deps: AccountsDeps, p: CreateUserParams): Promise<UserView> {
  await checkBodyForRole(deps, p.role, p.bodyId);
  await checkOfficerLink(deps, p.officerId, p.bodyId);
  const now = deps.now();
  const user = Object.assign(new User(), {
    id: newId(),
    username: p.username,
    passwordHash: await hashPassword(p.password),
    displayName: p.displayName,
    role: p.role,
    bodyId: p.role === "admin" ? null : (p.bodyId as string),
    officerId: p.officerId ?? null,
    active: true,
    tokenVersion: FIRST_TOKEN_VERSION,
    createdAt: now,
    updatedAt: now,
  });
  try {
    await deps.em.persistAndFlush(user);
  } catch (err) {
    throw userConflict(err);
  }
  return userView(user);
}

export async function listUsers(em: EntityManager, params: { bodyId?: string }): Promise<{ items: UserView[] }> {
  const where = params.bodyId ? { bodyId: params.bodyId } : {};
  const users = await em.find(User, where, { orderBy: { id: "asc" }, limit: 1000 });
  return { items: users.map(userView) };
}

/** Users' display names by id, in one query (a page names everyone on it at once). */
export async function displayNames(
  em: EntityManager,
  params: { ids: string[] },
): Promise<{ items: { id: string; displayName: string }[] }> {
  if (params.ids.length === 0) return { items: [] };
  const users = await em.find(User, { id: { $in: params.ids } }, { orderBy: { id: "asc" } });
  return { items: users.map((u) => ({ id: u.id, displayName: u.displayName })) };
}

/**
 * Changes a user. A new password, a deactivation, a role or body change ends what the user's
 * tokens stood for (the token version moves on) and signs them out of every console session.
 */
export async function updateUser(deps: AccountsDeps, actor: SessionUser, p: UpdateUserParams): Promise<UserView> {
  if (p.id === actor.id && ((p.role !== undefined && p.role !== "admin") || p.active === false)) {
    throw invalid("role", "an administrator cannot demote or deactivate their own account", "SELF_LOCKOUT");
  }
  const before = await deps.em.findOne(User, { id: p.id });
  if (!before) throw new NotFoundError("User", p.id);
  const role = p.role ?? before.role;
  const bodyId = p.bodyId === undefined ? before.bodyId : p.bodyId;
  await checkBodyForRole(deps, role, bodyId ?? undefined);
  // Moving to another body unlinks the roster entry unless a new one is named.
  const officerId = p.officerId !== undefined ? p.officerId : bodyId === before.bodyId ? before.officerId : null;
  if (officerId) await checkOfficerLink(deps, officerId, bodyId ?? undefined);
  const passwordHash = p.password !== undefined ? await hashPassword(p.password) : undefined;
  let user: User;
  let revoked = false;
  try {
    // Under a row lock, read afresh, so the change and its token-version bump are one step.
    user = await deps.em.fork().transactional(async (tx) => {
      const u = await tx.findOneOrFail(User, { id: p.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const newBodyId = role === "admin" ? null : (bodyId as string);
      // What the tokens of this user stood for ends here: every token issued before stops working.
      revoked =
        passwordHash !== undefined ||
        (p.active !== undefined && p.active !== u.active) ||
        role !== u.role ||
        newBodyId !== u.bodyId;
      u.officerId = officerId;
      if (p.displayName !== undefined) u.displayName = p.displayName;
      if (passwordHash !== undefined) u.passwordHash = passwordHash;
      if (p.active !== undefined) u.active = p.active;
      u.role = role;
      u.bodyId = newBodyId;
      if (revoked) u.tokenVersion += 1;
      u.updatedAt = deps.now();
      return u;
    });
  } catch (err) {
    throw userConflict(err);
  }
  if (revoked) await endSessions(deps.em, user.id);
  return userView(user);
}
