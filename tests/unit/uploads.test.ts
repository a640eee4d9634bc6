import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readUploadedFile } from "../../lib/uploads.js";

function multipart(boundary: string, parts: { name: string; filename?: string; body: string | Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.from(p.body));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe("an uploaded file", () => {
  it("is the raw body, or the file of a multipart body with its name", async () => {
    const raw = await readUploadedFile(Readable.from([Buffer.from("a,b\r\n1,2")]), "text/csv", 1000);
    expect(raw.bytes.toString()).toBe("a,b\r\n1,2");
    const body = multipart("XyZ", [
      { name: "note", body: "hello" },
      { name: "file", filename: "处罚.csv", body: "CF_WSH\r\n1" },
    ]);
    const got = await readUploadedFile(Readable.from([body]), "multipart/form-data; boundary=XyZ", 1000);
    expect(got.bytes.toString()).toBe("CF_WSH\r\n1");
    expect(got.filename).toBe("处罚.csv");
  });

  it("is refused when missing, empty or too large", async () => {
    const type = "multipart/form-data; boundary=XyZ";
    await expect(
      readUploadedFile(Readable.from([multipart("XyZ", [{ name: "a", body: "b" }])]), type, 100),
    ).rejects.toMatchObject({
      data: [{ type: "ATTACHMENT_EMPTY" }],
    });
    const big = multipart("XyZ", [{ name: "file", filename: "x.csv", body: "x".repeat(200) }]);
    await expect(readUploadedFile(Readable.from([big]), type, 100)).rejects.toMatchObject({
      data: [{ type: "ATTACHMENT_TOO_LARGE" }],
    });
    await expect(readUploadedFile(Readable.from([Buffer.alloc(0)]), "text/csv", 100)).rejects.toMatchObject({
      data: [{ type: "ATTACHMENT_EMPTY" }],
    });
  });
});
