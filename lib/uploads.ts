/**
 * A file sent as the raw request body (a stream alias of the gateway), read whole up to a limit:
 * a longer one is refused (422 ATTACHMENT_TOO_LARGE) without being kept whole, an empty one is
 * 422 ATTACHMENT_EMPTY.
 */
import type { Readable } from "node:stream";
import Busboy from "busboy";
import { fieldProblem } from "./errors.js";

export async function readUpload(stream: Readable | undefined, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (stream) {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        const max = maxBytes / 1024 / 1024;
        throw fieldProblem("body", "ATTACHMENT_TOO_LARGE", `a file is at most ${max} MB`, { max });
      }
      chunks.push(chunk as Buffer);
    }
  }
  if (size === 0) throw fieldProblem("body", "ATTACHMENT_EMPTY", "send the file as the request body");
  return Buffer.concat(chunks);
}

export interface UploadedFile {
  bytes: Buffer;
  /** The file's name as a multipart form part gave it (never a path: only what follows the last slash). */
  filename?: string;
}

/**
 * A file sent raw (any Content-Type: the bytes are the file) or as the first file part of a
 * multipart/form-data body (other fields ignored), read whole up to a limit (422 as readUpload).
 */
export async function readUploadedFile(
  stream: Readable | undefined,
  contentType: string | undefined,
  maxBytes: number,
): Promise<UploadedFile> {
  if (!stream || !/^multipart\/form-data\b/i.test(contentType ?? ""))
    return { bytes: await readUpload(stream, maxBytes) };
  return new Promise<UploadedFile>((resolve, reject) => {
    let found: Promise<UploadedFile> | undefined;
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({
        headers: { "content-type": contentType as string },
        // File names as browsers send them (UTF-8), not Latin-1.
        defParamCharset: "utf8",
        limits: { files: 1, fields: 50, parts: 60 },
      });
    } catch {
      reject(fieldProblem("body", "UPLOAD_FORM_INVALID", "the multipart form has no boundary"));
      return;
    }
    parser.on("file", (_field: string, file: Readable, info: { filename?: string }) => {
      if (found) {
        file.resume();
        return;
      }
      const filename = info.filename ? (info.filename.split(/[\\/]/).pop() as string).slice(0, 200) : undefined;
      found = readUpload(file, maxBytes).then((bytes) => ({ bytes, ...(filename ? { filename } : {}) }));
      found.catch(() => file.resume());
    });
    parser.on("error", () => {
      // A file part refused as too large ends the form early: its own refusal is the answer.
      if (found) found.then(resolve, reject);
      else reject(fieldProblem("body", "UPLOAD_FORM_INVALID", "the multipart form is malformed"));
    });
    parser.on("close", () => {
      if (found) found.then(resolve, reject);
      else reject(fieldProblem("body", "ATTACHMENT_EMPTY", "the form has no file"));
    });
    stream.on("error", () => reject(fieldProblem("body", "UPLOAD_FORM_INVALID", "the upload was cut off")));
    stream.pipe(parser);
  });
}
