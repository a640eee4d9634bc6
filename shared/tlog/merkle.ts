/**
 * RFC 6962 / RFC 9162 §2.1 Merkle trees: leaf and node hashing, tree heads, inclusion and
 * consistency proofs and their verification. Sizes and indices are plain numbers (exact below
 * 2^53) handled with arithmetic, never with JavaScript's 32-bit bit operators.
 *
 * The tree is read through a `TreeReader` that gives the hash of any perfect, aligned subtree
 * (2^level leaves starting at index × 2^level): an array of leaf hashes in tests and tools, the
 * stored tiles in the service. Every MTH(D[a:b]) the RFC's recursion asks for splits into such
 * subtrees, so a store of them is all a log needs to answer any proof.
 */
import { createHash } from "node:crypto";

export type Hash = Uint8Array;

export const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Hash = sha256();

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(entry: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, entry);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** The largest power of two smaller than n (n > 1): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && splitPoint(n + 1) === n;
}

export interface TreeReader {
  /** The hash of leaves [index × 2^level, (index + 1) × 2^level); level 0 is a leaf hash. */
  perfect(level: number, index: number): Hash;
}

/** A reader over leaf hashes in memory, remembering the perfect subtrees it computed. */
export function arrayReader(leaves: readonly Hash[]): TreeReader {
  const memo = new Map<string, Hash>();
  const reader: TreeReader = {
    perfect(level, index) {
      if (level === 0) {
        const leaf = leaves[index];
        if (!leaf) throw new RangeError(`no leaf ${index}`);
        return leaf;
      }
      const key = `${level}/${index}`;
      let h = memo.get(key);
      if (!h) {
        h = nodeHash(reader.perfect(level - 1, 2 * index), reader.perfect(level - 1, 2 * index + 1));
        memo.set(key, h);
      }
      return h;
    },
  };
  return reader;
}

function log2(n: number): number {
  let level = 0;
  while (2 ** level < n) level++;
  return level;
}

/**
 * MTH(D[start:end]) for a range the RFC's recursion produces from D[0:n]: `start` is a multiple
 * of the largest power of two not above end − start, so the left part is always perfect.
 */
export function subtreeHash(tree: TreeReader, start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n) && start % n === 0) return tree.perfect(log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(tree, start, start + k), subtreeHash(tree, start + k, end));
}

export function rootHash(tree: TreeReader, size: number): Hash {
  return subtreeHash(tree, 0, size);
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer`);
}

/** PATH(m, D[n]) (RFC 9162 §2.1.3.1): the audit path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(tree: TreeReader, index: number, size: number): Hash[] {
  checkSize("index", index);
  checkSize("size", size);
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Hash[] = [];
  let start = 0;
  let end = size;
  let m = index;
  // Walk down from the root, collecting the sibling of each subtree holding the leaf; the RFC
  // lists them bottom-up, so they are reversed at the end.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(subtreeHash(tree, start + k, end));
      end = start + k;
    } else {
      path.push(subtreeHash(tree, start, start + k));
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]) (RFC 9162 §2.1.4.1): that the tree of `older` leaves is a prefix of the tree of `newer`. */
export function consistencyProof(tree: TreeReader, older: number, newer: number): Hash[] {
  checkSize("older", older);
  checkSize("newer", newer);
  if (older > newer) throw new RangeError(`a tree of ${older} cannot precede one of ${newer}`);
  if (older === 0 || older === newer) return [];
  const proof: Hash[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(subtreeHash(tree, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      proof.push(subtreeHash(tree, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtreeHash(tree, start, start + k));
    }
  };
  sub(older, 0, newer, true);
  return proof;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2 (equal sizes: equal roots and an empty proof). */
export function verifyConsistency(
  older: number,
  newer: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(older) || !Number.isSafeInteger(newer) || older < 0 || older > newer) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (older === newer) return proof.length === 0 && equal(oldRoot, newRoot);
  if (older === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(older) ? [oldRoot, ...proof] : [...proof];
  let fn = older - 1;
  let sn = newer - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Hash;
  let sr = path[0] as Hash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot);
}
