/**
 * Cleaning a file of its hidden metadata before it leaves the platform (an answer's attachments,
 * 政府信息公开条例: what is provided is the information, not who wrote it or how). Pure: bytes in,
 * bytes out, no I/O. The type is told by the first bytes, never by the name.
 *
 * What goes, by type:
 * - PDF: the document information dictionary (title, author, subject, keywords, creator,
 *   producer, dates), the XMP stream of the catalog and of each page (/Metadata), pages'
 *   /PieceInfo (an editor's private data); the file is written anew, so earlier revisions kept
 *   by incremental updates go too. Encrypted PDFs are refused (FILE_ENCRYPTED).
 * - PNG: the tEXt, iTXt, zTXt, eXIf and tIME chunks; every other chunk is kept byte for byte.
 * - JPEG: APP1 (Exif, XMP), APP13 (Photoshop IRB, IPTC), COM, every APPn but APP0 (JFIF),
 *   APP2 ICC_PROFILE and APP14 (Adobe), and anything after EOI; the image data is kept as is.
 * - Office Open XML (docx, xlsx, pptx): docProps/core.xml becomes empty properties, docProps/app.xml
 *   a minimal one (no Company, Manager, Template, TotalTime…), docProps/custom.xml goes with its
 *   relationship and its content-type entry; the ZIP is written anew, without its comment and with
 *   one fixed time on every entry. NOT removed: authors inside the content — comments
 *   (word/comments.xml), tracked changes' w:author, word/people.xml, customXml parts.
 * - Any other ZIP, legacy Office (OLE) files and everything else: refused (FILE_TYPE_UNSUPPORTED);
 *   a ZIP may carry anything, and cleaning only its comment would promise more than it does.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped, type Zippable } from "fflate";
import { PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from "pdf-lib";

export const CLEAN_TYPES = {
  "application/pdf": { extension: "pdf", label: "PDF" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/png": { extension: "png", label: "PNG" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extension: "docx", label: "Word" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { extension: "xlsx", label: "Excel" },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
    extension: "pptx",
    label: "PowerPoint",
  },
} as const;
export type CleanType = keyof typeof CLEAN_TYPES;

/**
 * The Content-Security-Policy every kept file is served with: opened directly (an SVG above all),
 * it can run nothing and load nothing but its own inline styles and data: images.
 */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export type CleanRefusalType = "FILE_TYPE_UNSUPPORTED" | "FILE_CORRUPT" | "FILE_ENCRYPTED";

export interface CleanedFile {
  ok: true;
  bytes: Uint8Array;
  type: CleanType;
  /** The declared name's last segment, its extension made the type's own. */
  name: string;
  /** What was taken out, as `part:item` (e.g. `pdf:Author`, `png:tEXt`, `docx:docProps/custom.xml`). */
  removed: string[];
}

