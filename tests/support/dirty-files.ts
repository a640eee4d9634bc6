/**
 * Files carrying hidden metadata, made here byte by byte or with the libraries that write them,
 * for the tests of shared/file-clean.ts and of the attachments that use it.
 */
import { crc32 } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { rgbaPng } from "./png.js";

export const SECRET_AUTHOR = "张三";
export const SECRET_ASCII = "Secret-Author-Zhang";

/** A two-page PDF with title, author, keywords and an XMP packet naming the author. */
export async function dirtyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ["page one", "page two"]) doc.addPage([200, 200]).drawText(text, { x: 20, y: 100, font });
  doc.setTitle(`Report by ${SECRET_ASCII}`);
  doc.setAuthor(SECRET_ASCII);
  doc.setSubject("internal");
  doc.setKeywords(["secret", SECRET_ASCII]);
  doc.setCreator("Writer 7");
  doc.setProducer("Producer 9");
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${SECRET_ASCII}-xmp</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const stream = doc.context.stream(xmp, { Type: "Metadata", Subtype: "XML", Length: xmp.length });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(stream));
  return doc.save({ useObjectStreams: false });
}

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 4×4 PNG with a tEXt Author chunk, an iTXt comment and a tIME chunk between IHDR and IDAT. */
export function dirtyPng(): Buffer {
  const png = rgbaPng(4, 4, (x, y) => [x * 60, y * 60, 0, 255]);
  const ihdrEnd = 8 + 12 + 13;
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    pngChunk("tEXt", Buffer.from(`Author\0${SECRET_ASCII}`, "latin1")),
    pngChunk("iTXt", Buffer.from(`Comment\0\0\0\0\0${SECRET_AUTHOR}`, "utf8")),
    pngChunk("tIME", Buffer.from([0x07, 0xea, 1, 2, 3, 4, 5])),
    png.subarray(ihdrEnd),
  ]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * A baseline 8×8 grey JPEG made by hand: one quantisation table, one Huffman table each with a
 * single one-bit code (DC difference 0, AC end of block), one block coded `00` padded with ones.
 */
export function cleanJpegParts(): { head: Buffer; tables: Buffer; scan: Buffer } {
  const app0 = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const counts = Buffer.alloc(16);
  counts[0] = 1;
  const dhtDc = segment(0xc4, Buffer.concat([Buffer.from([0x00]), counts, Buffer.from([0])]));
  const dhtAc = segment(0xc4, Buffer.concat([Buffer.from([0x10]), counts, Buffer.from([0])]));
  const sos = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  return {
    head: Buffer.concat([Buffer.from([0xff, 0xd8]), app0]),
    tables: Buffer.concat([dqt, sof, dhtDc, dhtAc]),
    scan: Buffer.concat([sos, Buffer.from([0x3f]), Buffer.from([0xff, 0xd9])]),
  };
}

/** The same JPEG with an Exif APP1 naming the author, an XMP APP1, a Photoshop APP13 and a comment. */
export function dirtyJpeg(): Buffer {
  const { head, tables, scan } = cleanJpegParts();
  const exif = segment(0xe1, Buffer.concat([Buffer.from("Exif\0\0MM\0*", "latin1"), Buffer.from(SECRET_ASCII)]));
  const xmp = segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET_ASCII}</x:xmpmeta>`));
  const irb = segment(0xed, Buffer.from(`Photoshop 3.0\x008BIM${SECRET_ASCII}`, "latin1"));
  const com = segment(0xfe, Buffer.from(`by ${SECRET_ASCII}`));
  return Buffer.concat([head, exif, xmp, irb, com, tables, scan]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>' +
  "</Types>";

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>' +
  "</Relationships>";

export const DOCX_BODY_TEXT = "本机关依法公开的信息";

/** A docx whose core, app and custom properties name the author, the company and the manager. */
export function dirtyDocx(): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8(CONTENT_TYPES),
    "_rels/.rels": strToU8(RELS),
    "word/document.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        `<w:body><w:p><w:r><w:t>${DOCX_BODY_TEXT}</w:t></w:r></w:p></w:body></w:document>`,
    ),
    "docProps/core.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        `<dc:creator>${SECRET_AUTHOR}</dc:creator><cp:lastModifiedBy>${SECRET_AUTHOR}</cp:lastModifiedBy><cp:revision>7</cp:revision></cp:coreProperties>`,
    ),
    "docProps/app.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
        "<Template>Secret.dotm</Template><TotalTime>42</TotalTime><Company>某某公司</Company><Manager>李四</Manager></Properties>",
    ),
    "docProps/custom.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">' +
        `<property name="Reviewer">${SECRET_ASCII}</property></Properties>`,
    ),
  });
}
