import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueToken, tokenVersionOf, verifyToken, type TokenClaims } from "../../shared/tokens.js";

const SECRET = "s".repeat(32);
const OTHER_SECRET = "t".repeat(32);
const USER = "0190a4c2-1234-7abc-8def-0123456789ab";
const NOW = 1_700_000_000_000;

function b64(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

/** Signs an arbitrary payload segment the way the module does, to reach the checks after the signature. */
function signed(payload: string, secret = SECRET): string {
  return `v1.${payload}.${createHmac("sha256", secret).update(`v1.${payload}`).digest("base64url")}`;
}

function claimsOf(token: string): TokenClaims {
  return JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8")) as TokenClaims;
}

describe("issueToken", () => {
  const sut = issueToken;

  it("produces v1.<payload>.<signature> in base64url with sub, iat and exp in seconds and the version", () => {
    const token = sut(SECRET, USER, 3600, NOW + 999);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(claimsOf(token)).toEqual({ sub: USER, iat: NOW / 1000, exp: NOW / 1000 + 3600, ver: 0 });
    expect(claimsOf(sut(SECRET, USER, 3600, NOW, 7))).toMatchObject({ ver: 7 });
  });

  it("signs with the secret: different secrets give different signatures", () => {
    const a = sut(SECRET, USER, 60, NOW);
    const b = sut(OTHER_SECRET, USER, 60, NOW);
    expect(a.split(".")[1]).toBe(b.split(".")[1]);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });
});

describe("verifyToken", () => {
  const sut = verifyToken;

  it("accepts a token it issued and returns its claims", () => {
    const token = issueToken(SECRET, USER, 3600, NOW);
    expect(sut(SECRET, token, NOW)).toEqual({
      claims: { sub: USER, iat: NOW / 1000, exp: NOW / 1000 + 3600, ver: 0 },
    });
    expect(sut(SECRET, issueToken(SECRET, "someone-else", 60))).toMatchObject({ claims: { sub: "someone-else" } });
  });

  it("rejects a payload changed to name another user", () => {
    const token = issueToken(SECRET, USER, 3600, NOW);
    const [v, , sig] = token.split(".");
    const forged = `${v}.${b64({ ...claimsOf(token), sub: "admin" })}.${sig}`;
    expect(sut(SECRET, forged, NOW)).toEqual({ problem: "signature" });
  });

  it("rejects a payload changed to extend its expiry", () => {
    const token = issueToken(SECRET, USER, 60, NOW);
    const [v, , sig] = token.split(".");
    const forged = `${v}.${b64({ ...claimsOf(token), exp: claimsOf(token).exp + 10 ** 6 })}.${sig}`;
    expect(sut(SECRET, forged, NOW + 120_000)).toEqual({ problem: "signature" });
  });

  it("rejects any single changed character of the signature", () => {
    const token = issueToken(SECRET, USER, 3600, NOW);
    const [v, payload, sig] = token.split(".") as [string, string, string];
    for (let i = 0; i < sig.length; i++) {
      const c = sig[i] === "A" ? "B" : "A";
      const forged = `${v}.${payload}.${sig.slice(0, i)}${c}${sig.slice(i + 1)}`;
      expect(sut(SECRET, forged, NOW), `position ${i}`).toEqual({ problem: "signature" });
    }
  });

  it("rejects a truncated or extended signature", () => {
    const token = issueToken(SECRET, USER, 3600, NOW);
    expect(sut(SECRET, token.slice(0, -1), NOW)).toEqual({ problem: "signature" });
    expect(sut(SECRET, `${token}A`, NOW)).toEqual({ problem: "signature" });
  });

  it("rejects a token signed with another secret", () => {
    const token = issueToken(OTHER_SECRET, USER, 3600, NOW);
    expect(sut(SECRET, token, NOW)).toEqual({ problem: "signature" });
  });

  it("expires exactly at exp", () => {
    const token = issueToken(SECRET, USER, 60, NOW);
    expect(sut(SECRET, token, NOW + 59_999)).toHaveProperty("claims");
    expect(sut(SECRET, token, NOW + 60_000)).toEqual({ problem: "expired" });
    expect(sut(SECRET, token, NOW + 86_400_000)).toEqual({ problem: "expired" });
  });

  it("counts expiry from the issue time rounded down to the second", () => {
    const token = issueToken(SECRET, USER, 60, NOW + 900);
    expect(sut(SECRET, token, NOW + 60_000)).toEqual({ problem: "expired" });
  });

  it("checks the signature before the expiry", () => {
    const token = issueToken(OTHER_SECRET, USER, 60, NOW);
    expect(sut(SECRET, token, NOW + 120_000)).toEqual({ problem: "signature" });
  });

  it.each(["", "garbage", "v1", "v1.only-two", "v1..sig", "v1.payload.", "v1.a.b.c", "v2.a.b", "Bearer v1.a.b.c"])(
    "rejects %j as malformed",
    (token) => {
      expect(sut(SECRET, token, NOW)).toEqual({ problem: "malformed" });
    },
  );

  it("rejects a wrong version prefix even with an otherwise valid shape", () => {
    const token = issueToken(SECRET, USER, 60, NOW).replace(/^v1/, "v2");
    expect(sut(SECRET, token, NOW)).toEqual({ problem: "malformed" });
  });

  it("rejects a correctly signed payload that is not JSON", () => {
    expect(sut(SECRET, signed(b64("not json")), NOW)).toEqual({ problem: "malformed" });
  });

  it("rejects correctly signed JSON without the claims", () => {
    expect(sut(SECRET, signed(b64({ exp: NOW / 1000 + 60 })), NOW)).toEqual({ problem: "malformed" });
    expect(sut(SECRET, signed(b64({ sub: USER })), NOW)).toEqual({ problem: "malformed" });
    expect(sut(SECRET, signed(b64({ sub: 42, exp: NOW / 1000 + 60 })), NOW)).toEqual({ problem: "malformed" });
    expect(sut(SECRET, signed(b64({ sub: USER, exp: "never" })), NOW)).toEqual({ problem: "malformed" });
  });

  it("carries the token version, and reads a token from before versions as version 0", () => {
    const result = sut(SECRET, issueToken(SECRET, USER, 60, NOW, 3), NOW);
    expect("claims" in result && tokenVersionOf(result.claims)).toBe(3);
    const old = sut(SECRET, signed(b64({ sub: USER, iat: 1, exp: NOW / 1000 + 60 })), NOW);
    expect("claims" in old && tokenVersionOf(old.claims)).toBe(0);
  });

  it("rejects a correctly signed version that is not a whole number from 0", () => {
    for (const ver of [-1, 1.5, "2", null]) {
      expect(sut(SECRET, signed(b64({ sub: USER, exp: NOW / 1000 + 60, ver })), NOW), String(ver)).toEqual({
        problem: "malformed",
      });
    }
  });

  it("accepts a hand-signed payload with the claims (the helper signs as the module does)", () => {
    const result = sut(SECRET, signed(b64({ sub: USER, iat: 1, exp: NOW / 1000 + 60 })), NOW);
    expect(result).toEqual({ claims: { sub: USER, iat: 1, exp: NOW / 1000 + 60 } });
  });
});
