/**
 * Evidence files (证明材料) of correction requests: read from the portal's stream, checked by
 * their content (shared/evidence.ts), kept in object storage under feedback/<feedbackId>/, and
 * handed to the answering body's staff only. No public output ever names them.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { SessionUser } from "../../../lib/auth.js";
import { fieldProblem, InvalidInputError, NotFoundError } from "../../../lib/errors.js";
import type { Storage } from "../../../lib/storage.js";
import {
  EVIDENCE_TYPES,
  evidenceFileName,
  evidenceProblems,
  evidenceTypeOf,
  type EvidenceType,
} from "../../../shared/evidence.js";
import type { EvidenceFileParams, EvidencePart, SubmitParams } from "../contract.js";
import type { EvidenceFile } from "../entities.js";
import { loadOwn, type FeedbackDeps } from "./records.js";

/** One file as the sender sent it. */
export interface EvidenceUpload {
  name: string;
  bytes: Buffer;
}

/** A file that passed the checks, ready to be stored. */
export interface CheckedEvidence {
  name: string;
  type: EvidenceType;
  bytes: Buffer;
  sha256: string;
}

function incomplete(): InvalidInputError {
  return fieldProblem("evidenceFiles", "EVIDENCE_INCOMPLETE", "the stream does not hold the announced files");
}

/**
 * The files of the call's stream, cut by the sizes its parts announce; a stream longer or shorter
 * than announced is 422 (and is not read past the announced length).
 */
export async function readEvidence(stream: Readable | undefined, parts: EvidencePart[]): Promise<EvidenceUpload[]> {
  const expected = parts.reduce((sum, p) => sum + p.size, 0);
  const chunks: Buffer[] = [];
  let size = 0;
  if (stream) {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > expected) {
        stream.destroy();
        throw incomplete();
      }
      chunks.push(chunk as Buffer);
    }
  }
  if (size !== expected) throw incomplete();
  const all = Buffer.concat(chunks);
  let at = 0;
  return parts.map((p) => {
    const bytes = all.subarray(at, at + p.size);
    at += p.size;
    return { name: p.name, bytes };
  });
}

/**
 * The files as they will be kept, or 422 with every problem: files go only with a correction
 * request on a notice; at most three, each a PDF, JPEG or PNG by its content, not empty, at most 5 MB.
 */
export function checkedEvidence(p: SubmitParams, uploads: readonly EvidenceUpload[]): CheckedEvidence[] {
  if (!uploads.length) return [];
  if (p.category !== "correction" || p.targetType !== "notice") {
    throw fieldProblem(
      "evidenceFiles",
      "CORRECTION_NOT_FOR_NOTICE",
      "evidence files go with a correction request on a notice",
    );
  }
  const problems = evidenceProblems(uploads.map((u) => ({ bytes: u.bytes })));
  if (problems.length) throw new InvalidInputError(problems);
  return uploads.map((u) => ({
    name: evidenceFileName(u.name),
    type: evidenceTypeOf(u.bytes) as EvidenceType,
    bytes: u.bytes,
    sha256: createHash("sha256").update(u.bytes).digest("hex"),
  }));
}

/** Stores the files under the item's prefix; if one fails, those already stored are removed. */
export async function storeEvidence(
  storage: Storage,
  feedbackId: string,
  files: readonly CheckedEvidence[],
): Promise<EvidenceFile[]> {
  const stored: EvidenceFile[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const key = `feedback/${feedbackId}/${i + 1}.${EVIDENCE_TYPES[f.type].extension}`;
      await storage.client.putObject(storage.bucket, key, f.bytes, f.bytes.length, { "Content-Type": f.type });
      stored.push({ key, name: f.name, type: f.type, size: f.bytes.length, sha256: f.sha256 });
    }
    return stored;
  } catch (err) {
    await removeEvidence(storage, stored);
    throw err;
  }
}

/** Removes stored files (an item that was not written after all); a failure leaves an orphan, not an error. */
export async function removeEvidence(storage: Storage, files: readonly EvidenceFile[]): Promise<void> {
  await Promise.all(files.map((f) => storage.client.removeObject(storage.bucket, f.key).catch(() => {})));
}

/** One evidence file of an item the user's body answers (404 for anyone else, as the item is). */
export async function evidenceFile(
  deps: FeedbackDeps,
  user: SessionUser,
  p: EvidenceFileParams,
): Promise<{ stream: Readable; file: EvidenceFile }> {
  const f = await loadOwn(deps.em(), user, p.id);
  const file = f.evidenceFiles[p.n - 1];
  if (!file) throw new NotFoundError("Evidence file", `${p.id}/${p.n}`);
  const stream = await deps.storage.client.getObject(deps.storage.bucket, file.key);
  return { stream, file };
}
