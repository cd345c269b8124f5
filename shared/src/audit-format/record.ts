import canonicalize from 'canonicalize';
import { toHex, writeU64be } from './bytes.ts';
import type { AuditCrypto } from './crypto.ts';

/**
 * Format version of the audit database and export. Bumped on any change to the byte layouts defined
 * in this folder; a store refuses a version it does not know instead of rewriting it.
 */
export const AUDIT_FORMAT_VERSION = 1;

/** prevHash of record 1. */
export const GENESIS_PREV_HASH = new Uint8Array(32);

/**
 * Record types the host writes. The type is a free string on the wire (so older verifiers keep
 * verifying newer chains) but must match TYPE_PATTERN; these are the ones with meaning to the chain.
 */
export const RecordTypes = {
  /** seq 1: {chainId, formatVersion, publicKey (hex), keyId}. Anchors the first key. */
  chainStart: 'chain-start',
  /** {newPublicKey (hex), newKeyId, reason}; signed by the old key; the next record uses the new one. */
  keyRotation: 'key-rotation',
  /** {note, size, rootHash (base64)}: signed tree head over records 1..size, where size = seq - 1. */
  checkpoint: 'checkpoint',
  /** {warning, keyStore}: the signing key is not in an OS keychain. */
  keyStoreWarning: 'key-store-warning',
  /** {seqs: [from, to][], reason}: bodies dropped by the user; hashes kept. */
  erasure: 'erasure',
  interaction: 'interaction',
  verdict: 'verdict',
  decision: 'decision',
  settingsChange: 'settings-change',
} as const;

export const TYPE_PATTERN = /^[a-z][a-z0-9.-]{0,63}$/;

/** Types that carry the chain's structure and can never be erased. */
export const STRUCTURAL_TYPES: ReadonlySet<string> = new Set([
  RecordTypes.chainStart,
  RecordTypes.keyRotation,
  RecordTypes.checkpoint,
  RecordTypes.erasure,
]);

/** One record as stored and exported. `body` is null once erased. Hashes and sig are raw bytes. */
export interface AuditRecord {
  seq: number;
  /** Milliseconds since the Unix epoch. */
  ts: number;
  type: string;
  body: string | null;
  bodyHash: Uint8Array;
  prevHash: Uint8Array;
  hash: Uint8Array;
  keyId: string;
  sig: Uint8Array;
}

/** RFC 8785 canonical JSON of a record body. */
export function canonicalBody(body: unknown): string {
  const text = canonicalize(body);
  if (text === undefined) throw new TypeError('audit record body is not JSON-serialisable');
  return text;
}

export function bodyHashOf(c: AuditCrypto, body: string): Uint8Array {
  return c.sha256(body);
}

/**
 * THE record hash, defined once:
 *   hash = SHA-256( prevHash[32] ‖ bodyHash[32] ‖ u64be(seq) ‖ u64be(ts) ‖ utf8(type) )
 * The type goes last so its variable length needs no delimiter. sig = Ed25519(hash) with keyId's key.
 */
export function recordHashOf(
  c: AuditCrypto,
  h: { prevHash: Uint8Array; bodyHash: Uint8Array; seq: number; ts: number; type: string },
): Uint8Array {
  return c.sha256(h.prevHash, h.bodyHash, u64bePair(h.seq, h.ts), h.type);
}

/** u64be(a) ‖ u64be(b) in one allocation: recordHashOf runs once per record on the writer and the verifier. */
function u64bePair(a: number, b: number): Uint8Array {
  const out = new Uint8Array(16);
  writeU64be(out, 0, a);
  writeU64be(out, 8, b);
  return out;
}

/** A key's id: the first 8 bytes of SHA-256(raw 32-byte public key), hex. */
export function keyIdOf(c: AuditCrypto, publicKey: Uint8Array): string {
  return toHex(c.sha256(publicKey).subarray(0, 8));
}
