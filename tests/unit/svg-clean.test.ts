/**
 * SVG 图解 are written anew from an allow-list: what can run script, load something else or
 * declare entities is refused with its reason; an editor's metadata and comments are removed.
 */
import { describe, expect, it } from "vitest";
import { cleanSvg, looksLikeSvg, SVG_MAX_BYTES } from "../../shared/svg-clean.js";

const sut = (svg: string, name = "图解.svg") => cleanSvg(Buffer.from(svg), name);
const wrap = (inner: string, attrs = "") =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

describe("cleanSvg", () => {
  it("keeps the drawing and removes comments, metadata and editors' namespaces", () => {
    const out = sut(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by 张三 -->\n` +
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" ` +
        `xmlns:xlink="http://www.w3.org/1999/xlink" inkscape:version="1.2" viewBox="0 0 100 50" data-author="张三">` +
        `<metadata><rdf:RDF><dc:creator>张三</dc:creator></rdf:RDF></metadata>` +
        `<title>办事流程 &amp; 时限</title><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>` +
        `<rect x="1" y="1" width="98" height="48" fill="url(#g)" inkscape:label="背景"/>` +
        `<use xlink:href="#g"/><text x="5" y="25" font-size="8">受理 &#x2192; 办结</text></svg>`,
      "流程图.SVG",
    );
    if (!out.ok) throw new Error(out.message);
    const text = Buffer.from(out.bytes).toString("utf8");
    expect(out.type).toBe("image/svg+xml");
    expect(out.name).toBe("流程图.svg");
    expect(text).not.toContain("张三");
    expect(text).not.toContain("inkscape");
    expect(text).toContain('<rect x="1" y="1" width="98" height="48" fill="url(#g)"/>');
    expect(text).toContain("办事流程 &amp; 时限");
    expect(text).toContain("受理 → 办结");
    expect(text).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
    expect(out.removed).toEqual(
      expect.arrayContaining(["svg:comment", "svg:metadata", "svg:inkscape:*", "svg:@data-author"]),
    );
    // What it writes, it reads again unchanged.
    const again = cleanSvg(out.bytes, "x.svg");
    expect(again.ok && Buffer.from(again.bytes).toString("utf8")).toBe(text);
  });

  it.each([
    ["a script", wrap("<script>alert(1)</script>")],
    ["a script in another case", wrap("<SCRIPT>alert(1)</SCRIPT>")],
    ["foreignObject", wrap("<foreignObject><div>x</div></foreignObject>")],
    ["an event handler", wrap('<rect width="1" height="1" onclick="alert(1)"/>')],
    ["an event handler on the root", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ["a javascript: link", wrap('<a href="javascript:alert(1)"><rect/></a>')],
    ["an external use", wrap('<use href="https://evil.example/x.svg#a"/>')],
    [
      "a javascript: xlink:href",
      wrap('<use xlink:href="javascript:alert(1)"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'),
    ],
    ["an external url() in fill", wrap('<rect fill="url(https://evil.example/p)"/>')],
    ["an import in style", wrap('<rect style="@import url(x)"/>')],
    ["a CSS escape", wrap('<rect style="fill: u\\72l(http://x)"/>')],
    ["a style element", wrap("<style>rect{fill:red}</style>")],
    ["an image", wrap('<image href="data:image/png;base64,AAAA"/>')],
    ["animation", wrap('<set attributeName="href" to="javascript:alert(1)"/>')],
    ["a DOCTYPE", `<!DOCTYPE svg [<!ENTITY x "y">]>${wrap("<text>&x;</text>")}`],
    ["a stylesheet instruction", `<?xml-stylesheet href="x.css"?>${wrap("")}`],
    ["CDATA", wrap("<text><![CDATA[x]]></text>")],
    ["another namespace as default", wrap('<g xmlns="http://www.w3.org/1999/xhtml"/>')],
  ])("refuses %s", (_what, svg) => {
    const out = sut(svg);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.type).toBe("SVG_UNSAFE");
  });

  it.each([
    ["an undeclared entity", wrap("<text>&nbsp;</text>")],
    ["an unclosed element", '<svg xmlns="http://www.w3.org/2000/svg"><g>'],
    ["mismatched tags", wrap("<g></text>")],
    ["another root", "<html><body/></html>"],
    ["not UTF-8", ""],
    ["too deep", wrap("<g>".repeat(80) + "</g>".repeat(80))],
    ["an unquoted attribute", wrap("<rect width=1/>")],
  ])("refuses %s as invalid", (what, svg) => {
    const bytes = what === "not UTF-8" ? Buffer.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0x3e]) : Buffer.from(svg);
    const out = cleanSvg(bytes, "x.svg");
    expect(!out.ok && out.type).toBe("SVG_INVALID");
  });

  it("refuses a file over the limit", () => {
    const out = sut(wrap(`<desc>${"x".repeat(SVG_MAX_BYTES)}</desc>`));
    expect(!out.ok && out.type).toBe("SVG_INVALID");
  });

  it("tells XML text from other files", () => {
    expect(looksLikeSvg(Buffer.from("\ufeff  <svg/>"))).toBe(true);
    expect(looksLikeSvg(Buffer.from("%PDF-1.7"))).toBe(false);
  });
});
