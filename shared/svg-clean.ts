/**
 * SVG 图解 made safe to publish. An SVG is a document that can run script (XSS when opened from
 * the platform's origin), load other resources and carry its author's editor data; it is parsed
 * here by a strict XML reader and written anew from an allow-list, never passed through.
 *
 * - Refused (SVG_INVALID): not UTF-8, not well-formed, a DOCTYPE or any other `<!` declaration
 *   (entities: billion laughs, external entities), CDATA, processing instructions, entity
 *   references other than XML's five and numeric ones, a root other than `<svg>`, too deep or too
 *   many elements, more than SVG_MAX_BYTES.
 * - Refused (SVG_UNSAFE, naming what): script, foreignObject, style elements, links, images,
 *   animation, any element outside the allow-list; on* attributes; an href other than a fragment
 *   of the same file (#id); `url(…)` other than url(#id), `javascript:`, CSS escapes, `@import` or
 *   `expression(` in any value.
 * - Removed (and listed): comments, `<metadata>`, elements and attributes of editors' namespaces
 *   (inkscape:, sodipodi:, …), data-* and other attributes outside the allow-list.
 * Pure: bytes in, bytes out.
 */
import { cleanFileName } from "./file-clean.js";
import { toXml, type XmlElement } from "./xml.js";

export const SVG_MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 20_000;
const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

export interface CleanedSvg {
  ok: true;
  bytes: Uint8Array;
  type: "image/svg+xml";
  name: string;
  removed: string[];
}

export interface SvgRefusal {
  ok: false;
  type: "SVG_INVALID" | "SVG_UNSAFE";
  message: string;
}

const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "title",
  "desc",
  "symbol",
  "use",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "linearGradient",
  "radialGradient",
  "stop",
  "clipPath",
  "mask",
  "pattern",
  "marker",
  "filter",
  "feGaussianBlur",
  "feOffset",
  "feBlend",
  "feColorMatrix",
  "feComposite",
  "feFlood",
  "feMerge",
  "feMergeNode",
  "feDropShadow",
]);

/** Dropped with what they hold: the editor's record of who made the file and how. */
const DROPPED_ELEMENTS = new Set(["metadata"]);

const ATTRIBUTES = new Set([
  "id",
  "class",
  "style",
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "fx",
  "fy",
  "d",
  "points",
  "width",
  "height",
  "viewBox",
  "preserveAspectRatio",
  "transform",
  "version",
  "fill",
  "fill-opacity",
  "fill-rule",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "stroke-miterlimit",
  "stroke-dasharray",
  "stroke-dashoffset",
  "opacity",
  "color",
  "display",
  "visibility",
  "clip-path",
  "clip-rule",
  "clipPathUnits",
  "mask",
  "maskUnits",
  "maskContentUnits",
  "filter",
  "filterUnits",
  "primitiveUnits",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "alignment-baseline",
  "letter-spacing",
  "word-spacing",
  "text-decoration",
  "writing-mode",
  "dx",
  "dy",
  "rotate",
  "textLength",
  "lengthAdjust",
  "startOffset",
  "offset",
  "stop-color",
  "stop-opacity",
  "gradientUnits",
  "gradientTransform",
  "spreadMethod",
  "patternUnits",
  "patternContentUnits",
  "patternTransform",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "refX",
  "refY",
  "orient",
  "marker-start",
  "marker-mid",
  "marker-end",
  "stdDeviation",
  "in",
  "in2",
  "result",
  "mode",
  "type",
  "values",
  "operator",
  "k1",
  "k2",
  "k3",
  "k4",
  "flood-color",
  "flood-opacity",
  "vector-effect",
  "shape-rendering",
  "text-rendering",
  "image-rendering",
  "color-interpolation-filters",
  "role",
  "aria-label",
  "aria-hidden",
  "lang",
  "href",
  "xlink:href",
  "xml:space",
  "xml:lang",
]);

