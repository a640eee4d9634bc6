import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { cleanFile, cleanFileName, type CleanedFile } from "../../shared/file-clean.js";
import { problemMessageOf } from "../../shared/messages.js";
import {
  cleanJpegParts,
  dirtyDocx,
  dirtyJpeg,
  dirtyPdf,
  dirtyPng,
  DOCX_BODY_TEXT,
  SECRET_ASCII,
  SECRET_AUTHOR,
} from "../support/dirty-files.js";
import { rgbaPng } from "../support/png.js";

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, "utf8"));

async function cleaned(bytes: Uint8Array, name = "file"): Promise<CleanedFile> {
  const sut = await cleanFile(bytes, name);
  if (!sut.ok) throw new Error(`refused: ${sut.type}`);
  return sut;
}

/** The chunk types of a PNG, in order. */
function chunkTypes(png: Uint8Array): string[] {
  const b = Buffer.from(png);
  const types: string[] = [];
  for (let at = 8; at < b.length; at += 12 + b.readUInt32BE(at)) types.push(b.toString("latin1", at + 4, at + 8));
  return types;
}

describe("cleanFile: PDF", () => {
  it("drops the information dictionary and the XMP packet and keeps the pages", async () => {
    const dirty = await dirtyPdf();
    expect(contains(dirty, SECRET_ASCII)).toBe(true);
    const sut = await cleaned(dirty, "报告.PDF");
    expect(sut.type).toBe("application/pdf");
    expect(sut.name).toBe("报告.pdf");
    expect(contains(sut.bytes, SECRET_ASCII)).toBe(false);
    expect(contains(sut.bytes, "Producer 9")).toBe(false);
    expect(sut.removed).toEqual(expect.arrayContaining(["pdf:Title", "pdf:Author", "pdf:Keywords", "pdf:XMP"]));
    const reloaded = await PDFDocument.load(sut.bytes, { updateMetadata: false });
    expect(reloaded.getPageCount()).toBe(2);
    expect(reloaded.getAuthor()).toBeUndefined();
    expect(reloaded.getTitle()).toBeUndefined();
  });

  it("refuses an encrypted PDF with its own type", async () => {
    const dirty = Buffer.from(await dirtyPdf()).toString("latin1");
    // An /Encrypt entry in the trailer is what makes pdf-lib (and every reader) treat it as encrypted.
    const encrypted = dirty.replace(/trailer\s*<</, "trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 >>");
    expect(encrypted).not.toBe(dirty);
    const sut = await cleanFile(Buffer.from(encrypted, "latin1"), "x.pdf");
    expect(sut).toMatchObject({ ok: false, type: "FILE_ENCRYPTED" });
  });

  it("refuses a PDF that cannot be read", async () => {
    const sut = await cleanFile(Buffer.from("%PDF-1.7\n this is not a pdf at all"), "x.pdf");
    expect(sut).toMatchObject({ ok: false, type: "FILE_CORRUPT" });
  });
});

