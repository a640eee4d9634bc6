/**
 * A real, conforming XML parser to judge our XML output independently of the code that wrote it:
 * expat, through Python's standard library (python3 is on every machine this project runs on).
 * The JavaScript parsers at hand accept what XML 1.0 forbids (control characters, U+FFFF, a bare
 * `]]>`); expat refuses each, as a feed reader would.
 */
import { spawnSync } from "node:child_process";

export interface XmlTree {
  /** `{namespace}local`, as ElementTree names it. */
  name: string;
  attrs: Record<string, string>;
  /** The text before the first child element ("" for none). */
  text: string;
  children: XmlTree[];
}

const PARSE = `
import json, sys
import xml.etree.ElementTree as ET
def tree(e):
    return {"name": e.tag, "attrs": dict(e.attrib), "text": e.text or "", "children": [tree(c) for c in e]}
try:
    root = ET.fromstring(sys.stdin.buffer.read())
except ET.ParseError as err:
    sys.stderr.write(str(err))
    sys.exit(3)
sys.stdout.write(json.dumps(tree(root)))
`;

/** The document's tree; throws with expat's message when the bytes are not well-formed XML. */
export function parseXml(doc: string | Buffer): XmlTree {
  const result = spawnSync("python3", ["-c", PARSE], { input: doc, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status === 3) throw new SyntaxError(`not well-formed XML: ${result.stderr}`);
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as XmlTree;
}

export const ATOM = "{http://www.w3.org/2005/Atom}";

export function child(e: XmlTree, local: string, ns = ATOM): XmlTree | undefined {
  return e.children.find((c) => c.name === ns + local);
}

export function childrenNamed(e: XmlTree, local: string, ns = ATOM): XmlTree[] {
  return e.children.filter((c) => c.name === ns + local);
}
