/**
 * A file sent as the raw request body (a stream alias of the gateway), read whole up to a limit:
 * a longer one is refused (422 ATTACHMENT_TOO_LARGE) without being kept whole, an empty one is
 * 422 ATTACHMENT_EMPTY.
 */
import type { Readable } from "node:stream";
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
