/**
 * The XML serializer and the Atom document, judged by expat (tests/support/xml-tools.ts): whatever
 * the text, the document is well-formed, each value comes back as written less the characters XML
 * 1.0 cannot carry, and no value adds or ends an element.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atomDocument, type AtomEntry } from "../../shared/atom.js";
import { el, escapeAttr, escapeText, toXml, xmlSafe } from "../../shared/xml.js";
import { ATOM, child, childrenNamed, parseXml, type XmlTree } from "../support/xml-tools.js";

/** Every character XML 1.0 forbids, as one string: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const FORBIDDEN =
  Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
    .filter((c) => !"\t\n\r".includes(c))
    .join("") + "\udfff\udc00\ud800\udbff\ufffe\uffff";
const BREAKOUT = `]]></title></entry><entry><id>evil</id><link href="https://evil.example/"/></entry><entry><title><![CDATA[`;
const NASTY = [
  "]]>",
  "]]]]><![CDATA[>",
  "</entry>",
  "<entry>",
  BREAKOUT,
  `a & b < c > d " e ' f`,
  "&amp; &lt; &#0; &#x1; &unknown;",
  "<?xml version='1.0'?>",
  "<!DOCTYPE x [<!ENTITY e 'boom'>]>&e;",
  "line\r\nbreak\rcarriage\ttab\n",
  `控制${FORBIDDEN}字符`,
  "😀 astral 𠀀 and U+FFFD \ufffd kept",
];

describe("xmlSafe", () => {
  it("drops every character XML 1.0 cannot carry and keeps every other", () => {
    expect(xmlSafe(FORBIDDEN)).toBe("");
    expect(xmlSafe("\u007f\u0080\u009f")).toBe("");
    const kept = "\t\n\r 中文 abc ~ \u00a0 \ud7ff \ue000 \ufffd 😀 \u{10ffff}";
    expect(xmlSafe(kept)).toBe(kept);
    expect(xmlSafe("a\ud83d")).toBe("a"); // a high surrogate at the end
    expect(xmlSafe("\ude00b")).toBe("b"); // a low surrogate first
    expect(xmlSafe("\ud83d\ude00")).toBe("😀"); // a pair is one character
  });
});

describe("escaping", () => {
  it("escapes markup in text, and quotes and whitespace in attributes", () => {
    expect(escapeText(`]]><a href="x">&amp;</a>`)).toBe(`]]&gt;&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;`);
    expect(escapeText("a\r\nb")).toBe("a&#13;\nb");
    expect(escapeAttr(`"a'\t\n\r<&>`)).toBe(`&quot;a'&#9;&#10;&#13;&lt;&amp;&gt;`);
  });

  it("refuses a name that is not an XML name rather than write it", () => {
    expect(() => toXml(el("a b"))).toThrow(TypeError);
    expect(() => toXml(el("a", { 'x="1" y': "v" }))).toThrow(TypeError);
    expect(() => toXml(el("a><b"))).toThrow(TypeError);
  });

  it("leaves out an undefined attribute and an absent child", () => {
    expect(toXml(el("a", { x: undefined, y: "1" }, null, false, undefined))).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<a y="1"/>\n',
    );
  });
});

/** One document holding every value as an element's text and as an attribute; expat must read them all back. */
function roundTrip(values: string[]): void {
  const doc = toXml(el("root", {}, ...values.map((v) => el("item", { value: v }, el("text", {}, v)))));
  const root = parseXml(doc);
  expect(root.children.length).toBe(values.length);
  root.children.forEach((item, i) => {
    const want = xmlSafe(values[i] as string);
    expect(item.attrs.value, JSON.stringify(values[i])).toBe(want);
    expect(item.children.length).toBe(1);
    expect(item.children[0]?.text, JSON.stringify(values[i])).toBe(want);
  });
}

describe("round trip through expat", () => {
  it("keeps every hand-picked hostile value as text", () => {
    roundTrip(NASTY);
  });

  it("keeps any string of any code points (a property test)", () => {
    const piece = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom(...NASTY, "\ud800", "\udfff", "\uffff", "\u0000", "]]", ">", "\r"),
    );
    const values = fc.sample(
      fc.array(piece, { maxLength: 6 }).map((parts) => parts.join("")),
      { numRuns: 500, seed: 20261206 },
    );
    roundTrip(values);
  });
});

describe("Atom", () => {
  const base = "https://gs.example.gov.cn";
  const entries: AtomEntry[] = NASTY.map((s, i) => ({
    id: `urn:uuid:00000000-0000-7000-8000-00000000000${i.toString(16)}`,
    title: `${s}（${s}）`,
    link: `${base}/notices/${i}`,
    updated: new Date(Date.UTC(2026, 10, 2, 0, i)),
    published: new Date(Date.UTC(2026, 10, 1)),
    summary: `行政处罚 · ${s} · 已撤下：${s}`,
    content: s,
    author: s,
    category: s,
  }));
  const feed = parseXml(
    atomDocument({
      id: `${base}/api/public/feed.atom`,
      title: "行政执法公示",
      subtitle: "行政执法决定公示（事后公开）",
      self: `${base}/api/public/feed.atom`,
      site: `${base}/`,
      language: "zh-CN",
      rights: "依法公开的政府信息",
      generator: "执法公示",
      entries,
    }),
  );

  it("has one entry per notice, its own link and id, and every text as type=text", () => {
    expect(feed.name).toBe(`${ATOM}feed`);
    const got = childrenNamed(feed, "entry");
    expect(got.length).toBe(entries.length);
    got.forEach((entry, i) => {
      const want = entries[i] as AtomEntry;
      expect(child(entry, "id")?.text).toBe(want.id);
      expect(childrenNamed(entry, "link").map((l) => l.attrs.href)).toEqual([want.link]);
      for (const name of ["title", "summary", "content"] as const) {
        const node = child(entry, name);
        expect(node?.attrs.type).toBe("text");
        expect(node?.children).toEqual([]);
        expect(node?.text).toBe(xmlSafe(want[name] ?? ""));
      }
      expect(child(child(entry, "author") as XmlTree, "name")?.text).toBe(xmlSafe(want.author));
      expect(child(entry, "category")?.attrs.term).toBe(xmlSafe(want.category));
    });
    expect(child(feed, "updated")?.text).toBe(new Date(Date.UTC(2026, 10, 2, 0, NASTY.length - 1)).toISOString());
    expect(childrenNamed(feed, "link").map((l) => [l.attrs.rel, l.attrs.href])).toEqual([
      ["self", `${base}/api/public/feed.atom`],
      ["alternate", `${base}/`],
    ]);
  });
});
