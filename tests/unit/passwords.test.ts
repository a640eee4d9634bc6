import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "../../shared/passwords.js";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

describe("hashPassword / verifyPassword", () => {
  it("verifies the password a hash was made from", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  });

  it("rejects a wrong password, including near misses", async () => {
    const stored = await hashPassword("Secret-123");
    for (const wrong of ["secret-123", "Secret-1234", "Secret-12", "", " Secret-123"]) {
      expect(await verifyPassword(wrong, stored), wrong).toBe(false);
    }
  });

  it("stores a self-describing scrypt record with a 16-byte salt and 32-byte key", async () => {
    // A space never occurs in base64, so the check below cannot match the salt or key by chance
    // (a two-letter password did, now and then).
    const stored = await hashPassword("p w");
    const parts = stored.split("$");
    expect(parts.slice(0, 4)).toEqual(["scrypt", "32768", "8", "1"]);
    expect(Buffer.from(parts[4] as string, "base64")).toHaveLength(16);
    expect(Buffer.from(parts[5] as string, "base64")).toHaveLength(32);
    expect(stored).not.toContain("p w");
  });

  it("salts: two hashes of the same password differ and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword("same", a)).toBe(true);
    expect(await verifyPassword("same", b)).toBe(true);
  });

  it("treats NFC and NFD forms of a password as the same password", async () => {
    const nfc = "caf\u00e9-密码";
    const nfd = "cafe\u0301-密码";
    expect(nfc).not.toBe(nfd);
    const fromNfd = await hashPassword(nfd);
    expect(await verifyPassword(nfc, fromNfd)).toBe(true);
    const fromNfc = await hashPassword(nfc);
    expect(await verifyPassword(nfd, fromNfc)).toBe(true);
    expect(await verifyPassword("cafe-密码", fromNfc)).toBe(false);
  });

  it("verifies against the parameters stored with the hash, not the current defaults", async () => {
    const stored = await hashPassword("pw");
    const [, , , , salt] = stored.split("$");
    // A hash with cheaper, older parameters still verifies; a tampered key does not.
    const { scryptSync } = await import("node:crypto");
    const key = scryptSync("pw", Buffer.from(salt as string, "base64"), 32, { N: 1024, r: 8, p: 1 });
    const old = ["scrypt", 1024, 8, 1, salt, key.toString("base64")].join("$");
    expect(await verifyPassword("pw", old)).toBe(true);
    expect(await verifyPassword("other", old)).toBe(false);
    key[0] = (key[0] as number) ^ 1;
    expect(await verifyPassword("pw", ["scrypt", 1024, 8, 1, salt, key.toString("base64")].join("$"))).toBe(false);
  });

  it.each([
    "",
    "plain-text-password",
    "scrypt",
    "scrypt$32768$8$1",
    "scrypt$32768$8$1$c2FsdA==",
    "scrypt$32768$8$1$$aGFzaA==",
    "scrypt$32768$8$1$c2FsdA==$",
    "bcrypt$32768$8$1$c2FsdA==$aGFzaA==",
    "$2b$10$abcdefghijklmnopqrstuv",
  ])("returns false for the malformed stored value %j", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("returns false when the stored key has the wrong length for the derived one", async () => {
    // A space never occurs in base64, so the check below cannot match the salt or key by chance
    // (a two-letter password did, now and then).
    const stored = await hashPassword("p w");
    const parts = stored.split("$");
    parts[5] = Buffer.from(parts[5] as string, "base64")
      .subarray(0, 16)
      .toString("base64");
    expect(await verifyPassword("other", parts.join("$"))).toBe(false);
  });
});

describe("generatePassword", () => {
  const sut = generatePassword;

  it("is 20 characters of its readable alphabet", () => {
    for (let i = 0; i < 50; i++) {
      const pw = sut();
      expect(pw).toHaveLength(20);
      for (const c of pw) expect(ALPHABET, pw).toContain(c);
    }
  });

  it("never uses the ambiguous characters 0 O 1 l I", () => {
    const all = Array.from({ length: 300 }, sut).join("");
    expect(all).not.toMatch(/[0O1lI]/);
  });

  it("draws from the whole alphabet and differs between calls", () => {
    const samples = Array.from({ length: 300 }, sut);
    expect(new Set(samples).size).toBe(samples.length);
    expect(new Set(samples.join("")).size).toBe(ALPHABET.length);
  });
});
