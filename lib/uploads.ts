/**
 * A file sent as the raw request body (a stream alias of the gateway), read whole up to a limit:
 * a longer one is refused (422 ATTACHMENT_TOO_LARGE) without being kept whole, an empty one is
 * 422 ATTACHMENT_EMPTY.
 */
import type { Readable } from "node:stream";
import busboy from "busboy";
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

/**
 * An uploaded file: the raw request body, or the first file of a multipart/form-data body (its
 * Content-Type as the gateway passes it, `ctx.meta.uploadType`), read whole up to `maxBytes`.
 */
export async function readUploadedFile(
  stream: Readable | undefined,
  contentType: string | undefined,
  maxBytes: number,
): Promise<{ bytes: Buffer; filename?: string }> {
  if (!stream || !contentType || !/^multipart\/form-data/i.test(contentType)) {
    return { bytes: await readUpload(stream, maxBytes) };
  }
  const form = busboy({
    headers: { "content-type": contentType },
    defParamCharset: "utf8",
    limits: { files: 1, fileSize: maxBytes },
  });
  const file = new Promise<{ bytes: Buffer; filename?: string } | undefined>((resolve, reject) => {
    let found: Promise<{ bytes: Buffer; filename?: string }> | undefined;
    form.on("file", (_name, part, info) => {
      found ??= (async () => {
        let truncated = false;
        part.on("limit", () => (truncated = true));
        const bytes = await readUpload(part, maxBytes + 1).catch((err: unknown) => {
          if ((err as { type?: string }).type === "ATTACHMENT_EMPTY") return Buffer.alloc(0);
          throw err;
        });
        if (truncated || bytes.length > maxBytes) throw tooLarge(maxBytes);
        return { bytes, ...(info.filename ? { filename: info.filename } : {}) };
      })();
      found.catch(() => part.resume());
    });
    form.on("error", reject);
    form.on("close", () => (found ? found.then(resolve, reject) : resolve(undefined)));
  });
  stream.pipe(form);
  const got = await file;
  if (!got || got.bytes.length === 0) {
    throw fieldProblem("body", "ATTACHMENT_EMPTY", "send the file as the request body");
  }
  return got;
}

function tooLarge(maxBytes: number) {
  const max = maxBytes / 1024 / 1024;
  return fieldProblem("body", "ATTACHMENT_TOO_LARGE", `a file is at most ${max} MB`, { max });
}
