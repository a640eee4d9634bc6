import { describe, expect, it } from "vitest";
import { RECEIPT_CHANNELS, RECEIPT_CHANNEL_LABELS, receiptDate, type ReceiptEvidence } from "../../shared/requests.js";

const today = "2025-10-10";

function refusal(evidence: ReceiptEvidence) {
  try {
    receiptDate(evidence, today);
  } catch (err) {
    const e = err as { type: string; status: number; field?: string };
    return { type: e.type, status: e.status, field: e.field };
  }
  throw new Error("expected a refusal");
}

describe("the date of receipt (Art. 31)", () => {
  it("is the day handed in, in person", () => {
    expect(receiptDate({ channel: "in_person", handedInOn: "2025-09-15" }, today)).toBe("2025-09-15");
  });

  it("is the day signed for, by post — not the day posted", () => {
    expect(receiptDate({ channel: "post", signedForOn: "2025-09-18" }, today)).toBe("2025-09-18");
  });

  it("is the day confirmed with the applicant, for an ordinary letter", () => {
    expect(receiptDate({ channel: "letter", confirmedWithApplicantOn: "2025-09-22" }, today)).toBe("2025-09-22");
  });

  it("is the day the body confirms, online or by fax — not the day submitted", () => {
    for (const channel of ["online", "fax"] as const) {
      expect(receiptDate({ channel, submittedOn: "2025-09-12", confirmedOn: "2025-09-15" }, today)).toBe("2025-09-15");
    }
  });

  it("refuses a confirmation before the submission, a missing, impossible or future date (422)", () => {
    expect(refusal({ channel: "online", submittedOn: "2025-09-16", confirmedOn: "2025-09-15" })).toEqual({
      type: "CONFIRMED_BEFORE_SUBMISSION",
      status: 422,
      field: "confirmedOn",
    });
    expect(refusal({ channel: "post" } as ReceiptEvidence)).toEqual({
      type: "NOT_A_DATE",
      status: 422,
      field: "signedForOn",
    });
    expect(refusal({ channel: "in_person", handedInOn: "2025-02-29" })).toMatchObject({ type: "NOT_A_DATE" });
    expect(refusal({ channel: "letter", confirmedWithApplicantOn: "2025-10-11" })).toEqual({
      type: "DATE_IN_FUTURE",
      status: 422,
      field: "confirmedWithApplicantOn",
    });
  });

  it("labels every channel in Chinese", () => {
    for (const c of RECEIPT_CHANNELS) expect(RECEIPT_CHANNEL_LABELS[c]).toMatch(/[\u4e00-\u9fff]/);
  });
});
