import { createHash } from 'node:crypto';
import { EXTENSION_PUBLIC_KEY } from '@vigil/shared';

/** Chrome's rule: the first 32 hex digits of SHA-256(DER public key), with digits 0-f mapped to a-p. */
export function extensionIdFromKey(publicKeyBase64 = EXTENSION_PUBLIC_KEY): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}
