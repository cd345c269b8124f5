import { createPublicKey, hash, verify, type KeyObject } from 'node:crypto';
import type { AuditCrypto } from '@vigil/shared/audit-format/index';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Raw 32-byte public key of an Ed25519 KeyObject. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const der = key.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(ED25519_SPKI_PREFIX.length));
}

let scratch = Buffer.allocUnsafe(1024);
/** Views of the scratch buffer by length, so a multi-part hash allocates no view (lengths repeat). */
let views: Buffer[] = [];

/**
 * SHA-256 of the concatenated parts, one native call. The chain hashes three or four small inputs per
 * record (body, record header, Merkle leaf and node), so the per-call cost is what matters: createHash()
 * makes a native Hash object per call, and a Buffer digest gets its own backing store; a one-shot hash
 * to a latin1 ("binary") string copied into a small Uint8Array is about 5x cheaper once garbage
 * collection is counted (measured here on 80-byte inputs: 5.3 µs vs 1.1 µs). Several parts are first
 * gathered in one reused scratch buffer.
 */
function sha256(...parts: (Uint8Array | string)[]): Uint8Array {
  let input: Uint8Array | string;
  if (parts.length === 1) {
    input = parts[0]!;
  } else {
    let length = 0;
    for (const p of parts) length += typeof p === 'string' ? Buffer.byteLength(p) : p.length;
    if (length > scratch.length) {
      scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
      views = [];
    }
    let offset = 0;
    for (const p of parts) {
      if (typeof p === 'string') {
        offset += scratch.write(p, offset);
      } else {
        scratch.set(p, offset);
        offset += p.length;
      }
    }
    input = views[offset] ??= scratch.subarray(0, offset);
  }
  const digest = hash('sha256', input, 'binary');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = digest.charCodeAt(i);
  return out;
}

/** node:crypto implementation of the audit format's primitives; KeyObjects are cached per key. */
export function nodeAuditCrypto(): AuditCrypto {
  const keys = new Map<string, KeyObject>();
  return {
    sha256,
    verify(publicKey, message, signature) {
      const id = Buffer.from(publicKey).toString('hex');
      let key = keys.get(id);
      if (!key) {
        key = publicKeyObject(publicKey);
        keys.set(id, key);
      }
      return verify(null, message, key, signature);
    },
  };
}
