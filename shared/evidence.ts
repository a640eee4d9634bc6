/**
 * Evidence files (证明材料) a citizen attaches to a correction request about a notice: a PDF, a
 * JPEG or a PNG, told by its first bytes (its magic number), never by its name or the type the
 * browser claims; at most EVIDENCE_MAX_FILES files of at most EVIDENCE_MAX_BYTES each. One check
 * for the portal's form (before it sends anything) and the feedback service (which keeps them).
 */

export const EVIDENCE_MAX_FILES = 3;
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

/** The accepted types, each with its extension and the label people read. */
export const EVIDENCE_TYPES = {
  "application/pdf": { extension: "pdf", label: "PDF" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/png": { extension: "png", label: "PNG" },
} as const;
export type EvidenceType = keyof typeof EVIDENCE_TYPES;

const MAGIC: readonly [EvidenceType, readonly number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The type a file's first bytes say it is, or null when it is none of the accepted ones. */
export function evidenceTypeOf(bytes: Uint8Array): EvidenceType | null {
  for (const [type, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/**
 * A file's name as kept and offered back for download: its last path segment, without control
 * characters, quotes or backslashes, at most 100 characters; "证明材料" when nothing is left.
 */
export function evidenceFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim();
  return Array.from(clean).slice(-100).join("") || "证明材料";
}

/** One file as received: its bytes (up to the limit) and whether it was longer than that. */
export interface ReceivedFile {
  bytes: Uint8Array;
  /** More bytes came than EVIDENCE_MAX_BYTES (the reader stopped keeping them). */
  tooLarge?: boolean;
}

/** A problem with the evidence, as the feedback service raises it (field `evidenceFiles[i]`). */
export interface EvidenceProblem {
  field: string;
  type: "EVIDENCE_TOO_MANY" | "EVIDENCE_EMPTY" | "EVIDENCE_TOO_LARGE" | "EVIDENCE_TYPE";
  message: string;
  /** The file's place in the form, from 1 (never its name: a name may be personal data). */
  n?: number;
  max?: number;
}

/** Every problem with the files (none: they may be kept); `more` is true when files beyond the limit came. */
export function evidenceProblems(files: readonly ReceivedFile[], more = false): EvidenceProblem[] {
  if (files.length > EVIDENCE_MAX_FILES || more) {
    return [
      {
        field: "evidenceFiles",
        type: "EVIDENCE_TOO_MANY",
        message: `at most ${EVIDENCE_MAX_FILES} evidence files`,
        max: EVIDENCE_MAX_FILES,
      },
    ];
  }
  const problems: EvidenceProblem[] = [];
  files.forEach((f, i) => {
    const at = { field: `evidenceFiles[${i}]`, n: i + 1 };
    if (f.tooLarge || f.bytes.length > EVIDENCE_MAX_BYTES) {
      const max = EVIDENCE_MAX_BYTES / 1024 / 1024;
      problems.push({ ...at, type: "EVIDENCE_TOO_LARGE", message: `an evidence file is at most ${max} MB`, max });
    } else if (f.bytes.length === 0) {
      problems.push({ ...at, type: "EVIDENCE_EMPTY", message: "the evidence file is empty" });
    } else if (!evidenceTypeOf(f.bytes)) {
      problems.push({
        ...at,
        type: "EVIDENCE_TYPE",
        message: "an evidence file is a PDF, JPEG or PNG (by its content)",
      });
    }
  });
  return problems;
}

/**
 * The Content-Disposition of a file's download: an attachment (never shown inline), an ASCII name
 * for old clients (`evidence-<n>.<ext>`) and the kept name in UTF-8 (RFC 6266 / RFC 5987).
 */
export function evidenceDisposition(name: string, n: number, type: EvidenceType): string {
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="evidence-${n}.${EVIDENCE_TYPES[type].extension}"; filename*=UTF-8''${encoded}`;
}

/** "1.2 MB", "35 KB": a file's size as people read it. */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
