/**
 * Sign-in throttling that slows a guesser without letting the guesser lock the owner out.
 *
 * Failed sign-ins are counted over a sliding window in three ways, each with a number of free
 * failures; past them, every further failure doubles the wait before the next attempt (by
 * default 1 s, 2 s, 4 s … up to a cap), counted from the latest failure:
 * - per (username, address): the owner's typos and a guesser at one address; applies always, but
 *   on an address the username signed in from before (a known address) its wait is capped at
 *   KNOWN_ADDRESS_MAX_DELAY_SECONDS, so a guesser sharing the owner's NAT or /64 cannot hold the
 *   owner there for long;
 * - per address, across usernames: one address trying many accounts. Free failures are many, so a
 *   NAT with hundreds of staff is not slowed by one guesser behind it; never on a known address.
 *   An IPv6 client is counted so by its /64 and, with the same free failures, by its /48 as well,
 *   so a site's 65 536 /64s do not each start afresh;
 * - per username, across addresses: a guess spread over many addresses. Once the username's
 *   failures pass their free ones, every address that is not known for it waits, whether it has
 *   failed itself or not: a botnet or an IPv6 /48 (65 536 /64 keys) gets no fresh first guesses.
 *   Known addresses never wait on this count, so the owner always signs in from one of them; and
 *   the owner's typo at a new address adds nothing to this wait (it depends on the username's
 *   failures, not on this address's).
 * An attempt inside a wait is refused (429 with Retry-After) without checking the password, and
 * is not counted: the wait never grows because someone retried.
 */

/**
 * The longest wait on a known address. Low, because the owner's typos and any guesser behind the
 * same NAT share that pair count, and the owner must never wait long there; a guesser there gets
 * at most one guess per this many seconds, from an address the owner really uses.
 */
export const KNOWN_ADDRESS_MAX_DELAY_SECONDS = 30;

export interface ThrottlePolicy {
  /** Failures of one username from one address before waits begin. */
  freeFailures: number;
  /** Failures from one address, across usernames, before that address waits. */
  addressFreeFailures: number;
  /** Failures of one username, across addresses, before every address not known for it waits. */
  userFreeFailures: number;
  /** The wait after the first failure past the free ones, in seconds; each further one doubles it. */
  firstDelaySeconds: number;
  /** The longest wait, in seconds. */
  maxDelaySeconds: number;
}

export interface FailureCount {
  /** Failures inside the window. */
  count: number;
  /** The latest of them. */
  last: Date | null;
}

export interface SignInHistory {
  /** This username from this address. */
  pair: FailureCount;
  /** This address, any username. */
  address: FailureCount;
  /** This address's network (an IPv6 /48; an IPv4 address itself), any username. */
  network: FailureCount;
  /** This username, any address. */
  user: FailureCount;
  /** This username signed in successfully from this address before. */
  knownAddress: boolean;
}

export type ThrottleReason = "pair" | "address" | "network" | "user";

export interface ThrottleVerdict {
  /** Whole seconds to wait before the password may be checked; 0: check it now. */
  waitSeconds: number;
  /** The count that imposed the wait. */
  reason?: ThrottleReason;
}

/** The wait that `failures` impose after the latest one: 0 up to `free`, then first, 2·first, 4·first …, capped. */
export function backoffSeconds(
  failures: number,
  free: number,
  policy: ThrottlePolicy,
  cap = policy.maxDelaySeconds,
): number {
  if (failures <= free) return 0;
  return Math.min(cap, policy.firstDelaySeconds * 2 ** Math.min(failures - free - 1, 30));
}

/** How long this attempt must wait, given the failures on record before it. */
export function signInWait(policy: ThrottlePolicy, history: SignInHistory, now: Date): ThrottleVerdict {
  const known = history.knownAddress;
  const pairCap = known ? Math.min(policy.maxDelaySeconds, KNOWN_ADDRESS_MAX_DELAY_SECONDS) : policy.maxDelaySeconds;
  const rules: [ThrottleReason, FailureCount, number, boolean, number][] = [
    ["pair", history.pair, policy.freeFailures, true, pairCap],
    ["address", history.address, policy.addressFreeFailures, !known, policy.maxDelaySeconds],
    ["network", history.network, policy.addressFreeFailures, !known, policy.maxDelaySeconds],
    ["user", history.user, policy.userFreeFailures, !known, policy.maxDelaySeconds],
  ];
  let verdict: ThrottleVerdict = { waitSeconds: 0 };
  for (const [reason, counted, free, applies, cap] of rules) {
    if (!applies || !counted.last) continue;
    const delayMs = backoffSeconds(counted.count, free, policy, cap) * 1000;
    const waitSeconds = Math.ceil((counted.last.getTime() + delayMs - now.getTime()) / 1000);
    if (waitSeconds > verdict.waitSeconds) verdict = { waitSeconds, reason };
  }
  return verdict;
}
