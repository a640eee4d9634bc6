/**
 * The transparency log's contract (issue 18): what the public reads (checkpoint, verifier key,
 * tiles, proofs) and what other services ask of it (catchUp, the log record of an item).
 */
import { action } from "../../lib/contract.js";
import { arr, INT, json, media, obj, STR } from "../../lib/replies.js";

/** What a verifier needs to check an item's latest entry against a signed checkpoint, with nothing else from us. */
export interface LogRecord {
  /** The entry's position in the log. */
  index: number;
  /** The size of the tree the checkpoint and the proof are for. */
  treeSize: number;
  /** The entry's bytes (canonical JSON), base64. */
  entry: string;
  /** RFC 6962 audit path of the entry in the tree of `treeSize`, base64 hashes. */
  inclusionProof: string[];
  /** The signed checkpoint (C2SP signed note) of `treeSize`. */
  checkpoint: string;
}

/** What readiness and the operators see of a witness. */
export interface WitnessStatus {
  name: string;
  url: string;
  /** The largest checkpoint size it cosigned for us, as far as we know; null before the first. */
  cosignedSize: number | null;
  /** When it last cosigned (ISO time), null before the first. */
  cosignedAt: string | null;
  /** Failures since its last cosignature. */
  failures: number;
  lastError: string | null;
}

export interface ProofAnswer {
  hashes: string[];
}

/**
 * The entry kinds the log records: a notice's status events, a document's public states, a report's
 * publication, a random-inspection plan's public states (its commitment before the draw, the draw).
 */
export type EntryType =
  | "notice.published"
  | "notice.withdrawn"
  | "notice.corrected"
  | "notice.expired"
  | "document"
  | "report"
  | "inspection-plan";

/** One entry, as canonical JSON (RFC 8785) in the log. */
export interface LogEntry {
  type: EntryType;
  id: string;
  version: number;
  /** SHA-256 of the PDF when there is one, else of the canonical public view (hex). */
  sha256: string;
  bodyId: string;
  at: string;
  /** The source outbox's sequence number. */
  seq: number;
}

/** A query number: decimal digits, converted (a bad one answers 422 with the field). */
const COUNT = { type: "number", integer: true, min: 0, max: Number.MAX_SAFE_INTEGER, convert: true };

export const LOG_RECORD_RULE = obj({
  index: INT,
  treeSize: INT,
  entry: STR,
  inclusionProof: arr(STR),
  checkpoint: STR,
});

const PROOF = json(obj({ hashes: arr(STR) }));

export const tlog = {
  /** Logs what the outboxes hold beyond the cursors and signs a checkpoint; also runs on a timer. */
  catchUp: action<Record<string, never>, { appended: number }>("tlog.catchUp", {}),
  checkpoint: action<Record<string, never>, string>(
    "tlog.checkpoint",
    {},
    media("text/plain", "The latest checkpoint (C2SP tlog-checkpoint) as a signed note"),
  ),
  key: action<Record<string, never>, string>(
    "tlog.key",
    {},
    media("text/plain", "The log's verifier key in the signed-note name+hash+key form"),
  ),
  tile: action<{ path: string }, NodeJS.ReadableStream>(
    "tlog.tile",
    { path: { type: "string", min: 1, max: 100 } },
    media("application/octet-stream", "A tile or entry bundle per C2SP tlog-tiles"),
  ),
  inclusionProof: action<{ index: number; size: number }, ProofAnswer>(
    "tlog.inclusionProof",
    { index: COUNT, size: COUNT },
    PROOF,
  ),
  consistencyProof: action<{ old: number; new: number }, ProofAnswer>(
    "tlog.consistencyProof",
    { old: COUNT, new: COUNT },
    PROOF,
  ),
  /** For readiness: how each configured witness stands (tlog-witness pushes). */
  witnesses: action<Record<string, never>, WitnessStatus[]>("tlog.witnesses", {}),
  /** For the notices service: the latest entry of an item with its proof; null while not yet logged. */
  recordOf: action<{ id: string }, LogRecord | null>("tlog.recordOf", { id: { type: "string", min: 1, max: 100 } }),
};
