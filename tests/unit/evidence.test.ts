/** Evidence files of a correction request (shared/evidence.ts): told by content, bounded, named safely. */
import { describe, expect, it } from "vitest";
import {
  EVIDENCE_MAX_BYTES,
  evidenceDisposition,
  evidenceFileName,
  evidenceProblems,
  evidenceTypeOf,
  fileSizeText,
} from "../../shared/evidence.js";
import { problemMessageOf } from "../../shared/messages.js";

const PDF = Buffer.from("%PDF-1.4\n%âãÏÓ\n");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);

describe("evidenceTypeOf", () => {
  it("tells a PDF, a JPEG and a PNG by their first bytes", () => {
    expect(evidenceTypeOf(PDF)).toBe("application/pdf");
    expect(evidenceTypeOf(JPEG)).toBe("image/jpeg");
    expect(evidenceTypeOf(PNG)).toBe("image/png");
  });

  it("refuses anything else, whatever it would be called", () => {
    for (const bytes of [
      Buffer.from("GIF89a"),
      Buffer.from("PK\x03\x04"), // a .docx
      Buffer.from("<html><script>"),
      Buffer.from("%PDF"), // cut short
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      Buffer.alloc(0),
    ]) {
      expect(evidenceTypeOf(bytes)).toBeNull();
    }
  });
});

describe("evidenceProblems", () => {
  it("passes up to three accepted files of at most 5 MB", () => {
    expect(evidenceProblems([{ bytes: PDF }, { bytes: JPEG }, { bytes: PNG }])).toEqual([]);
    expect(evidenceProblems([{ bytes: Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES - PDF.length)]) }])).toEqual(
      [],
    );
  });

  it("names each refused file by its place, never by its name, with a Chinese message", () => {
    const problems = evidenceProblems([
      { bytes: PDF },
      { bytes: Buffer.from("plain text") },
      { bytes: Buffer.alloc(0) },
    ]);
    expect(problems.map((p) => [p.field, p.type, p.n])).toEqual([
      ["evidenceFiles[1]", "EVIDENCE_TYPE", 2],
      ["evidenceFiles[2]", "EVIDENCE_EMPTY", 3],
    ]);
    expect(problemMessageOf(problems[0] as never)).toBe(
      "第 2 个文件不是 PDF、JPEG 或 PNG 文件（按文件内容判断，与扩展名无关）。",
    );
    const large = evidenceProblems([{ bytes: PDF, tooLarge: true }]);
    expect(large).toMatchObject([{ type: "EVIDENCE_TOO_LARGE", n: 1, max: 5 }]);
    expect(problemMessageOf(large[0] as never)).toBe("第 1 个证明材料文件超过 5 MB。");
  });

  it("refuses more than three files, or files beyond those a form could keep", () => {
    const four = evidenceProblems(Array.from({ length: 4 }, () => ({ bytes: PNG })));
    expect(four).toMatchObject([{ field: "evidenceFiles", type: "EVIDENCE_TOO_MANY", max: 3 }]);
    expect(problemMessageOf(four[0] as never)).toBe("证明材料最多上传 3 个文件。");
    expect(evidenceProblems([{ bytes: PNG }], true)).toMatchObject([{ type: "EVIDENCE_TOO_MANY" }]);
  });
});

describe("names and downloads", () => {
  it("keeps a file's last path segment without characters a header or a file system would choke on", () => {
    expect(evidenceFileName("C:\\Users\\张三\\决定书.pdf")).toBe("决定书.pdf");
    expect(evidenceFileName('../../etc/pa"ss\r\nwd.png')).toBe("passwd.png");
    expect(evidenceFileName("  ")).toBe("证明材料");
    expect(Array.from(evidenceFileName(`${"长".repeat(150)}.pdf`))).toHaveLength(100);
  });

  it("offers a download as an attachment with an ASCII name and the kept one in UTF-8", () => {
    expect(evidenceDisposition("决定书 (1).pdf", 2, "application/pdf")).toBe(
      "attachment; filename=\"evidence-2.pdf\"; filename*=UTF-8''%E5%86%B3%E5%AE%9A%E4%B9%A6%20%281%29.pdf",
    );
  });

  it("says a size as people read it", () => {
    expect(fileSizeText(300)).toBe("1 KB");
    expect(fileSizeText(35 * 1024)).toBe("35 KB");
    expect(fileSizeText(1.25 * 1024 * 1024)).toBe("1.3 MB");
  });
});
