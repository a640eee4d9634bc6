import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CASE_STATES,
  checkDecision,
  checkMove,
  isOpen,
  type CaseState,
  type MoveCheck,
  type ReviewState,
} from "../../shared/case-workflow.js";

// ---------------------------------------------------------------------------------------------
// The expected transition table, written out by hand (not derived from the module).
//
//   ok   : the move is legal
//   RB   : review → investigating, legal only after the latest review rejected (REVIEW_PENDING otherwise)
//   UD   : → decided, refused with USE_DECISION (decisions go through the decision endpoint)
//   FIN  : from a final state, refused with CASE_FINAL
//   ILL  : refused with ILLEGAL_TRANSITION

type Expected = "ok" | "RB" | "UD" | "FIN" | "ILL";

const EXPECTED: Record<CaseState, Record<CaseState, Expected>> = {
  registered: {
    registered: "ILL",
    investigating: "ok",
    notified: "ILL",
    review: "ILL",
    decided: "UD",
    served: "ILL",
    executed: "ILL",
    closed: "ILL",
    terminated: "ok",
  },
  investigating: {
    registered: "ILL",
    investigating: "ILL",
    notified: "ok",
    review: "ILL",
    decided: "UD",
    served: "ILL",
    executed: "ILL",
    closed: "ILL",
    terminated: "ok",
  },
  notified: {
    registered: "ILL",
    investigating: "ok",
    notified: "ILL",
    review: "ok",
    decided: "UD",
    served: "ILL",
    executed: "ILL",
    closed: "ILL",
    terminated: "ok",
  },
  review: {
    registered: "ILL",
    investigating: "RB",
    notified: "ILL",
    review: "ILL",
    decided: "UD",
    served: "ILL",
    executed: "ILL",
    closed: "ILL",
    terminated: "ok",
  },
  decided: {
    registered: "ILL",
    investigating: "ILL",
    notified: "ILL",
    review: "ILL",
    decided: "UD",
    served: "ok",
    executed: "ILL",
    closed: "ILL",
    terminated: "ok",
  },
  served: {
    registered: "ILL",
    investigating: "ILL",
    notified: "ILL",
    review: "ILL",
    decided: "UD",
    served: "ILL",
    executed: "ok",
    closed: "ok",
    terminated: "ok",
  },
  executed: {
    registered: "ILL",
    investigating: "ILL",
    notified: "ILL",
    review: "ILL",
    decided: "UD",
    served: "ILL",
    executed: "ILL",
    closed: "ok",
    terminated: "ok",
  },
  closed: {
    registered: "FIN",
    investigating: "FIN",
    notified: "FIN",
    review: "FIN",
    decided: "FIN",
    served: "FIN",
    executed: "FIN",
    closed: "FIN",
    terminated: "FIN",
  },
  terminated: {
    registered: "FIN",
    investigating: "FIN",
    notified: "FIN",
    review: "FIN",
    decided: "FIN",
    served: "FIN",
    executed: "FIN",
    closed: "FIN",
    terminated: "FIN",
  },
};

/** The moves the ILLEGAL_TRANSITION reason must list for each open state (terminated always allowed). */
const ALLOWED: Record<CaseState, CaseState[]> = {
  registered: ["investigating", "terminated"],
  investigating: ["notified", "terminated"],
  notified: ["review", "investigating", "terminated"],
  review: ["investigating", "terminated"],
  decided: ["served", "terminated"],
  served: ["executed", "closed", "terminated"],
  executed: ["closed", "terminated"],
  closed: [],
  terminated: [],
};

const REVIEWS: Record<string, ReviewState> = {
  "no review needed": { required: false },
  "review needed, none yet": { required: true },
  "latest review approved": { required: true, latest: { approve: true } },
  "latest review rejected": { required: true, latest: { approve: false } },
  "not required, but rejected": { required: false, latest: { approve: false } },
};

function expectedType(e: Expected, review: ReviewState): string | undefined {
  switch (e) {
    case "ok":
      return undefined;
    case "RB":
      return review.latest?.approve === false ? undefined : "REVIEW_PENDING";
    case "UD":
      return "USE_DECISION";
    case "FIN":
      return "CASE_FINAL";
    case "ILL":
      return "ILLEGAL_TRANSITION";
  }
}

function refusal(result: MoveCheck): { reason: string; type: string } {
  if (result.ok) throw new Error("expected a refusal, got ok");
  return result;
}

describe("CASE_STATES", () => {
  it("lists the nine states in the order of a case's life", () => {
    expect([...CASE_STATES]).toEqual([
      "registered",
      "investigating",
      "notified",
      "review",
      "decided",
      "served",
      "executed",
      "closed",
      "terminated",
    ]);
  });

  it("the expected table covers every pair", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATES].sort());
    for (const from of CASE_STATES) expect(Object.keys(EXPECTED[from]).sort()).toEqual([...CASE_STATES].sort());
  });
});