export interface CleanRefusal {
  ok: false;
  type: CleanRefusalType;
  message: string;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const refuse = (type: CleanRefusalType, message: string): CleanRefusal => ({ ok: false, type, message });

/** A name to keep and offer back: the last path segment, no control or quoting characters, the type's extension. */
export function cleanFileName(declared: string, type: CleanType): string {
  const last = declared.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const plain = last.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim();
  const stem = plain.replace(/\.[^.]{1,8}$/, "") || "附件";
  return `${Array.from(stem).slice(0, 100).join("")}.${CLEAN_TYPES[type].extension}`;
}

/** Cleans `bytes` of hidden metadata, or says why it will not. */
export async function cleanFile(bytes: Uint8Array, declaredName: string): Promise<CleanedFile | CleanRefusal> {
  const done = (out: { bytes: Uint8Array; type: CleanType; removed: string[] }): CleanedFile => ({
    ok: true,
    ...out,
    name: cleanFileName(declaredName, out.type),
  });
  try {
    if (startsWith(bytes, PDF_MAGIC)) {
      const out = await cleanPdf(bytes);
      return "ok" in out ? out : done(out);
    }
    if (startsWith(bytes, PNG_MAGIC)) return done({ ...cleanPng(bytes), type: "image/png" });
    if (startsWith(bytes, JPEG_MAGIC)) return done({ ...cleanJpeg(bytes), type: "image/jpeg" });
    if (startsWith(bytes, ZIP_MAGIC)) {
      const out = cleanOoxml(bytes);
      return "ok" in out ? out : done(out);
    }
  } catch (err) {
    if (err instanceof CorruptFile) return refuse("FILE_CORRUPT", err.message);
    return refuse("FILE_CORRUPT", "the file cannot be read");
  }
  return refuse("FILE_TYPE_UNSUPPORTED", "only PDF, JPEG, PNG, docx, xlsx and pptx files are accepted");
}

class CorruptFile extends Error {}

// ---------------------------------------------------------------- PDF

const INFO_KEYS = ["Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate"];

async function cleanPdf(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; type: CleanType; removed: string[] } | CleanRefusal> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    throw new CorruptFile("the PDF cannot be read");
  }
  if (doc.isEncrypted) return refuse("FILE_ENCRYPTED", "an encrypted PDF cannot be cleaned: send it unencrypted");
  const { context, catalog } = doc;
  const removed: string[] = [];
  const infoRef = context.trailerInfo.Info;
  if (infoRef) {
    const info = infoRef instanceof PDFRef ? context.lookup(infoRef) : infoRef;
    if (info instanceof PDFDict) {
      for (const key of info.keys()) {
        const name = key.decodeText();
        removed.push(`pdf:${INFO_KEYS.includes(name) ? name : `Info/${name}`}`);
      }
    }
    if (infoRef instanceof PDFRef) context.delete(infoRef);
    context.trailerInfo.Info = undefined;
  }
  const drop = (dict: PDFDict, key: string, label: string) => {
    const value = dict.get(PDFName.of(key));
    if (value === undefined) return;
    if (value instanceof PDFRef) context.delete(value);
    dict.delete(PDFName.of(key));
    if (!removed.includes(label)) removed.push(label);
  };
  drop(catalog, "Metadata", "pdf:XMP");
  const pages = doc.getPages();
  for (const page of pages) {
    drop(page.node, "Metadata", "pdf:page XMP");
    drop(page.node, "PieceInfo", "pdf:PieceInfo");
  }
  if (pages.length === 0) throw new CorruptFile("the PDF has no pages");
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    // An XMP packet left unreferenced (an earlier revision's) would be written again.
    const dict = object instanceof PDFStream ? object.dict : null;
    if (
      dict?.get(PDFName.of("Type")) === PDFName.of("Metadata") &&
      dict.get(PDFName.of("Subtype")) === PDFName.of("XML")
    ) {
      context.delete(ref);
      if (!removed.includes("pdf:XMP")) removed.push("pdf:XMP");
    }
  }
  const out = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes: out, type: "application/pdf", removed };
}

// ---------------------------------------------------------------- PNG

const PNG_DROPPED = new Set(["tEXt", "iTXt", "zTXt", "eXIf", "tIME"]);

function cleanPng(bytes: Uint8Array): { bytes: Uint8Array; removed: string[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const removed: string[] = [];
  let at = 8;
  let first = true;
  let ended = false;
  while (at < bytes.length && !ended) {
    if (at + 12 > bytes.length) throw new CorruptFile("the PNG is cut short");
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new CorruptFile("the PNG is cut short");
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (first && type !== "IHDR") throw new CorruptFile("the PNG does not start with IHDR");
    first = false;
    if (PNG_DROPPED.has(type)) {
      if (!removed.includes(`png:${type}`)) removed.push(`png:${type}`);
    } else {
      kept.push(bytes.subarray(at, end));
    }
    ended = type === "IEND";
    at = end;
  }
  if (!ended) throw new CorruptFile("the PNG has no IEND");
  if (at < bytes.length) removed.push("png:data after IEND");
  return { bytes: concat(kept), removed };
}

// ---------------------------------------------------------------- JPEG

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/** Whether an APPn/COM segment is kept: JFIF, the ICC profile, Adobe's colour transform. */
function keepSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === 0xfe) return false;
  if (marker < 0xe0 || marker > 0xef) return true;
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return startsWith(payload, [...Buffer.from("ICC_PROFILE\0", "latin1")]);
  return false;
}

function segmentLabel(marker: number, payload: Uint8Array): string {
  if (marker === 0xfe) return "jpeg:COM";
  const id = Buffer.from(payload.subarray(0, 40))
    .toString("latin1")
    .replace(/[^\x20-\x7e].*$/s, "");
  const n = marker - 0xe0;
  if (n === 1)
    return id.startsWith("Exif") ? "jpeg:Exif" : id.startsWith("http://ns.adobe.com") ? "jpeg:XMP" : "jpeg:APP1";
  if (n === 13) return "jpeg:Photoshop IRB";
  return `jpeg:APP${n}${id ? ` ${id.slice(0, 12)}` : ""}`;
}

