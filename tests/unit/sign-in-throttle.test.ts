import { describe, expect, it } from "vitest";
import {
  backoffSeconds,
  KNOWN_ADDRESS_MAX_DELAY_SECONDS,
  signInWait,
  type FailureCount,
  type SignInHistory,
  type ThrottlePolicy,
} from "../../shared/sign-in-throttle.js";
import { usernameKey } from "../../shared/usernames.js";

const POLICY: ThrottlePolicy = {
  freeFailures: 5,
  addressFreeFailures: 100,
  userFreeFailures: 20,
  firstDelaySeconds: 1,
  maxDelaySeconds: 900,
};
const NOW = new Date("2026-12-06T02:00:00Z");
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000);
const none: FailureCount = { count: 0, last: null };
const failures = (count: number, lastSecondsAgo = 0): FailureCount => ({ count, last: secondsAgo(lastSecondsAgo) });

function history(h: Partial<SignInHistory>): SignInHistory {
  return { pair: none, address: none, network: h.address ?? none, user: none, knownAddress: false, ...h };
}

describe("backoffSeconds", () => {
  const sut = backoffSeconds;

  it("is free up to the free failures, then doubles from the first delay", () => {
    expect([0, 1, 5, 6, 7, 8, 9, 10].map((n) => sut(n, 5, POLICY))).toEqual([0, 0, 0, 1, 2, 4, 8, 16]);
    expect([3, 4, 5, 6].map((n) => sut(n, 3, { ...POLICY, firstDelaySeconds: 60 }))).toEqual([0, 60, 120, 240]);
  });

  it("takes a lower cap when given one", () => {
    expect(sut(20, 5, POLICY, 30)).toBe(30);
    expect(sut(8, 5, POLICY, 30)).toBe(4);
  });

  it("never exceeds the cap, however many failures", () => {
    expect(sut(15, 5, POLICY)).toBe(512);
    expect(sut(16, 5, POLICY)).toBe(900);
    expect(sut(1_000_000, 5, POLICY)).toBe(900);
    expect(sut(8, 3, { ...POLICY, firstDelaySeconds: 60 })).toBe(900);
  });
});

