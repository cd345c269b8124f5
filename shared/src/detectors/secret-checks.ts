/**
 * Structural checks some credential formats allow: a checksum inside the token, or a base64
 * payload with a known layout. A value that passes is real key material even if it looks
 * low-entropy; one that fails is a made-up value in the right shape.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes base64 or base64url to a latin-1 string (one char per byte); null if it is not base64. */
export function decodeBase64(s: string): string | null {
  let bits = 0, acc = 0, out = '';
  for (const ch of s) {
    if (ch === '=') break;
    const v = B64_INDEX.get(ch === '-' ? '+' : ch === '_' ? '/' : ch);
    if (v === undefined) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

let crcTable: Uint32Array | undefined;
function crc32(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = crcTable[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** GitHub (and npm) tokens end in six base62 digits of the CRC32 of the random part before them. */
export function githubChecksumValid(body: string): boolean {
  if (body.length < 12) return false;
  let n = crc32(body.slice(0, -6));
  let enc = '';
  while (n > 0) {
    enc = B62[n % 62] + enc;
    n = Math.floor(n / 62);
  }
  return enc.padStart(6, '0') === body.slice(-6);
}

/** A JWT's header and payload are base64url JSON objects; the header names an algorithm. */
export function jwtValid(token: string): boolean {
  const [h, p] = token.split('.');
  if (h === undefined || p === undefined) return false;
  const header = decodeBase64(h), payload = decodeBase64(p);
  if (header === null || payload === null) return false;
  return /^\s*\{/.test(header) && /"(?:alg|typ|kid)"\s*:/.test(header) && /^\s*\{\s*"/.test(payload);
}

/** Atlassian Data Center PATs are base64 of a 12-digit key id, a colon and random bytes. */
export function atlassianPatValid(token: string): boolean {
  const d = decodeBase64(token);
  return d !== null && /^\d{12}:/.test(d);
}

/**
 * Base64 of a PEM private key block. Encrypted keys ("Proc-Type: 4,ENCRYPTED") are safe to store;
 * the header may be cut short where code splits the string over lines.
 */
export function base64PemIsPlainKey(token: string): boolean {
  const d = decodeBase64(token.slice(0, 400));
  return d !== null && /^-----BEGIN [A-Z0-9 ]*PRIVATE/.test(d) && !/ENCRYPTED/.test(d);
}

/** Base64 of a JSON Web Key (or set) with a private member ("d", or "k" for a symmetric key). */
export function base64JwkIsPrivate(token: string): boolean {
  const d = decodeBase64(token);
  return d !== null && /"kty"\s*:/.test(d) && /"(?:d|k)"\s*:\s*"[A-Za-z0-9_-]{16,}"/.test(d);
}

/** Bech32 checksum (BIP 173), as age secret keys carry: a mistyped or invented key fails it. */
export function bech32Valid(s: string): boolean {
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const values: number[] = [];
  for (const ch of lower.slice(0, sep)) values.push(ch.charCodeAt(0) >> 5);
  values.push(0);
  for (const ch of lower.slice(0, sep)) values.push(ch.charCodeAt(0) & 31);
  for (const ch of lower.slice(sep + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v === -1) return false;
    values.push(v);
  }
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk === 1;
}
