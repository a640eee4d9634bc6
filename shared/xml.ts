/**
 * A small XML 1.0 serializer: every document this platform sends as XML (the Atom feed) is built
 * as a tree of elements and written here, never by string concatenation. Text and attribute values
 * are escaped; characters XML 1.0 cannot carry (control characters other than tab, line feed and
 * carriage return, lone surrogates, U+FFFE and U+FFFF) are dropped, so no value, whatever an
 * officer typed, can end an element, open another or make the document ill-formed. No CDATA: an
 * escaped `]]>` is just text.
 */

export interface XmlElement {
  name: string;
  /** Attributes in order; an undefined value leaves the attribute out. */
  attrs?: Record<string, string | undefined>;
  children?: XmlNode[];
}
/** A string child is text; null, undefined and false children are left out. */
export type XmlNode = XmlElement | string | null | undefined | false;

/**
 * Not a Char of XML 1.0 (§2.2), plus the C1 controls and DEL it discourages. With the `u` flag a
 * lone surrogate is one code point in D800–DFFF and matches; a valid pair is one astral code point.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
/** A Name of XML 1.0 restricted to ASCII (and one prefix): element and attribute names are ours. */
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?$/;

/** The text with every character XML 1.0 cannot carry removed. */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, "");
}

/** Character data: `&`, `<` and `>` (so `]]>` never appears) escaped; a CR kept as a reference, not normalised away. */
export function escapeText(s: string): string {
  return xmlSafe(s).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] as string);
}

/** An attribute value in double quotes; tab, LF and CR as references so attribute normalisation keeps them. */
export function escapeAttr(s: string): string {
  return xmlSafe(s).replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c] as string);
}

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
};

/** An element: `el("link", { rel: "self", href })`, `el("title", { type: "text" }, title)`. */
export function el(name: string, attrs?: XmlElement["attrs"], ...children: XmlNode[]): XmlElement {
  return { name, attrs, children };
}

function checkName(name: string): string {
  if (!NAME.test(name)) throw new TypeError(`not an XML name: ${JSON.stringify(name)}`);
  return name;
}

function present(node: XmlElement): (XmlElement | string)[] {
  return (node.children ?? []).filter((c): c is XmlElement | string => c !== null && c !== undefined && c !== false);
}

function startTag(node: XmlElement): string {
  let tag = `<${checkName(node.name)}`;
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (value !== undefined) tag += ` ${checkName(key)}="${escapeAttr(value)}"`;
  }
  return tag;
}

/** An element on one line: whitespace added inside text would change the text. */
function inline(node: XmlElement): string {
  const children = present(node);
  if (children.length === 0) return `${startTag(node)}/>`;
  const inner = children.map((c) => (typeof c === "string" ? escapeText(c) : inline(c))).join("");
  return `${startTag(node)}>${inner}</${node.name}>`;
}

/** Elements holding only elements are indented, one child a line; any element holding text is written inline. */
function write(node: XmlElement, out: string[], indent: string): void {
  const children = present(node);
  if (children.length === 0 || children.some((c) => typeof c === "string")) {
    out.push(indent + inline(node));
    return;
  }
  out.push(`${indent}${startTag(node)}>`);
  for (const child of children) write(child as XmlElement, out, `${indent}  `);
  out.push(`${indent}</${node.name}>`);
}

/** A whole UTF-8 document: the XML declaration and the root element. */
export function toXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  write(root, out, "");
  return `${out.join("\n")}\n`;
}
