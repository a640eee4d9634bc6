/** The pure pieces of intake: API keys' format, hash and prefix; a draft's missing fields, merging, and decision. */
import { describe, expect, it } from "vitest";
import { apiKeyHash, apiKeyPrefix, isApiKey, looksLikeApiKey, newApiKey } from "../../shared/api-keys.js";
import { decisionOf, mergeIntake, missingFields } from "../../shared/intake.js";
import { checkMachineScope, docNoOfPath } from "../../services/gateway/machine.js";
import type { SessionUser } from "../../lib/auth.js";

describe("API keys", () => {
  it("are zfgs_ and 32 random bytes in base64url", () => {
    const key = newApiKey(Buffer.alloc(32, 0xff));
    expect(key).toBe(`zfgs_${"_".repeat(42)}8`);
    expect(isApiKey(key)).toBe(true);
    const random = newApiKey();
    expect(random).toMatch(/^zfgs_[A-Za-z0-9_-]{43}$/);
    expect(random).not.toBe(newApiKey());
    expect(() => newApiKey(Buffer.alloc(16))).toThrow();
  });

  it("are told from users' tokens by their mark, and checked for their shape", () => {
    expect(looksLikeApiKey("zfgs_x")).toBe(true);
    expect(looksLikeApiKey("v1.abc.def")).toBe(false);
    expect(isApiKey("zfgs_x")).toBe(false);
    expect(isApiKey(`zfgs_${"A".repeat(43)}=`)).toBe(false);
    expect(isApiKey(`zfgs_${"A".repeat(42)}+`)).toBe(false);
  });

  it("are kept as a SHA-256 and shown by a short prefix", () => {
    const key = `zfgs_${"A".repeat(43)}`;
    expect(apiKeyHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyHash(key)).toBe(apiKeyHash(key));
    expect(apiKeyHash(key)).not.toBe(apiKeyHash(`zfgs_${"B".repeat(43)}`));
    expect(apiKeyPrefix(key)).toBe("zfgs_AAAAAA");
  });
});

describe("a draft's missing fields", () => {
  it("are the decision's own, in the form's order, when nothing is known", () => {
    expect(missingFields({})).toEqual(["caseId", "kind", "decidedOn", "conclusion", "basis"]);
    expect(missingFields({ conclusion: "  " })).toContain("conclusion");
  });

  it("follow the kind: a 行政处罚's penalty (its amount when it fines), a 行政许可's licence", () => {
    const base = {
      caseId: "c",
      decidedOn: "2026-11-02",
      conclusion: "结论",
      basis: "依据",
    };
    expect(missingFields({ ...base, kind: "行政处罚" })).toEqual(["penalty"]);
    expect(missingFields({ ...base, kind: "行政处罚", penalty: { categories: ["罚款"] } })).toEqual([
      "penalty.content",
      "penalty.fineAmount",
    ]);
    expect(missingFields({ ...base, kind: "行政处罚", penalty: { categories: ["警告"], content: "警告" } })).toEqual(
      [],
    );
    expect(
      missingFields({ ...base, kind: "行政处罚", penalty: { categories: ["罚款"], content: "罚款", fineAmount: 0 } }),
    ).toEqual([]);
    expect(missingFields({ ...base, kind: "行政许可" })).toEqual(["licence"]);
    expect(missingFields({ ...base, kind: "行政许可", licence: {} })).toEqual([]);
    expect(missingFields({ ...base, kind: "行政检查" })).toEqual([]);
  });
});

describe("merging a push or an edit", () => {
  it("replaces the fields given, removes those set to null, ignores unknown ones", () => {
    const stored = { basis: "旧", conclusion: "结论", penalty: { categories: ["罚款" as const], fineAmount: 1 } };
    expect(mergeIntake(stored, { basis: "新", penalty: { content: "罚款" }, other: 1 })).toEqual({
      basis: "新",
      conclusion: "结论",
      penalty: { content: "罚款" },
    });
    expect(mergeIntake(stored, { conclusion: null })).toEqual({ basis: "旧", penalty: stored.penalty });
    expect(stored.conclusion).toBe("结论");
  });
});

describe("the decision a draft becomes", () => {
  it("carries the decision's fields only, the case as its id and the 文书号", () => {
    expect(
      decisionOf(
        { caseId: "c1", kind: "行政处罚", basis: "依据", party: { name: "某" }, powerCode: "X", title: "案" },
        "罚〔2026〕1号",
      ),
    ).toEqual({ id: "c1", kind: "行政处罚", decisionNo: "罚〔2026〕1号", basis: "依据" });
  });
});

describe("an API key's reach at the gateway", () => {
  const key: SessionUser = { id: "k", username: "办案系统", role: "intake", bodyId: "b", officerId: null };
  const officer: SessionUser = { ...key, role: "officer" };

  it("is the routes that name its role, and no other (public ones included)", () => {
    expect(() => checkMachineScope(key, ["intake"])).not.toThrow();
    for (const roles of [undefined, ["admin"], ["admin", "officer", "reviewer"]] as const) {
      expect(() => checkMachineScope(key, roles)).toThrow(
        expect.objectContaining({ code: 403, type: "API_KEY_SCOPE" }),
      );
    }
  });

  it("leaves users and the anonymous to the roles check", () => {
    expect(() => checkMachineScope(officer, ["admin"])).not.toThrow();
    expect(() => checkMachineScope(undefined, undefined)).not.toThrow();
  });

  it("names the 文书号 of an intake path, decoded, for the audit", () => {
    expect(docNoOfPath(`/api/intake/decisions/${encodeURIComponent("罚〔2026〕1号")}?x=1`)).toBe("罚〔2026〕1号");
    expect(docNoOfPath("/api/intake/decisions/%E0%A4%A")).toBeUndefined();
    expect(docNoOfPath("/api/cases")).toBeUndefined();
    expect(docNoOfPath(undefined)).toBeUndefined();
  });
});
