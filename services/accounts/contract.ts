/**
 * The accounts service's contract: sign-in (bearer tokens for the API, cookie sessions for the
 * console), the users administrators manage, and the lookups the gateway makes on every request.
 */
import { ROLES, type Role, type SessionUser } from "../../lib/auth.js";
import { action } from "../../lib/contract.js";
import { arr, BOOL, INT, json, nullable, obj, oneOf, STR } from "../../lib/replies.js";
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN } from "../../shared/usernames.js";
import { ID, text } from "../../shared/validation.js";

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
export type ConsoleUser = SessionUser & { displayName: string };

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
};
