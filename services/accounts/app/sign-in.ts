/**
 * Signing in with a username and password, under the sign-in throttle, and the bearer tokens the
 * API's login issues and the gateway resolves on every request.
 */
import { Errors } from "moleculer";
import type { Role, SessionUser } from "../../../lib/auth.js";
import { UnauthorizedError } from "../../../lib/errors.js";
import { addressKey, networkKey } from "../../../shared/client-address.js";
import { verifyPassword } from "../../../shared/passwords.js";
import { signInWait, type FailureCount } from "../../../shared/sign-in-throttle.js";
import { issueToken, tokenVersionOf, verifyToken } from "../../../shared/tokens.js";
import { usernameKey } from "../../../shared/usernames.js";
import type { Credentials, LoginReply } from "../contract.js";
import { User } from "../user.entity.js";
import type { AccountsDeps } from "./deps.js";

/** Checked against when the username is unknown, so the time taken does not tell. */
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/** The 429 of a sign-in inside a wait; `data.retryAfter` is in seconds. */
export const LOGIN_THROTTLED = "LOGIN_THROTTLED";

/** Who a user is for the gateway and the other services. */
export function sessionUser(u: User): SessionUser & { role: Role } {
  return { id: u.id, username: u.username, role: u.role, bodyId: u.bodyId, officerId: u.officerId };
}

/**
 * Checks a username and password under the sign-in throttle (shared/sign-in-throttle.ts):
 * an attempt inside a wait gets 429 (LOGIN_THROTTLED) and no password check. The attempt is
 * recorded as a failure before the check, under locks on its address and its username, so
 * parallel guesses see each other and no more of them reach the check than the waits allow;
 * a right password removes it and that pair's earlier failures, and remembers the address.
 */
export async function signIn(
  deps: AccountsDeps,
  { username, password }: Credentials,
  clientIp: string | undefined,
): Promise<User> {
  const policy = deps.config.signIn;
  const name = usernameKey(username);
  const address = addressKey(clientIp ?? "internal");
  const network = networkKey(clientIp ?? "internal");
  const window = `${policy.failureWindowMinutes} minutes`;
  const known = `${policy.knownAddressDays} days`;
  const em = deps.em;
  const attemptId = await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const trx = tx.getTransactionContext();
    // Always the network, the address, then the username: two sign-ins never wait on each other in a circle.
    await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:network:${network}`], "all", trx);
    await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:address:${address}`], "all", trx);
    await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:user:${name}`], "all", trx);
    const [row] = (await conn.execute(
      `select
         count(*) filter (where "username" = ? and "client_ip" = ?) as pair,
         max("at") filter (where "username" = ? and "client_ip" = ?) as pair_last,
         count(*) filter (where "client_ip" = ?) as address,
         max("at") filter (where "client_ip" = ?) as address_last,
         count(*) filter (where "network" = ?) as network,
         max("at") filter (where "network" = ?) as network_last,
         count(*) filter (where "username" = ?) as by_user,
         max("at") filter (where "username" = ?) as user_last,
         exists (select 1 from "accounts"."login_successes"
                 where "username" = ? and "client_ip" = ? and "at" > now() - ?::interval) as known,
         clock_timestamp() as now
       from "accounts"."login_failures"
       where ("username" = ? or "network" = ?) and "at" > clock_timestamp() - ?::interval`,
      [
        ...[name, address, name, address, address, address, network, network, name, name],
        ...[name, address, known, name, network, window],
      ],
      "all",
      trx,
    )) as {
      pair: string;
      pair_last: Date | null;
      address: string;
      address_last: Date | null;
      network: string;
      network_last: Date | null;
      by_user: string;
      user_last: Date | null;
      known: boolean;
      now: Date;
    }[];
    if (!row) throw new Error("the failure count returned no row");
    const count = (n: string, last: Date | null): FailureCount => ({
      count: Number(n),
      last: last ? new Date(last) : null,
    });
    const verdict = signInWait(
      policy,
      {
        pair: count(row.pair, row.pair_last),
        address: count(row.address, row.address_last),
        network: count(row.network, row.network_last),
        user: count(row.by_user, row.user_last),
        knownAddress: row.known,
      },
      new Date(row.now),
    );
    if (verdict.waitSeconds > 0) {
      const retryAfter = verdict.waitSeconds;
      throw new Errors.MoleculerClientError(`登录失败次数过多，请 ${retryAfter} 秒后再试`, 429, LOGIN_THROTTLED, {
        retryAfter,
      });
    }
    const [inserted] = (await conn.execute(
      `insert into "accounts"."login_failures" ("username", "client_ip", "network", "at")
       values (?, ?, ?, clock_timestamp()) returning "id"`,
      [name, address, network],
      "all",
      trx,
    )) as { id: string }[];
    return (inserted as { id: string }).id;
  });
  const [found] = (await em
    .getConnection()
    .execute(`select "id" from "accounts"."users" where lower("username") = ?`, [name])) as { id: string }[];
  const user = found ? await em.findOne(User, { id: found.id }) : null;
  // Verify against a dummy hash when the user is unknown, so timing does not reveal it.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) throw new UnauthorizedError("Wrong username or password", "BAD_CREDENTIALS");
  const conn = em.getConnection();
  await conn.execute(
    `delete from "accounts"."login_failures"
     where "id" = ? or ("username" = ? and "client_ip" = ?) or "at" < now() - ?::interval`,
    [attemptId, name, address, window],
  );
  if (policy.knownAddressDays > 0) {
    await conn.execute(
      `insert into "accounts"."login_successes" ("username", "client_ip", "at") values (?, ?, now())
       on conflict ("username", "client_ip") do update set "at" = excluded."at"`,
      [name, address],
    );
    await conn.execute(`delete from "accounts"."login_successes" where "at" < now() - ?::interval`, [known]);
  }
  return user;
}

/** The API's sign-in: a bearer token carrying the user's token version. */
export async function login(
  deps: AccountsDeps,
  credentials: Credentials,
  clientIp: string | undefined,
): Promise<LoginReply> {
  const user = await signIn(deps, credentials, clientIp);
  const ttl = deps.config.tokenTtlSeconds;
  const token = issueToken(deps.tokenSecret, user.id, ttl, deps.now().getTime(), user.tokenVersion);
  return { token, expiresIn: ttl, user: sessionUser(user) };
}

/** The user a bearer token stands for, while the token is unexpired and its version current. */
export async function resolveToken(deps: AccountsDeps, { token }: { token: string }): Promise<SessionUser> {
  const checked = verifyToken(deps.tokenSecret, token, deps.now().getTime());
  if ("problem" in checked) {
    const message = checked.problem === "expired" ? "The token has expired: sign in again" : "Invalid token";
    throw new UnauthorizedError(message, checked.problem === "expired" ? "TOKEN_EXPIRED" : "INVALID_TOKEN");
  }
  // The one read per request: the user row carries the token version as well.
  const user = await deps.em.findOne(User, { id: checked.claims.sub });
  if (!user || !user.active) throw new UnauthorizedError("The account is disabled", "ACCOUNT_DISABLED");
  if (tokenVersionOf(checked.claims) !== user.tokenVersion) {
    throw new UnauthorizedError("令牌已失效：账号的密码、状态、角色或所属机关已变更，请重新登录", "TOKEN_REVOKED");
  }
  return sessionUser(user);
}
