import { bytesEqual } from './bytes.ts';
import type { AuditCrypto } from './crypto.ts';

/**
 * RFC 6962 / RFC 9162 Merkle tree over record hashes (each record's 32-byte `hash` is a leaf).
 * leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right).
 */
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (c: AuditCrypto, data: Uint8Array) => c.sha256(LEAF, data);
export const nodeHash = (c: AuditCrypto, l: Uint8Array, r: Uint8Array) => c.sha256(NODE, l, r);

/**
 * Streaming tree head: keeps one subtree root per set bit of the size, so appending a leaf is
 * O(1) amortised and the root is O(log n). Used by the writer (checkpoints) and the verifier.
 */
export class CompactRange {
  private stack: Uint8Array[] = [];
  size = 0;

  constructor(private readonly c: AuditCrypto) {}

  /** An independent copy (the writer snapshots before a batch so a failed commit can roll back). */
  clone(): CompactRange {
    const copy = new CompactRange(this.c);
    copy.stack = [...this.stack];
    copy.size = this.size;
    return copy;
  }

  append(data: Uint8Array): void {
    let h = leafHash(this.c, data);
    let n = this.size;
    while (n & 1) {
      h = nodeHash(this.c, this.stack.pop()!, h);
      n >>= 1;
    }
    this.stack.push(h);
    this.size++;
  }

  root(): Uint8Array {
    if (this.stack.length === 0) return this.c.sha256();
    let h = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) h = nodeHash(this.c, this.stack[i]!, h);
    return h;
  }
}

/** Largest power of two strictly less than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes. */
function subtreeRoot(c: AuditCrypto, leaves: Uint8Array[], lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return leaves[lo]!;
  const k = split(hi - lo);
  return nodeHash(c, subtreeRoot(c, leaves, lo, lo + k), subtreeRoot(c, leaves, lo + k, hi));
}

/** RFC 6962 PATH(m, D[n]): audit path for leaf index `m` (0-based) in a tree of `data.length` leaves. */
export function inclusionProof(c: AuditCrypto, data: Uint8Array[], m: number): Uint8Array[] {
  if (m < 0 || m >= data.length) throw new RangeError(`leaf ${m} outside tree of size ${data.length}`);
  const leaves = data.map((d) => leafHash(c, d));
  const path = (idx: number, lo: number, hi: number): Uint8Array[] => {
    if (hi - lo === 1) return [];
    const k = split(hi - lo);
    return idx < k
      ? [...path(idx, lo, lo + k), subtreeRoot(c, leaves, lo + k, hi)]
      : [...path(idx - k, lo + k, hi), subtreeRoot(c, leaves, lo, lo + k)];
  };
  return path(m, 0, leaves.length);
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `data` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  c: AuditCrypto,
  data: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(c, data);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(c, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(c, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, root);
}
