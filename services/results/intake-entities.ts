/** Decision drafts pushed by bodies' case-handling systems (办案系统), and the pushes' rate-limit hits. */
import { EntitySchema } from "@mikro-orm/postgresql";
import { rateHitTable } from "../../lib/rate-limit.js";
import type { IntakeContent, IntakeState } from "../../shared/intake.js";

/** One draft per (body, 文书号): a re-push updates it until an officer moves it out of draft. */
export class IntakeDraft {
  id!: string;
  bodyId!: string;
  decisionNo!: string;
  content!: IntakeContent;
  status!: IntakeState;
  /** The decision (result) it became. */
  resultId!: string | null;
  /** The API key that last pushed it. */
  keyId!: string;
  pushes!: number;
  createdAt!: Date;
  updatedAt!: Date;
  submittedBy!: string | null;
  submittedAt!: Date | null;
}

export const IntakeDraftSchema = new EntitySchema<IntakeDraft>({
  class: IntakeDraft,
  tableName: "intake_drafts",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    decisionNo: { type: "string" },
    content: { type: "json" },
    status: { type: "string" },
    resultId: { type: "string", nullable: true },
    keyId: { type: "string" },
    pushes: { type: "integer" },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
    submittedBy: { type: "string", nullable: true },
    submittedAt: { type: "Date", nullable: true },
  },
});

/** Pushes per key (lib/rate-limit.ts), the key's id as the client key. */
export const INTAKE_HITS = rateHitTable();
