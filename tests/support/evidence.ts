/**
 * Evidence files (证明材料) for the tests, and the notice page's feedback form posted as a browser
 * does with files chosen: multipart/form-data, no redirect followed.
 */
import { createHash } from "node:crypto";
import { rgbaPng } from "./png.js";

/** A small PDF, a JPEG and a PNG, each told by its first bytes. */
export const EVIDENCE = {
  pdf: Buffer.concat([Buffer.from("%PDF-1.7\n% 决定书扫描件\n"), Buffer.alloc(4000, 0x20), Buffer.from("%%EOF\n")]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF"), Buffer.alloc(900, 9)]),
  png: rgbaPng(8, 8, (x, y) => [x * 30, y * 30, 120, 255]),
};

export interface FormFile {
  name: string;
  bytes: Buffer;
  /** What the browser claims; the platform goes by the bytes. */
  type?: string;
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** POST /feedback as multipart/form-data with the fields and the files under `correctionFiles`. */
export function postFeedbackForm(
  baseUrl: string,
  fields: Record<string, string>,
  files: FormFile[],
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) {
    form.append("correctionFiles", new Blob([f.bytes], { type: f.type ?? "application/octet-stream" }), f.name);
  }
  return fetch(`${baseUrl}/feedback`, {
    method: "POST",
    headers: { origin: baseUrl, ...headers },
    body: form,
    redirect: "manual",
  });
}

/** The tracking code a 303 from POST /feedback leads to. */
export function trackingCodeOf(res: Response): string {
  const location = res.headers.get("location") ?? "";
  return decodeURIComponent(location.split("/").pop()?.split("?")[0] ?? "");
}
