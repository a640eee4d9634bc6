/**
 * The transparency log's pure parts against the published reference vectors: RFC 6962 tree heads
 * and proofs (the Certificate Transparency test data), the signed-note example of C2SP, tile paths
 * as tlog-tiles spells them, RFC 8785 canonical JSON; and property tests of every proof shape.
 */
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arrayReader,
  canonicalJson,
  checkpointText,
  consistencyProof,
  EMPTY_ROOT,
  entryBundle,
  inclusionProof,
  leafHash,
  nodeHash,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  parseTilePath,
  parseVerifierKey,
  rootHash,
  signNote,
  splitPoint,
  tileContent,
  tileExists,
  tilePath,
  tileReader,
  verifierKey,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from "../../shared/tlog.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => Buffer.from(s, "hex");

// RFC 6962 test data (Certificate Transparency's reference leaves and tree heads for sizes 0..8).
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
  .map(unhex)
  .map(leafHash);
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];
const CONSISTENCY = [
  {
    older: 2,
    newer: 8,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    older: 6,
    newer: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    older: 2,
    newer: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

const tree = arrayReader(LEAVES);

describe("RFC 6962 Merkle trees", () => {
  it("reproduces the reference tree heads for every size 0..8", () => {
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
    for (let n = 0; n <= 8; n++) expect(hex(rootHash(tree, n)), `size ${n}`).toBe(ROOTS[n]);
  });

  it("splits at the largest power of two below n, not the midpoint", () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 4, 4, 8, 512]);
  });

  it("reproduces and verifies the reference inclusion proofs", () => {
    for (const v of INCLUSION) {
      const proof = inclusionProof(tree, v.index, v.size);
      expect(proof.map(hex)).toEqual(v.proof);
      const root = unhex(ROOTS[v.size] as string);
      expect(verifyInclusion(LEAVES[v.index] as Hash, v.index, v.size, proof, root)).toBe(true);
    }
  });

  it("reproduces and verifies the reference consistency proofs", () => {
    for (const v of CONSISTENCY) {
      const proof = consistencyProof(tree, v.older, v.newer);
      expect(proof.map(hex)).toEqual(v.proof);
      const [a, b] = [unhex(ROOTS[v.older] as string), unhex(ROOTS[v.newer] as string)];
      expect(verifyConsistency(v.older, v.newer, a, b, proof)).toBe(true);
      expect(verifyConsistency(v.older, v.newer, b, a, proof)).toBe(false);
    }
  });

  const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const big = arrayReader(leaves);

  it("every inclusion proof verifies, and a wrong leaf, index, size, root or path never does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (size, at) => {
        const index = at % size;
        const proof = inclusionProof(big, index, size);
        const root = rootHash(big, size);
        expect(verifyInclusion(leaves[index] as Hash, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from("forged")), index, size, proof, root)).toBe(false);
        if (size > 1) {
          expect(verifyInclusion(leaves[index] as Hash, (index + 1) % size, size, proof, root)).toBe(false);
          const tampered = proof.map((p, i) => (i === 0 ? nodeHash(p, p) : p));
          expect(verifyInclusion(leaves[index] as Hash, index, size, tampered, root)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("every consistency proof verifies, and one against another tree never does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (a, b) => {
        const [older, newer] = a <= b ? [a, b] : [b, a];
        const proof = consistencyProof(big, older, newer);
        const [r1, r2] = [rootHash(big, older), rootHash(big, newer)];
        expect(verifyConsistency(older, newer, r1, r2, proof)).toBe(true);
        if (older < newer) {
          const other = arrayReader([
            ...leaves.slice(0, older - 1),
            leafHash(Buffer.from("rewritten")),
            ...leaves.slice(older),
          ]);
          expect(verifyConsistency(older, newer, rootHash(other, older), r2, proof)).toBe(false);
          expect(verifyConsistency(older, newer, r1, rootHash(other, newer), proof)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("C2SP signed notes and checkpoints", () => {
  it("verifies the specification's example note with its verifier key", () => {
    const vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const note =
      "This is an example message.\n\n" +
      "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    expect(openNote(note, [parseVerifierKey(vkey)])).toEqual({
      text: "This is an example message.\n",
      signedBy: ["example.com/foo"],
    });
    expect(() => openNote(note.replace("example message", "examples message"), [parseVerifierKey(vkey)])).toThrow(
      /does not verify/,
    );
  });

  it("signs a checkpoint that verifies with its key only, ignoring others' signatures", () => {
    const log = generateKeyPairSync("ed25519");
    const witness = generateKeyPairSync("ed25519");
    const origin = "gs.example.cn/tlog";
    const text = checkpointText({ origin, size: 8, root: unhex(ROOTS[8] as string) });
    expect(text).toBe(`${origin}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`);
    const signed = signNote(text, origin, log.privateKey);
    const cosigned = signed + signNote(text, "witness.example/w1", witness.privateKey).slice(text.length + 1);
    const logKey = parseVerifierKey(verifierKey(origin, log.publicKey));
    expect(openNote(cosigned, [logKey]).signedBy).toEqual([origin]);
    expect(parseCheckpoint(openNote(cosigned, [logKey]).text)).toEqual({
      origin,
      size: 8,
      root: unhex(ROOTS[8] as string),
    });
    const stranger = parseVerifierKey(verifierKey("other.example", generateKeyPairSync("ed25519").publicKey));
    expect(() => openNote(signed, [stranger])).toThrow(/no trusted key/);
    expect(() => parseCheckpoint(`${origin}\n08\n${text.split("\n")[2]}\n`)).toThrow(/leading zeroes/);
  });
});

describe("C2SP tlog-tiles", () => {
  it("spells tile paths as the specification does", () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe("tile/0/x001/x234/067");
    expect(tilePath({ level: 1, index: 0, width: 17 })).toBe("tile/1/000.p/17");
    expect(tilePath({ level: "entries", index: 5, width: 3 })).toBe("tile/entries/005.p/3");
    expect(parseTilePath("0/x001/x234/067")).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath("entries/005.p/3")).toEqual({ level: "entries", index: 5, width: 3 });
    for (const bad of ["0/1234", "0/x1/234", "64/000", "0/000.p/0", "0/000.p/256", "00/000", "0/x000/001"]) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });

  it("has the tiles the specification lists for a tree of 70 000", () => {
    const size = 70_000;
    expect(tileExists({ level: 0, index: 272, width: 256 }, size)).toBe(true);
    expect(tileExists({ level: 0, index: 273, width: 112 }, size)).toBe(true);
    expect(tileExists({ level: 0, index: 273, width: 256 }, size)).toBe(false);
    expect(tileExists({ level: 1, index: 0, width: 256 }, size)).toBe(true);
    expect(tileExists({ level: 1, index: 1, width: 17 }, size)).toBe(true);
    expect(tileExists({ level: 2, index: 0, width: 1 }, size)).toBe(true);
    expect(tileExists({ level: 2, index: 0, width: 2 }, size)).toBe(false);
  });

  it("rebuilds every root and proof from the tiles alone", () => {
    const leaves = Array.from({ length: 600 }, (_, i) => leafHash(Buffer.from(`e${i}`)));
    const source = arrayReader(leaves);
    const size = 600;
    const tiles = new Map<string, Buffer>();
    for (const level of [0, 1]) {
      const hashes = Math.floor(size / 256 ** level);
      for (let n = 0; n * 256 < hashes; n++) {
        const width = Math.min(256, hashes - n * 256);
        tiles.set(`${level}/${n}`, tileContent(source, { level, index: n, width }));
      }
    }
    const fromTiles = tileReader((level, index) => {
      const t = tiles.get(`${level}/${index}`);
      if (!t) throw new Error(`no tile ${level}/${index}`);
      return t;
    });
    for (const n of [1, 255, 256, 257, 512, 599, 600])
      expect(hex(rootHash(fromTiles, n))).toBe(hex(rootHash(source, n)));
    expect(inclusionProof(fromTiles, 300, 600).map(hex)).toEqual(inclusionProof(source, 300, 600).map(hex));
    expect(consistencyProof(fromTiles, 257, 600).map(hex)).toEqual(consistencyProof(source, 257, 600).map(hex));
  });

  it("bundles entries with uint16 length prefixes", () => {
    const entries = [Buffer.from("a"), Buffer.alloc(0), Buffer.from("执法公示")];
    expect(parseEntryBundle(entryBundle(entries))).toEqual(entries);
    expect(() => parseEntryBundle(Buffer.from([0, 5, 1]))).toThrow(/truncated/);
  });
});

describe("RFC 8785 canonical JSON", () => {
  it("sorts members by UTF-16 code units and writes numbers as ECMAScript does", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], "\u20ac": 1e21, "\ud83d\ude00": 0.000001 })).toBe(
      '{"a":[true,null,"x"],"b":1,"\u20ac":1e+21,"\ud83d\ude00":0.000001}',
    );
    expect(canonicalJson({ type: "publish", id: "n1", version: 2, seq: 7 })).toBe(
      '{"id":"n1","seq":7,"type":"publish","version":2}',
    );
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

describe("verifier keys", () => {
  it("round-trip for any key, a '+' in the key's base64 included", () => {
    for (let i = 0; i < 200; i++) {
      const { publicKey } = generateKeyPairSync("ed25519");
      const vkey = verifierKey("gs.example.cn/tlog", publicKey);
      expect(parseVerifierKey(vkey).name).toBe("gs.example.cn/tlog");
    }
  });
});
