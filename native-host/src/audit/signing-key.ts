import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { keyIdOf, type AuditCrypto, type AuditSigner } from '@vigil/shared/audit-format/index';
import { rawPublicKey } from './node-crypto.ts';

/** Secret-store entry names. NEXT holds a rotation's new key until the rotation record is durable. */
export const KEY_NAME = 'audit-signing';
export const NEXT_KEY_NAME = 'audit-signing-next';

/** An Ed25519 key pair as the writer holds it; `pkcs8` is what the secret store keeps. */
export interface SigningKey extends AuditSigner {
  readonly pkcs8: Buffer;
  readonly privateKey: KeyObject;
}

export function signingKeyFromPkcs8(c: AuditCrypto, pkcs8: Uint8Array): SigningKey {
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('audit signing key is not Ed25519');
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    pkcs8: Buffer.from(pkcs8),
    privateKey,
    publicKey,
    keyId: keyIdOf(c, publicKey),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

export function generateSigningKey(c: AuditCrypto): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFromPkcs8(c, privateKey.export({ format: 'der', type: 'pkcs8' }));
}

/** PEM (SPKI) of a raw Ed25519 public key: what `<data-dir>/audit-key.pub` and `vigil audit pubkey` show. */
export function publicKeyPem(raw: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
}