class Refused extends Error {
  constructor(
    readonly type: SvgRefusal["type"],
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new Refused("SVG_INVALID", message);
const unsafe = (message: string) => new Refused("SVG_UNSAFE", message);

/** Whether the bytes read as XML text (after a BOM and white space, a `<`): an SVG to try. */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && at < 4096 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at] as number)) at++;
  return bytes[at] === 0x3c;
}

interface Node {
  name: string;
  attrs: [string, string][];
  children: (Node | string)[];
}

const NAME = /[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw invalid("a stray & (write &amp;)");
    if (ref in PREDEFINED) return PREDEFINED[ref] as string;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!m) throw invalid(`the entity &${ref}; is not accepted (only XML's own and numeric references)`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw invalid("a bad character reference");
    return String.fromCodePoint(code);
  });
}

/** A strict reader of the XML subset an SVG needs; comments are counted, everything else refused. */
function parse(text: string, removed: Set<string>): Node {
  let at = 0;
  let count = 0;
  const stack: Node[] = [];
  let root: Node | null = null;
  const decl = /^<\?xml\s[^?<>]*\?>/.exec(text);
  if (decl) {
    const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(decl[0]);
    if (encoding && !/^utf-?8$/i.test(encoding[1] as string)) throw invalid("an SVG is accepted in UTF-8 only");
    at = decl[0].length;
  }
  const name = (): string => {
    NAME.lastIndex = at;
    const m = NAME.exec(text);
    if (!m) throw invalid("a malformed tag");
    at += m[0].length;
    return m[0];
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at] as string)) at++;
  };
  while (at < text.length) {
    const lt = text.indexOf("<", at);
    const chunk = text.slice(at, lt === -1 ? text.length : lt);
    if (chunk) {
      if (stack.length) stack[stack.length - 1]?.children.push(decodeEntities(chunk));
      else if (chunk.trim()) throw invalid("text outside the <svg> element");
    }
    if (lt === -1) break;
    at = lt;
    if (text.startsWith("<!--", at)) {
      const end = text.indexOf("-->", at + 4);
      if (end === -1) throw invalid("an unterminated comment");
      removed.add("svg:comment");
      at = end + 3;
    } else if (text.startsWith("<!", at)) {
      throw unsafe("DOCTYPE, entity declarations and CDATA are not accepted in an SVG");
    } else if (text.startsWith("<?", at)) {
      throw unsafe("processing instructions (such as xml-stylesheet) are not accepted in an SVG");
    } else if (text.startsWith("</", at)) {
      at += 2;
      const closing = name();
      space();
      if (text[at] !== ">") throw invalid("a malformed end tag");
      at++;
      const open = stack.pop();
      if (!open || open.name !== closing) throw invalid(`</${closing}> does not close the open element`);
    } else {
      at++;
      const node: Node = { name: name(), attrs: [], children: [] };
      if (++count > MAX_ELEMENTS) throw invalid("the SVG has too many elements");
      for (;;) {
        const before = at;
        space();
        if (text.startsWith("/>", at) || text[at] === ">") break;
        if (at === before) throw invalid(`a malformed <${node.name}> tag`);
        const attr = name();
        space();
        if (text[at] !== "=") throw invalid(`the attribute ${attr} has no value`);
        at++;
        space();
        const quote = text[at];
        if (quote !== '"' && quote !== "'") throw invalid(`the attribute ${attr} is not quoted`);
        const end = text.indexOf(quote, at + 1);
        if (end === -1) throw invalid(`the attribute ${attr} is not closed`);
        const raw = text.slice(at + 1, end);
        if (raw.includes("<")) throw invalid(`the attribute ${attr} holds a <`);
        if (node.attrs.some(([n]) => n === attr)) throw invalid(`the attribute ${attr} is repeated`);
        node.attrs.push([attr, decodeEntities(raw).replace(/[\t\r\n]/g, " ")]);
        at = end + 1;
      }
      const selfClosing = text[at] === "/";
      at += selfClosing ? 2 : 1;
      if (stack.length) stack[stack.length - 1]?.children.push(node);
      else if (root) throw invalid("more than one root element");
      else root = node;
      if (!selfClosing) {
        stack.push(node);
        if (stack.length > MAX_DEPTH) throw invalid("the SVG nests too deep");
      }
    }
  }
  if (stack.length) throw invalid(`<${stack[stack.length - 1]?.name}> is not closed`);
  if (!root) throw invalid("no <svg> element");
  return root;
}

