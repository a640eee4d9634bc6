/**
 * A small, fast pass over the two big parts of a workbook (a worksheet, the shared strings), which
 * can hold millions of cells: fast-xml-parser builds a tree at a few MB a second, far too slow for
 * them. Tags are found with indexOf, namespace prefixes dropped, text decoded of the five XML
 * entities and character references only where it is wanted. No DTD is accepted (so no entity
 * can expand). The small parts (workbook, relationships, styles) go through fast-xml-parser.
 */

export class XmlScanError extends Error {}

export interface ScanHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text between tags (entities not decoded: see decodeXml); only called while `wantText` is true. */
  text(raw: string): void;
  wantText: boolean;
}

export function scanXml(xml: string, h: ScanHandler): void {
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      if (h.wantText) h.text(xml.slice(i));
      return;
    }
    if (lt > i && h.wantText) h.text(xml.slice(i, lt));
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      i = end(xml, "?>", lt) + 2;
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith("<!--", lt)) i = end(xml, "-->", lt) + 3;
      else if (xml.startsWith("<![CDATA[", lt)) {
        const close = end(xml, "]]>", lt);
        if (h.wantText) h.text(escapeCdata(xml.slice(lt + 9, close)));
        i = close + 3;
      } else throw new XmlScanError("a DTD or unknown declaration");
    } else {
      const gt = end(xml, ">", lt);
      if (next === 0x2f /* / */) {
        h.close(localName(xml.slice(lt + 2, gt).trim()));
      } else {
        const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
        const stop = selfClosing ? gt - 1 : gt;
        let k = lt + 1;
        while (k < stop && xml.charCodeAt(k) > 0x20) k++;
        const name = localName(xml.slice(lt + 1, k));
        const attrs = k < stop ? xml.slice(k, stop) : "";
        h.open(name, attrs, selfClosing);
        if (selfClosing) h.close(name);
      }
      i = gt + 1;
    }
  }
}

function end(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  if (at < 0) throw new XmlScanError("the XML ends inside a tag");
  return at;
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function escapeCdata(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

/** One attribute's value (its local name, entities decoded), or undefined. */
export function attr(attrs: string, name: string): string | undefined {
  return attrs === "" ? undefined : attrsOf(attrs)[name];
}

/** Every attribute at once, by local name (entities decoded), scanned without a regular expression. */
export function attrsOf(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = attrs.length;
  let i = 0;
  while (i < n) {
    const eq = attrs.indexOf("=", i);
    if (eq < 0) break;
    let q = eq + 1;
    while (q < n && attrs.charCodeAt(q) <= 0x20) q++;
    const quote = attrs[q];
    if (quote !== '"' && quote !== "'") break;
    const close = attrs.indexOf(quote, q + 1);
    if (close < 0) break;
    out[localName(attrs.slice(i, eq).trim())] = decodeXml(attrs.slice(q + 1, close));
    i = close + 1;
  }
  return out;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] as string;
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec as string, 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Excel's escape of characters XML cannot carry in a string (`_x000D_` for CR). */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes("_x")) return s;
  return s.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
