/**
 * The accounts service's contract: sign-in (bearer tokens for the API, cookie sessions for the
 * console), the users administrators manage, and the lookups the gateway makes on every request.
 */
import { ROLES, type Role, type SessionUser } from "../../lib/auth.js";
import { action } from "../../lib/contract.js";
import { arr, BOOL, INT, json, nullable, obj, oneOf, STR } from "../../lib/replies.js";
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN } from "../../shared/usernames.js";
import type { AuditView } from "../../lib/audit.js";
import { ID, pagingParams, text } from "../../shared/validation.js";

export type { SessionUser };

/** What the API's login and the console's sign-in both take. */
const CREDENTIALS = {
  username: { type: "string", min: 1, max: 64 },
  password: { type: "string", min: 1, max: 256 },
};

const SESSION_ID = { type: "string", min: 20, max: 100, pattern: "^[A-Za-z0-9_-]+$" };

const USERNAME = text(USERNAME_MAX_LENGTH, { min: USERNAME_MIN_LENGTH, pattern: USERNAME_PATTERN });
const PASSWORD = { type: "string", min: 8, max: 256 };

// ---- what the actions take

export interface Credentials {
  username: string;
  password: string;
}

export interface CreateUserParams {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  bodyId?: string;
  officerId?: string;
}

/** Only what is given changes; a null body or officer removes the link. */
export interface UpdateUserParams {
  id: string;
  displayName?: string;
  role?: Role;
  bodyId?: string | null;
  officerId?: string | null;
  password?: string;
  active?: boolean;
}

export interface SessionParams {
  sessionId: string;
}

// ---- what they answer

/** The public shape of a user: never the password or its hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  bodyId: string | null;
  officerId: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LoginReply {
  token: string;
  /** Seconds. */
  expiresIn: number;
  user: SessionUser;
}

/** The signed-in user as the console shows it. */
export type ConsoleUser = SessionUser & { role: Role; displayName: string };

export interface OpenSessionReply {
  /** For the cookie; the database keeps only its hash. */
  sessionId: string;
  /** For the session's forms. */
  csrf: string;
  user: ConsoleUser;
}

export interface ResolvedSession {
  csrf: string;
  user: ConsoleUser;
}

const SESSION_USER = obj({
  id: STR,
  username: STR,
  role: oneOf(ROLES),
  bodyId: nullable(STR),
  officerId: nullable(STR),
});

const USER_VIEW = obj({
  id: STR,
  username: STR,
  displayName: STR,
  role: oneOf(ROLES),
  bodyId: nullable(STR),
  officerId: nullable(STR),
  active: BOOL,
  createdAt: STR,
  updatedAt: STR,
});