describe("cleanFile: PNG", () => {
  it("drops the text, international text and time chunks and keeps every other chunk byte for byte", async () => {
    const dirty = dirtyPng();
    const sut = await cleaned(dirty, "scan.png");
    expect(sut.type).toBe("image/png");
    expect(contains(sut.bytes, SECRET_ASCII)).toBe(false);
    expect(contains(sut.bytes, SECRET_AUTHOR)).toBe(false);
    expect(sut.removed).toEqual(["png:tEXt", "png:iTXt", "png:tIME"]);
    expect(chunkTypes(sut.bytes)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(Buffer.from(sut.bytes).equals(rgbaPng(4, 4, (x, y) => [x * 60, y * 60, 0, 255]))).toBe(true);
  });

  it("leaves a clean PNG exactly as it was", async () => {
    const png = rgbaPng(3, 3, () => [1, 2, 3, 255]);
    const sut = await cleaned(png);
    expect(sut.removed).toEqual([]);
    expect(Buffer.from(sut.bytes).equals(png)).toBe(true);
  });

  it("refuses a PNG cut short", async () => {
    expect(await cleanFile(dirtyPng().subarray(0, 40), "x.png")).toMatchObject({ ok: false, type: "FILE_CORRUPT" });
  });
});

describe("cleanFile: JPEG", () => {
  it("drops Exif, XMP, the Photoshop block and comments and keeps JFIF, the tables and the scan", async () => {
    const sut = await cleaned(dirtyJpeg(), "photo.jpeg");
    expect(sut.type).toBe("image/jpeg");
    expect(sut.name).toBe("photo.jpg");
    expect(contains(sut.bytes, SECRET_ASCII)).toBe(false);
    expect(sut.removed).toEqual(["jpeg:Exif", "jpeg:XMP", "jpeg:Photoshop IRB", "jpeg:COM"]);
    const { head, tables, scan } = cleanJpegParts();
    expect(Buffer.from(sut.bytes).equals(Buffer.concat([head, tables, scan]))).toBe(true);
    expect([...sut.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...sut.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    // A reader of JPEG headers still finds the frame.
    const image = await (await PDFDocument.create()).embedJpg(sut.bytes);
    expect([image.width, image.height]).toEqual([8, 8]);
  });

  it("keeps stuffed bytes in the scan and drops what follows the end of the image", async () => {
    const { head, tables } = cleanJpegParts();
    const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0]);
    const data = Buffer.from([0x3f, 0xff, 0x00, 0x12, 0xff, 0xd0, 0x34]);
    const jpeg = Buffer.concat([head, tables, sos, data, Buffer.from([0xff, 0xd9]), Buffer.from(SECRET_ASCII)]);
    const sut = await cleaned(jpeg);
    expect(Buffer.from(sut.bytes).equals(Buffer.concat([head, tables, sos, data, Buffer.from([0xff, 0xd9])]))).toBe(
      true,
    );
    expect(sut.removed).toEqual(["jpeg:data after EOI"]);
  });

  it("refuses a JPEG without its end", async () => {
    const { head, tables } = cleanJpegParts();
    const sut = await cleanFile(
      Buffer.concat([head, tables, Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 1])]),
      "",
    );
    expect(sut).toMatchObject({ ok: false, type: "FILE_CORRUPT" });
  });
});

describe("cleanFile: Office Open XML", () => {
  it("empties the core properties, shortens the app properties and drops the custom ones with their references", async () => {
    const dirty = dirtyDocx();
    const sut = await cleaned(dirty, "答复.zip");
    expect(sut.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(sut.name).toBe("答复.docx");
    expect(sut.removed).toEqual(["docx:docProps/core.xml", "docx:docProps/app.xml", "docx:docProps/custom.xml"]);
    const files = unzipSync(sut.bytes);
    const all = Object.values(files)
      .map((f) => strFromU8(f))
      .join("\n");
    for (const secret of [SECRET_AUTHOR, SECRET_ASCII, "某某公司", "李四", "Secret.dotm", "TotalTime"]) {
      expect(all).not.toContain(secret);
    }
    expect(strFromU8(files["word/document.xml"] as Uint8Array)).toContain(DOCX_BODY_TEXT);
    expect(files["docProps/custom.xml"]).toBeUndefined();
    const types = strFromU8(files["[Content_Types].xml"] as Uint8Array);
    expect(types).not.toContain("custom.xml");
    expect(types).toContain('PartName="/docProps/core.xml"');
    const rels = strFromU8(files["_rels/.rels"] as Uint8Array);
    expect(rels).not.toContain("custom.xml");
    expect(rels).toContain('Target="word/document.xml"');
    // Every part the content types name is in the package.
    for (const m of types.matchAll(/PartName="\/([^"]+)"/g)) expect(files[m[1] as string], m[1]).toBeDefined();
  });

  it("refuses a ZIP that is no Office document", async () => {
    const zip = zipSync({ "notes.txt": strToU8("hello") });
    const sut = await cleanFile(zip, "notes.docx");
    expect(sut).toMatchObject({ ok: false, type: "FILE_TYPE_UNSUPPORTED" });
  });

  it("refuses a ZIP that cannot be read", async () => {
    const sut = await cleanFile(dirtyDocx().subarray(0, 100), "x.docx");
    expect(sut).toMatchObject({ ok: false, type: "FILE_CORRUPT" });
  });
});

describe("cleanFile: other files", () => {
  it("refuses by the first bytes, whatever the name says", async () => {
    for (const bytes of [
      Buffer.from("plain text"),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(0),
    ]) {
      expect(await cleanFile(bytes, "report.pdf")).toMatchObject({ ok: false, type: "FILE_TYPE_UNSUPPORTED" });
    }
  });

  it("has a Chinese message for each refusal", () => {
    for (const type of ["FILE_TYPE_UNSUPPORTED", "FILE_CORRUPT", "FILE_ENCRYPTED"]) {
      expect(problemMessageOf({ type }), type).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("keeps a name's last segment without control or quoting characters", () => {
    expect(cleanFileName('C:\\tmp\\a"b<c>.PNG', "image/png")).toBe("abc.png");
    expect(cleanFileName("", "application/pdf")).toBe("附件.pdf");
  });
});