describe("checkMove", () => {
  const sut = checkMove;

  for (const [reviewName, review] of Object.entries(REVIEWS)) {
    describe(`with ${reviewName}`, () => {
      for (const from of CASE_STATES) {
        for (const to of CASE_STATES) {
          const type = expectedType(EXPECTED[from][to], review);
          it(`${from} → ${to}: ${type ?? "ok"}`, () => {
            const result = sut(from, to, review);
            if (type === undefined) {
              expect(result).toEqual({ ok: true });
            } else {
              expect(result.ok).toBe(false);
              const r = refusal(result);
              expect(r.type).toBe(type);
              expect(r.reason).toEqual(expect.any(String));
              expect(r.reason.length).toBeGreaterThan(0);
            }
          });
        }
      }
    });
  }

  it("names every allowed move (and only those) in an ILLEGAL_TRANSITION reason", () => {
    for (const from of CASE_STATES) {
      for (const to of CASE_STATES) {
        if (EXPECTED[from][to] !== "ILL") continue;
        const r = refusal(sut(from, to, { required: false }));
        expect(r.type).toBe("ILLEGAL_TRANSITION");
        const listed = r.reason.split("allowed:")[1];
        expect(listed, `${from} → ${to}: ${r.reason}`).toBeDefined();
        const moves = (listed as string)
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
        expect(moves.sort(), `${from} → ${to}`).toEqual([...ALLOWED[from]].sort());
        expect(r.reason).toContain(from);
        expect(r.reason).toContain(to);
      }
    }
  });

  it("names the final state in a CASE_FINAL reason", () => {
    expect(refusal(sut("closed", "investigating", { required: false })).reason).toContain("closed");
    expect(refusal(sut("terminated", "registered", { required: false })).reason).toContain("terminated");
  });

  it("points to the decision endpoint when asked to move to decided", () => {
    expect(refusal(sut("notified", "decided", { required: false })).reason).toContain("decision");
  });

  it("lets review return to investigating only after a rejecting latest review", () => {
    expect(sut("review", "investigating", { required: true, latest: { approve: false } })).toEqual({ ok: true });
    expect(refusal(sut("review", "investigating", { required: true })).type).toBe("REVIEW_PENDING");
    expect(refusal(sut("review", "investigating", { required: true, latest: { approve: true } })).type).toBe(
      "REVIEW_PENDING",
    );
  });

  it("does not mutate the review state", () => {
    const review = Object.freeze({ required: true, latest: Object.freeze({ approve: false }) });
    for (const from of CASE_STATES) for (const to of CASE_STATES) sut(from, to, review);
    expect(review).toEqual({ required: true, latest: { approve: false } });
  });
});

describe("checkDecision", () => {
  const sut = checkDecision;

  it("allows a decision from notified when no review is required", () => {
    expect(sut("notified", { required: false })).toEqual({ ok: true });
    expect(sut("notified", { required: false, latest: { approve: false } })).toEqual({ ok: true });
  });

  it("refuses a decision from notified with REVIEW_REQUIRED when the case needs a review", () => {
    for (const review of [
      { required: true },
      { required: true, latest: { approve: false } },
      { required: true, latest: { approve: true } },
    ]) {
      const r = refusal(sut("notified", review));
      expect(r.type).toBe("REVIEW_REQUIRED");
      expect(r.reason).toContain("法制审核");
    }
  });

  it("allows a decision from review only when the latest review approved", () => {
    expect(sut("review", { required: true, latest: { approve: true } })).toEqual({ ok: true });
    expect(sut("review", { required: false, latest: { approve: true } })).toEqual({ ok: true });
  });

  it("refuses a decision from review with REVIEW_NOT_APPROVED when rejected or not reviewed yet", () => {
    for (const review of [
      { required: true },
      { required: false },
      { required: true, latest: { approve: false } },
      { required: false, latest: { approve: false } },
    ]) {
      expect(refusal(sut("review", review)).type).toBe("REVIEW_NOT_APPROVED");
    }
  });

  for (const from of CASE_STATES.filter((s) => s !== "notified" && s !== "review")) {
    it(`refuses a decision from ${from} with ILLEGAL_TRANSITION whatever the review`, () => {
      for (const review of Object.values(REVIEWS)) {
        const r = refusal(sut(from, review));
        expect(r.type).toBe("ILLEGAL_TRANSITION");
        expect(r.reason).toContain(from);
      }
    });
  }
});

describe("isOpen", () => {
  const sut = isOpen;

  it("is false exactly for closed and terminated", () => {
    const open = CASE_STATES.filter((s) => sut(s));
    expect(open).toEqual(["registered", "investigating", "notified", "review", "decided", "served", "executed"]);
    expect(sut("closed")).toBe(false);
    expect(sut("terminated")).toBe(false);
  });
});

describe("docs/API.md", () => {
  it("lists the case states in CASE_STATES order", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/API.md"), "utf8");
    const section = doc.slice(doc.indexOf("### Case states, in order"));
    const listed = [...section.matchAll(/^\| \d+\s+\| `(\w+)`/gm)].map((m) => m[1]);
    expect(listed).toEqual([...CASE_STATES]);
  });
});