describe("signInWait", () => {
  const sut = signInWait;

  it("lets the first attempts through and the owner's typos cost nothing", () => {
    expect(sut(POLICY, history({}), NOW)).toEqual({ waitSeconds: 0 });
    const typos = failures(5, 0);
    expect(sut(POLICY, history({ pair: typos, address: typos, user: typos }), NOW)).toEqual({ waitSeconds: 0 });
  });

  it("makes a guesser at one address wait longer after each further failure, counted from the latest", () => {
    const waits = [6, 7, 8, 9].map((n) => {
      const f = failures(n, 0);
      return sut(POLICY, history({ pair: f, address: f, user: f }), NOW);
    });
    expect(waits).toEqual([
      { waitSeconds: 1, reason: "pair" },
      { waitSeconds: 2, reason: "pair" },
      { waitSeconds: 4, reason: "pair" },
      { waitSeconds: 8, reason: "pair" },
    ]);
    const f = failures(9, 3);
    expect(sut(POLICY, history({ pair: f, address: f, user: f }), NOW)).toEqual({ waitSeconds: 5, reason: "pair" });
    const past = failures(9, 8);
    expect(sut(POLICY, history({ pair: past, address: past, user: past }), NOW)).toEqual({ waitSeconds: 0 });
  });

  it("does not slow a fresh address while the username's failures are within their free ones", () => {
    expect(sut(POLICY, history({ user: failures(20, 0) }), NOW)).toEqual({ waitSeconds: 0 });
  });

  it("slows every address not known for a username past its free failures, fresh ones too (a botnet, an IPv6 /48)", () => {
    expect(sut(POLICY, history({ user: failures(21, 0) }), NOW)).toEqual({ waitSeconds: 1, reason: "user" });
    expect(sut(POLICY, history({ user: failures(10_000, 0) }), NOW)).toEqual({ waitSeconds: 900, reason: "user" });
  });

  it("never slows the owner at a known address, however hard the username is attacked", () => {
    const h = history({ user: failures(10_000, 0), address: failures(10_000, 0), knownAddress: true });
    expect(sut(POLICY, h, NOW)).toEqual({ waitSeconds: 0 });
  });

  it("adds nothing to the per-username wait for the owner's one typo at a new address", () => {
    const attacked = failures(24, 0);
    const clean = sut(POLICY, history({ user: attacked }), NOW);
    const typo = sut(POLICY, history({ pair: failures(1, 0), address: failures(1, 0), user: attacked }), NOW);
    expect(typo).toEqual(clean);
    expect(typo).toEqual({ waitSeconds: 8, reason: "user" });
  });

  it("slows every address that failed for a username guessed from many addresses", () => {
    const spread = failures(30, 0);
    expect(sut(POLICY, history({ pair: failures(1, 0), address: failures(1, 0), user: spread }), NOW)).toEqual({
      waitSeconds: 512,
      reason: "user",
    });
    expect(sut(POLICY, history({ pair: failures(1, 0), address: failures(1, 0), user: failures(40) }), NOW)).toEqual({
      waitSeconds: 900,
      reason: "user",
    });
  });

  it("does not slow an address the username signed in from before for others' failures", () => {
    const h = history({ pair: failures(1, 0), address: failures(500, 0), user: failures(40, 0), knownAddress: true });
    expect(sut(POLICY, h, NOW)).toEqual({ waitSeconds: 0 });
  });

  it("still slows a known address that keeps failing for the username itself", () => {
    const h = history({ pair: failures(8, 0), address: failures(8, 0), user: failures(8, 0), knownAddress: true });
    expect(sut(POLICY, h, NOW)).toEqual({ waitSeconds: 4, reason: "pair" });
  });

  it("caps the wait at a known address low, so a guesser sharing the owner's NAT cannot hold the owner there", () => {
    expect(KNOWN_ADDRESS_MAX_DELAY_SECONDS).toBe(30);
    const guessed = failures(1_000, 0);
    const known = history({ pair: guessed, address: guessed, user: guessed, knownAddress: true });
    expect(sut(POLICY, known, NOW)).toEqual({ waitSeconds: 30, reason: "pair" });
    expect(sut({ ...POLICY, maxDelaySeconds: 10 }, known, NOW)).toEqual({ waitSeconds: 10, reason: "pair" });
    // The same pair count at an address that is not known waits the full cap.
    expect(sut(POLICY, history({ pair: guessed }), NOW)).toEqual({ waitSeconds: 900, reason: "pair" });
  });

  it("slows one address trying many usernames only past the address's many free failures (a NAT)", () => {
    expect(sut(POLICY, history({ address: failures(100, 0) }), NOW)).toEqual({ waitSeconds: 0 });
    expect(sut(POLICY, history({ address: failures(103, 0) }), NOW)).toEqual({ waitSeconds: 4, reason: "address" });
  });

  it("slows an IPv6 site trying many usernames from many /64s by its /48, but not a known address there", () => {
    const site = failures(103, 0);
    expect(sut(POLICY, history({ address: failures(1, 0), network: site }), NOW)).toEqual({
      waitSeconds: 4,
      reason: "network",
    });
    expect(sut(POLICY, history({ network: site, knownAddress: true }), NOW)).toEqual({ waitSeconds: 0 });
    expect(sut(POLICY, history({ network: failures(100, 0) }), NOW)).toEqual({ waitSeconds: 0 });
  });

  it("answers the longest of the waits that apply", () => {
    const h = history({ pair: failures(7, 0), address: failures(104, 0), user: failures(22, 0) });
    expect(sut(POLICY, h, NOW)).toEqual({ waitSeconds: 8, reason: "address" });
  });
});

describe("usernameKey", () => {
  it("folds case and full width, and trims", () => {
    expect(["OFFA", "offa", " Offa ", "ＯＦＦＡ"].map(usernameKey)).toEqual(["offa", "offa", "offa", "offa"]);
  });
});
