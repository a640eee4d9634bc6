/**
 * The published notice (公示文书) of one enforcement decision: an A4 PDF in Chinese, rendered with
 * pdfkit from the whole Noto CJK fonts. pdfkit embeds only the glyphs used, so a notice is 40–50 KB,
 * nearly all of it the two font subsets.
 * The output is a pure function of the input (no clock, no randomness), so re-rendering a stored
 * decision gives the same bytes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { noticeTitle, type PowerCategory } from "../domain.js";
import { chineseDate } from "../dates.js";
import { DEFAULT_REMEDY_NOTICE } from "../remedy-notice.js";

/** One row of the public-fields table (公开事项), e.g. { label: "执法对象", value: "某某殡葬服务有限公司" }. */
export interface NoticeField {
  label: string;
  value: string;
}

/** A titled block of running text: 案件事实, 执法结论, 处罚依据… Line breaks in `body` start new paragraphs. */
export interface NoticeSection {
  heading: string;
  body: string;
}

export interface NoticeInput {
  /** 权力类别; decides the title (行政处罚 → 行政处罚决定公示). */
  category: PowerCategory;
  /** Replaces the title derived from the category. */
  title?: string;
  /** 执法机关: printed as the header and the 落款, and the PDF's Author. */
  issuingBody: string;
  /** 文书号, e.g. 浙民罚决〔2025〕3号. */
  documentNumber: string;
  /** The public fields (执法对象, 执法类别, 决定日期, 处罚内容…) in the order the caller wants them shown. */
  fields: readonly NoticeField[];
  sections: readonly NoticeSection[];
  /** 救济途径告知; defaults to DEFAULT_REMEDY_NOTICE, null leaves it out (e.g. for a 许可 granted in full). */
  remedyNotice?: string | null;
  /** 公示日期, the date of the 落款: a calendar date "2025-03-01", or an instant read in China time (UTC+8). */
  publishedOn: string | Date;
  /** 核验码, printed in the bottom margin of every page beside the QR code that carries it. */
  verificationCode: string;
  /** The public site, e.g. https://zfgs.zj.gov.cn; the QR code points to `${publicBaseUrl}/verify/${code}`. */
  publicBaseUrl: string;
  /** The PDF's CreationDate; from the input rather than the clock so the output is reproducible. */
  createdAt: Date;
  /** The PDF's Subject; defaults to the title and the 文书号. */
  subject?: string;
  /**
   * The body's seal (电子印章) as a PNG its administrator uploaded, drawn over the 落款. Absent, no
   * seal is drawn: never one made up from the body's name.
   */
  seal?: Uint8Array;
}

export { DEFAULT_REMEDY_NOTICE } from "../remedy-notice.js";