/** `url(…)` only to a fragment of the same file; no script URLs, CSS escapes, imports or expressions. */
function checkValue(element: string, attr: string, value: string): void {
  const lower = value.toLowerCase();
  for (const m of lower.matchAll(/url\s*\(\s*(['"]?)\s*([^'")\s]*)/g)) {
    if (!(m[2] ?? "").startsWith("#")) throw unsafe(`<${element} ${attr}> refers outside the file (${m[0]})`);
  }
  if (/javascript:|vbscript:|data:|@import|expression\s*\(|-moz-binding|behavior\s*:/.test(lower)) {
    throw unsafe(`<${element} ${attr}> holds a script or an external reference`);
  }
  if (attr === "style" && value.includes("\\")) throw unsafe(`<${element} style> holds a CSS escape`);
}

function sanitize(node: Node, removed: Set<string>): XmlElement | null {
  const prefix = node.name.includes(":") ? node.name.split(":")[0] : null;
  if (prefix !== null) {
    removed.add(`svg:${prefix}:*`);
    return null;
  }
  if (DROPPED_ELEMENTS.has(node.name)) {
    removed.add(`svg:${node.name}`);
    return null;
  }
  if (!ELEMENTS.has(node.name)) throw unsafe(`the element <${node.name}> is not accepted in an SVG 图解`);
  const attrs: Record<string, string> = {};
  for (const [name, value] of node.attrs) {
    const lower = name.toLowerCase();
    if (lower.startsWith("on")) throw unsafe(`<${node.name} ${name}>: event handler attributes are not accepted`);
    if (lower === "xmlns" || lower.startsWith("xmlns:")) {
      if (lower === "xmlns" && value !== SVG_NS) throw unsafe(`<${node.name}> declares another namespace`);
      continue;
    }
    if (lower === "href" || lower === "xlink:href") {
      if (!/^#[A-Za-z_][A-Za-z0-9._-]*$/.test(value.trim())) {
        throw unsafe(`<${node.name} ${name}> refers outside the file: only #id is accepted`);
      }
      attrs[name] = value.trim();
      continue;
    }
    if (!ATTRIBUTES.has(name)) {
      removed.add(name.includes(":") ? `svg:${name.split(":")[0]}:*` : `svg:@${name}`);
      continue;
    }
    checkValue(node.name, name, value);
    attrs[name] = value;
  }
  const children: (XmlElement | string)[] = [];
  for (const child of node.children) {
    if (typeof child === "string") {
      if (child.trim()) children.push(child);
    } else {
      const clean = sanitize(child, removed);
      if (clean) children.push(clean);
    }
  }
  return { name: node.name, attrs, children };
}

/** Reads, checks and writes anew an SVG, or says why it will not. */
export function cleanSvg(bytes: Uint8Array, declaredName: string): CleanedSvg | SvgRefusal {
  if (bytes.length > SVG_MAX_BYTES) {
    return { ok: false, type: "SVG_INVALID", message: `an SVG is at most ${SVG_MAX_BYTES / 1024} KB` };
  }
  try {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw invalid("an SVG is accepted in UTF-8 only");
    }
    text = text.trimStart();
    const removed = new Set<string>();
    const root = parse(text, removed);
    if (root.name !== "svg") throw invalid("the root element is not <svg>");
    const clean = sanitize(root, removed) as XmlElement;
    const usesXlink = JSON.stringify(clean).includes('"xlink:href"');
    clean.attrs = { xmlns: SVG_NS, ...(usesXlink ? { "xmlns:xlink": XLINK_NS } : {}), ...clean.attrs };
    const out = new TextEncoder().encode(toXml(clean));
    const name = cleanFileName(declaredName, "image/png").replace(/\.png$/, ".svg");
    return { ok: true, bytes: out, type: "image/svg+xml", name, removed: [...removed] };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, type: err.type, message: err.message };
    throw err;
  }
}