function cleanJpeg(bytes: Uint8Array): { bytes: Uint8Array; removed: string[] } {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  const note = (label: string) => removed.includes(label) || removed.push(label);
  let at = 2;
  for (;;) {
    // Fill bytes (0xFF) may precede a marker.
    while (at < bytes.length && bytes[at] === 0xff && bytes[at + 1] === 0xff) at++;
    if (at + 2 > bytes.length || bytes[at] !== 0xff) throw new CorruptFile("the JPEG is cut short or malformed");
    const marker = bytes[at + 1] as number;
    if (marker === EOI) {
      kept.push(bytes.subarray(at, at + 2));
      if (at + 2 < bytes.length) note("jpeg:data after EOI");
      break;
    }
    if (marker === SOI || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) throw new CorruptFile("the JPEG is cut short");
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) throw new CorruptFile("the JPEG is cut short");
    const payload = bytes.subarray(at + 4, end);
    if (keepSegment(marker, payload)) kept.push(bytes.subarray(at, end));
    else note(segmentLabel(marker, payload));
    at = end;
    if (marker === SOS) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      const start = at;
      while (at + 1 < bytes.length) {
        const next = bytes[at + 1] as number;
        if (bytes[at] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        at++;
      }
      if (at + 1 >= bytes.length) throw new CorruptFile("the JPEG has no EOI");
      kept.push(bytes.subarray(start, at));
    }
  }
  return { bytes: concat(kept), removed };
}

// ---------------------------------------------------------------- Office Open XML

const OOXML_MAIN: readonly [string, CleanType][] = [
  ["word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
];

/** A ZIP bomb stops here: the sum of the entries' declared sizes, and their number. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

const EMPTY_CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
  'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';

const MINIMAL_APP =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>';

/** The ZIP's comment (end of central directory), if any: it is not carried into the new file. */
function hasZipComment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      return (((bytes[i + 21] as number) << 8) | (bytes[i + 20] as number)) > 0;
    }
  }
  return false;
}

function cleanOoxml(bytes: Uint8Array): { bytes: Uint8Array; type: CleanType; removed: string[] } | CleanRefusal {
  let total = 0;
  let count = 0;
  let files: Unzipped;
  try {
    files = unzipSync(bytes, {
      filter(f) {
        total += f.originalSize;
        count += 1;
        if (total > MAX_UNZIPPED_BYTES || count > MAX_ENTRIES) throw new CorruptFile("the ZIP unpacks too large");
        return true;
      },
    });
  } catch (err) {
    throw err instanceof CorruptFile ? err : new CorruptFile("the ZIP cannot be read");
  }
  const types = files["[Content_Types].xml"];
  const main = OOXML_MAIN.find(([part]) => files[part] !== undefined);
  if (!types || !main) {
    return refuse("FILE_TYPE_UNSUPPORTED", "a ZIP file is accepted only as a Word, Excel or PowerPoint document");
  }
  const ext = CLEAN_TYPES[main[1]].extension;
  const removed: string[] = [];
  if (hasZipComment(bytes)) removed.push("zip:comment");
  if (files["docProps/core.xml"]) {
    files["docProps/core.xml"] = strToU8(EMPTY_CORE);
    removed.push(`${ext}:docProps/core.xml`);
  }
  if (files["docProps/app.xml"]) {
    files["docProps/app.xml"] = strToU8(MINIMAL_APP);
    removed.push(`${ext}:docProps/app.xml`);
  }
  if (files["docProps/custom.xml"]) {
    delete files["docProps/custom.xml"];
    removed.push(`${ext}:docProps/custom.xml`);
    files["[Content_Types].xml"] = strToU8(
      strFromU8(types).replace(/<Override\b[^>]*PartName="\/docProps\/custom\.xml"[^>]*\/>/g, ""),
    );
    const rels = files["_rels/.rels"];
    if (rels) {
      files["_rels/.rels"] = strToU8(
        strFromU8(rels).replace(/<Relationship\b[^>]*Target="\/?docProps\/custom\.xml"[^>]*\/>/g, ""),
      );
    }
  }
  // One fixed time on every entry: the ZIP's own dates say when the author saved it.
  const mtime = new Date(1980, 0, 1);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { mtime, level: 6 }];
  return { bytes: zipSync(zippable), type: main[1], removed };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