export function verificationUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}/verify/${encodeURIComponent(code)}`;
}

// Fonts: the TTFs are 10–15 MB each, so they are read and parsed once per thread and the parsed
// fonts (fontkit, which pdfkit uses) handed to every document. Given the bytes instead, pdfkit
// parses the font again for each document, and decoding its tables (metrics, cmap, GSUB) was
// more than half of a page's time; the output is the same either way (each document makes its
// own subset, and what fontkit keeps between documents are decoded tables and glyphs).
const FONT_FILES = {
  serif: "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
  sans: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;
let fontCache: Record<FontName, fontkit.Font> | undefined;

function fonts(): Record<FontName, fontkit.Font> {
  if (!fontCache) {
    const require = createRequire(import.meta.url);
    fontCache = {
      serif: fontkit.create(readFileSync(require.resolve(FONT_FILES.serif))),
      sans: fontkit.create(readFileSync(require.resolve(FONT_FILES.sans))),
    };
  }
  return fontCache;
}

// Layout, in points on A4 (595.28 × 841.89). The bottom margin holds the footer: a rule, then the
// QR code (FOOTER_QR) with the 核验码 and the page number beside it, on every page.
const MARGIN = { top: 50, bottom: 86, left: 60, right: 60 };
const RED = "#c00000";
const TEXT = "#000000";
const MUTED = "#555555";
const RULE = "#9a9a9a";
const LABEL_FILL = "#f2f2f2";
const SIZE = { header: 22, title: 18, number: 10.5, cell: 10, heading: 11.5, body: 10.5, footer: 8 };
// Wide enough for the usual labels (执法机关统一社会信用代码) on one line: wrapped labels made a short
// decision's table half a page taller.
const LABEL_WIDTH = 150;
const CELL_PAD = { x: 6, y: 3 };
const FOOTER_QR = 54;
const FOOTER_RULE = 10; // below the content's bottom edge
const SEAL_SIZE = 96; // about 3.4 cm, the box the seal image is fitted into
const BODY_LINE_GAP = 3;

type Doc = PDFKit.PDFDocument;

/** Renders the notice; ~10 ms a page once the fonts are parsed. */
export async function renderNotice(input: NoticeInput): Promise<Buffer> {
  const title = input.title ?? noticeTitle(input.category);
  const url = verificationUrl(input.publicBaseUrl, input.verificationCode);
  const { serif, sans } = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true, // page numbers need the page count, known only at the end
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: `${title} ${input.documentNumber}`,
      Author: input.issuingBody,
      Subject: input.subject ?? `${title} ${input.documentNumber}`,
      Keywords: `${input.documentNumber} ${input.verificationCode}`,
      Creator: "执法公示",
      CreationDate: input.createdAt,
      ModDate: input.createdAt,
    },
  });
  const done = collect(doc);
  // pdfkit takes a fontkit font where its types say bytes (PDFFontFactory.open: `src.layout`).
  doc.registerFont("serif", serif as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont("sans", sans as unknown as PDFKit.Mixins.PDFFontSource);

  drawHeader(doc, input.issuingBody, title, input.documentNumber);
  drawFields(doc, withoutHeaderRepeats(input));
  for (const section of input.sections) drawSection(doc, section.heading, section.body);
  const remedy = input.remedyNotice === undefined ? DEFAULT_REMEDY_NOTICE : input.remedyNotice;
  if (remedy) drawSection(doc, "救济途径", remedy);
  drawSignOff(doc, input);
  drawFooters(doc, input.verificationCode, url);

  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const contentBottom = (doc: Doc) => doc.page.height - MARGIN.bottom;

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > contentBottom(doc)) {
    doc.addPage();
    doc.y = MARGIN.top;
  }
}

/** 红头: the body's name in red over a red rule, then the title and the 文书号. */
function drawHeader(doc: Doc, issuingBody: string, title: string, documentNumber: string): void {
  const width = contentWidth(doc);
  doc.font("serif").fontSize(SIZE.header).fillColor(RED);
  doc.text(issuingBody, MARGIN.left, MARGIN.top, { width, align: "center", characterSpacing: 2 });
  const ruleY = doc.y + 6;
  doc
    .moveTo(MARGIN.left, ruleY)
    .lineTo(MARGIN.left + width, ruleY)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();

  doc.font("serif").fontSize(SIZE.title).fillColor(TEXT);
  doc.text(title, MARGIN.left, ruleY + 12, { width, align: "center" });
  doc.font("sans").fontSize(SIZE.number).fillColor(MUTED);
  doc.text(`文书号：${documentNumber}`, MARGIN.left, doc.y + 2, { width, align: "center" });
  doc.y += 12;
}

/**
 * The fields but those saying again what the header prints (the body, the category in the title,
 * the 文书号): three rows of a short decision's page, and the reason one spilled onto a second.
 */
function withoutHeaderRepeats(input: NoticeInput): NoticeField[] {
  const printed = new Set([input.issuingBody, input.category, input.documentNumber]);
  return input.fields.filter((field) => !printed.has(field.value));
}

/** Label/value rows with borders; a row never splits across pages. */
function drawFields(doc: Doc, fields: readonly NoticeField[]): void {
  const width = contentWidth(doc);
  const valueWidth = width - LABEL_WIDTH;
  const pageRoom = contentBottom(doc) - MARGIN.top;
  doc.lineWidth(0.6).strokeColor(RULE);
  for (const field of fields) {
    const labelHeight = doc.font("sans").fontSize(SIZE.cell).heightOfString(field.label, textBox(LABEL_WIDTH));
    const valueHeight = doc
      .font("serif")
      .fontSize(SIZE.cell)
      .heightOfString(field.value || " ", textBox(valueWidth));
    const height = Math.max(labelHeight, valueHeight) + 2 * CELL_PAD.y;
    if (height > pageRoom) {
      // Longer than a page: a table cell cannot hold it, so it becomes running text.
      drawSection(doc, field.label, field.value);
      continue;
    }
    ensureSpace(doc, height);
    const top = doc.y;
    doc.rect(MARGIN.left, top, LABEL_WIDTH, height).fillAndStroke(LABEL_FILL, RULE);
    doc.rect(MARGIN.left + LABEL_WIDTH, top, valueWidth, height).stroke(RULE);
    doc.font("sans").fontSize(SIZE.cell).fillColor(MUTED);
    doc.text(field.label, MARGIN.left + CELL_PAD.x, top + CELL_PAD.y, textBox(LABEL_WIDTH));
    doc.font("serif").fontSize(SIZE.cell).fillColor(TEXT);
    doc.text(field.value, MARGIN.left + LABEL_WIDTH + CELL_PAD.x, top + CELL_PAD.y, textBox(valueWidth));
    doc.y = top + height;
  }
  doc.x = MARGIN.left;
  doc.y += 10;
}

function textBox(columnWidth: number): PDFKit.Mixins.TextOptions {
  return { width: columnWidth - 2 * CELL_PAD.x, lineGap: 0.5 };
}

/** A heading and its paragraphs, each indented two characters as Chinese text is; pdfkit breaks pages. */
function drawSection(doc: Doc, heading: string, text: string): void {
  const width = contentWidth(doc);
  const body: PDFKit.Mixins.TextOptions = { width, indent: 2 * SIZE.body, lineGap: BODY_LINE_GAP, paragraphGap: 4 };
  // Keep the heading with at least two lines of its text.
  const lineHeight = doc.font("serif").fontSize(SIZE.body).currentLineHeight(true) + BODY_LINE_GAP;
  ensureSpace(doc, doc.font("sans").fontSize(SIZE.heading).currentLineHeight(true) + 6 + 2 * lineHeight);
  doc.font("sans").fontSize(SIZE.heading).fillColor(TEXT);
  doc.text(heading, MARGIN.left, doc.y, { width });
  doc.y += 2;
  doc.font("serif").fontSize(SIZE.body).fillColor(TEXT);
  doc.text(normalizeParagraphs(text), MARGIN.left, doc.y, body);
  doc.y += 6;
}

/** One paragraph per non-empty line, without the caller's own leading full-width indentation. */
function normalizeParagraphs(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

/**
 * The 落款: the body's name and the 公示日期 in 年月日, right-aligned two characters in from the
 * margin as official documents set them; the two lines stay together on a page. A seal, when the
 * body has one, is centred over them a little high, so that the name and the date sit in its lower
 * half (党政机关公文格式 GB/T 9704); the part below the date may reach into the footer's gap.
 */
function drawSignOff(doc: Doc, input: NoticeInput): void {
  const inset = 2 * SIZE.body;
  const right = { width: contentWidth(doc) - inset, align: "right" as const };
  doc.font("serif").fontSize(SIZE.body).fillColor(TEXT);
  const lineHeight = doc.currentLineHeight(true);
  const sealBelow = input.seal ? Math.max(0, SEAL_SIZE / 2 - 8 - 2 * lineHeight - FOOTER_RULE) : 0;
  ensureSpace(doc, 6 + 2 * lineHeight + 2 + sealBelow);
  const top = doc.y + 6;
  const nameWidth = doc.widthOfString(input.issuingBody);
  doc.text(input.issuingBody, MARGIN.left, top, right);
  doc.text(chineseDate(input.publishedOn), MARGIN.left, doc.y + 2, right);
  if (input.seal) {
    const centreX = MARGIN.left + contentWidth(doc) - inset - nameWidth / 2;
    const centreY = top + 8;
    doc.image(Buffer.from(input.seal), centreX - SEAL_SIZE / 2, centreY - SEAL_SIZE / 2, {
      fit: [SEAL_SIZE, SEAL_SIZE],
      align: "center",
      valign: "center",
    });
  }
}

/**
 * Draws the QR code as filled rectangles, one per run of dark modules in a row: vector output is
 * sharper than a PNG at any zoom and smaller in the file. Error correction M survives print smudges.
 */
function drawQrCode(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = modules.size;
  const cell = size / count;
  doc.save();
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count;) {
      if (!modules.data[row * count + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.data[row * count + col]) col++;
      doc.rect(x + start * cell, y + row * cell, (col - start) * cell, cell);
    }
  }
  doc.fillColor(TEXT).fill();
  doc.restore();
}

/**
 * The footer of every page, drawn once the page count is known: the QR code of the verification
 * address (a link too), beside it 扫码核验 · 核验码 and 第 N 页 共 M 页, and under those the address
 * for those who type it. On every page, so a page printed or forwarded alone can still be checked.
 */
function drawFooters(doc: Doc, verificationCode: string, url: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page; lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = contentWidth(doc);
    const ruleY = contentBottom(doc) + FOOTER_RULE;
    doc
      .moveTo(MARGIN.left, ruleY)
      .lineTo(MARGIN.left + width, ruleY)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    const qrTop = ruleY + 6;
    drawQrCode(doc, url, MARGIN.left, qrTop, FOOTER_QR);
    doc.link(MARGIN.left, qrTop, FOOTER_QR, FOOTER_QR, url);
    doc.font("sans").fontSize(SIZE.footer).fillColor(MUTED);
    const lineHeight = doc.currentLineHeight(true);
    const y = qrTop + FOOTER_QR / 2 - lineHeight;
    const textLeft = MARGIN.left + FOOTER_QR + 8;
    const textWidth = width - FOOTER_QR - 8;
    doc.text(`扫码核验 · 核验码：${verificationCode}`, textLeft, y, { width: textWidth, lineBreak: false });
    doc.text(`第 ${i + 1} 页 共 ${count} 页`, textLeft, y, { width: textWidth, align: "right", lineBreak: false });
    doc.text(url, textLeft, y + lineHeight + 2, { width: textWidth, lineBreak: false, link: url });
    doc.page.margins.bottom = bottom;
  }
}
