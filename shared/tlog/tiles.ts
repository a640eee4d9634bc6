/**
 * C2SP tlog-tiles: which tiles a tree of a given size has, their paths
 * (`tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`, N in x-prefixed 3-digit groups), their
 * content from a TreeReader, and entry bundles (big-endian uint16 length-prefixed entries).
 */
import { nodeHash, type Hash, type TreeReader } from "./merkle.js";

export const TILE_WIDTH = 256;
/** A tile spans 8 levels of the tree (2^8 = 256 hashes). */
export const TILE_HEIGHT = 8;

export interface TileRef {
  /** Tile level; "entries" for an entry bundle. */
  level: number | "entries";
  index: number;
  /** Hashes (or entries) in it: 256 for a full tile, fewer for a partial one. */
  width: number;
}

function indexPath(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, "0"));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

export function tilePath(t: TileRef): string {
  const suffix = t.width === TILE_WIDTH ? "" : `.p/${t.width}`;
  return `tile/${t.level}/${indexPath(t.index)}${suffix}`;
}

/** Reads `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]` (after `tile/`); null when malformed. */
export function parseTilePath(path: string): TileRef | null {
  const m = /^(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (!m) return null;
  const level = m[1] === "entries" ? "entries" : Number(m[1]);
  if (typeof level === "number" && level > 63) return null;
  const index = Number((m[2] as string).replace(/x|\//g, ""));
  const width = m[3] ? Number(m[3]) : TILE_WIDTH;
  if (width > 255 && m[3]) return null;
  // No superfluous leading groups: x000/123 is not the same resource as 123.
  if ((m[2] as string).startsWith("x000")) return null;
  if (!Number.isSafeInteger(index)) return null;
  return { level, index, width };
}

/** Whether a tree of `size` leaves has this tile (a full one, or the partial one of its right edge). */
export function tileExists(t: TileRef, size: number): boolean {
  const level = t.level === "entries" ? 0 : t.level;
  const span = TILE_WIDTH ** level;
  const hashesAtLevel = Math.floor(size / span);
  const fullTiles = Math.floor(hashesAtLevel / TILE_WIDTH);
  if (t.width === TILE_WIDTH) return t.index < fullTiles;
  return t.index === fullTiles && hashesAtLevel % TILE_WIDTH === t.width;
}

/** The hashes of a (tree) tile: MTH of full level-below tiles, 32 bytes each, concatenated. */
export function tileContent(tree: TreeReader, t: TileRef): Buffer {
  if (t.level === "entries") throw new RangeError("entry bundles hold entries, not hashes");
  const hashes: Hash[] = [];
  for (let i = 0; i < t.width; i++) hashes.push(tree.perfect(TILE_HEIGHT * t.level, t.index * TILE_WIDTH + i));
  return Buffer.concat(hashes);
}

export function entryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError("an entry is at most 65535 bytes");
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

export function parseEntryBundle(bundle: Uint8Array): Buffer[] {
  const buf = Buffer.from(bundle);
  const entries: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 2 > buf.length) throw new RangeError("truncated entry bundle");
    const len = buf.readUInt16BE(at);
    if (at + 2 + len > buf.length) throw new RangeError("truncated entry bundle");
    entries.push(buf.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return entries;
}

/**
 * A TreeReader over fetched tiles: `tileAt(level, index)` answers a tile's bytes (full, or the
 * partial one the tree ends with). Hashes between tile levels are computed from the level below.
 */
export function tileReader(tileAt: (level: number, index: number) => Uint8Array): TreeReader {
  const reader: TreeReader = {
    perfect(level, index) {
      const tileLevel = Math.floor(level / TILE_HEIGHT);
      const within = level % TILE_HEIGHT;
      if (within === 0) {
        const tile = tileAt(tileLevel, Math.floor(index / TILE_WIDTH));
        const at = (index % TILE_WIDTH) * 32;
        if (tile.length < at + 32)
          throw new RangeError(`tile ${tileLevel}/${Math.floor(index / TILE_WIDTH)} is too short`);
        return tile.subarray(at, at + 32);
      }
      const left = reader.perfect(level - 1, 2 * index);
      const right = reader.perfect(level - 1, 2 * index + 1);
      return nodeHash(left, right);
    },
  };
  return reader;
}