/** An API key as administrators see it: never the key or its hash. */
export interface ApiKeyView {
  id: string;
  bodyId: string;
  name: string;
  /** `zfgs_` and the key's first characters, to tell keys apart. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A new key: the only answer that carries the key itself. */
export type CreatedApiKey = ApiKeyView & { key: string };

/** One call made with a key, as the gateway reports it for the audit log. */
export interface KeyUseParams {
  keyId: string;
  keyName: string;
  /** Method and path, without the query. */
  route: string;
  /** The 文书号 the call named, if any. */
  docNo?: string;
  status: number;
  /** The error type of a refused call. */
  type?: string;
}

export interface KeyAuditParams {
  keyId?: string;
  limit?: number;
  cursor?: string;
}

const API_KEY_VIEW = {
  id: STR,
  bodyId: STR,
  name: STR,
  prefix: STR,
  createdBy: STR,
  createdAt: STR,
  lastUsedAt: nullable(STR),
  revokedAt: nullable(STR),
};

const AUDIT_VIEW = obj({
  id: STR,
  at: STR,
  actorId: nullable(STR),
  actorName: STR,
  actorRole: nullable(STR),
  action: STR,
  recordType: STR,
  recordId: STR,
  reason: nullable(STR),
});

export const accounts = {
  login: action<Credentials, LoginReply>(
    "accounts.login",
    CREDENTIALS,
    json(obj({ token: STR, expiresIn: INT, user: SESSION_USER })),
  ),
  me: action<Record<string, never>, UserView>("accounts.me", {}, json(USER_VIEW)),
  createUser: action<CreateUserParams, UserView>(
    "accounts.createUser",
    {
      username: USERNAME,
      password: PASSWORD,
      displayName: text(100),
      role: { type: "enum", values: [...ROLES] },
      bodyId: { ...ID, optional: true },
      officerId: { ...ID, optional: true },
    },
    json(USER_VIEW),
  ),
  listUsers: action<{ bodyId?: string }, { items: UserView[] }>(
    "accounts.listUsers",
    {
      bodyId: { ...ID, optional: true },
    },
    json(obj({ items: arr(USER_VIEW) })),
  ),
  /** The names of the given users, for showing who acted (the console's trail); unknown ids are left out. */
  displayNames: action<{ ids: string[] }, { items: { id: string; displayName: string }[] }>("accounts.displayNames", {
    ids: { type: "array", items: ID, max: 500 },
  }),
  updateUser: action<UpdateUserParams, UserView>(
    "accounts.updateUser",
    {
      id: ID,
      displayName: text(100, { optional: true }),
      role: { type: "enum", values: [...ROLES], optional: true },
      bodyId: { ...ID, optional: true, nullable: true },
      officerId: { ...ID, optional: true, nullable: true },
      password: { ...PASSWORD, optional: true },
      active: { type: "boolean", optional: true },
    },
    json(USER_VIEW),
  ),
  /** The console's sign-in: a new cookie session. */
  openSession: action<Credentials, OpenSessionReply>("accounts.openSession", CREDENTIALS),
  /** The session behind a console cookie, kept alive by this use (401 once it has ended). */
  resolveSession: action<SessionParams, ResolvedSession>("accounts.resolveSession", { sessionId: SESSION_ID }),
  /** Sign-out. */
  closeSession: action<SessionParams, { closed: true }>("accounts.closeSession", { sessionId: SESSION_ID }),
  /** The user a bearer token stands for: the gateway asks on every authenticated request. */
  resolveToken: action<{ token: string }, SessionUser>("accounts.resolveToken", {
    token: { type: "string", min: 1, max: 2048 },
  }),
  /** A body's case system's key (administrators): the answer shows the key once. */
  createApiKey: action<{ bodyId: string; name: string }, CreatedApiKey>(
    "accounts.createApiKey",
    { bodyId: ID, name: text(100) },
    json(obj({ ...API_KEY_VIEW, key: STR })),
  ),
  listApiKeys: action<{ bodyId?: string }, { items: ApiKeyView[] }>(
    "accounts.listApiKeys",
    { bodyId: { ...ID, optional: true } },
    json(obj({ items: arr(obj(API_KEY_VIEW)) })),
  ),
  revokeApiKey: action<{ id: string }, ApiKeyView>("accounts.revokeApiKey", { id: ID }, json(obj(API_KEY_VIEW))),
  /** The audit log of API keys: created, revoked, every call made with one (of one key with keyId). */
  keyAudit: action<KeyAuditParams, { items: AuditView[]; nextCursor: string | null }>(
    "accounts.keyAudit",
    { keyId: { ...ID, optional: true }, ...pagingParams },
    json(obj({ items: arr(AUDIT_VIEW), nextCursor: nullable(STR) })),
  ),
  /** The machine principal an API key stands for: the gateway asks on every call made with one. */
  resolveApiKey: action<{ key: string; route: string; docNo?: string }, SessionUser>("accounts.resolveApiKey", {
    key: { type: "string", min: 1, max: 200 },
    route: { type: "string", max: 2100 },
    docNo: { type: "string", max: 200, optional: true },
  }),
  /** The gateway's record of one call made with a key (refused ones too). */
  auditKeyUse: action<KeyUseParams, { recorded: true }>("accounts.auditKeyUse", {
    keyId: ID,
    keyName: { type: "string", max: 200 },
    route: { type: "string", max: 2100 },
    docNo: { type: "string", max: 200, optional: true },
    status: { type: "number", integer: true },
    type: { type: "string", max: 100, optional: true },
  }),
};
