import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
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

/** node:crypto implementation of the audit format's primitives; KeyObjects are cached per key. */
export function nodeAuditCrypto(): AuditCrypto {
  const keys = new Map<string, KeyObject>();
  return {
    sha256(...parts) {
      const h = createHash('sha256');
      for (const p of parts) h.update(p);
      return h.digest();
    },
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
