/** C2SP tlog-checkpoint: the note text of a tree head (origin, size, base64 root), signed as a note. */
import { NoteError } from "./note.js";
import { HASH_SIZE, type Hash } from "./merkle.js";

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
}

export function checkpointText(c: Checkpoint): string {
  if (!c.origin || /\n/.test(c.origin)) throw new NoteError("an origin is one non-empty line");
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString("base64")}\n`;
}

/** Reads a checkpoint's note text (already verified); extension lines are ignored. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length < 4 || lines.at(-1) !== "") throw new NoteError("a checkpoint has three lines");
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!origin) throw new NoteError("a checkpoint names its origin");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError("a checkpoint's size is a decimal number without leading zeroes");
  }
  const root = Buffer.from(rootText, "base64");
  if (root.length !== HASH_SIZE || root.toString("base64") !== rootText) {
    throw new NoteError("a checkpoint's root is a base64 SHA-256 hash");
  }
  return { origin, size: Number(sizeText), root };
}
