import type { DetectorFinding } from './types.ts';

/**
 * Private keys that span lines: PEM blocks (however they are wrapped: string concatenation in
 * code, log prefixes, comment stars, escaped "\n" inside one string) and JSON Web Keys with their
 * private member. The finding covers the whole key, from header to footer.
 */

const BEGIN = /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/g;
// A key body has at least a line's worth of base64 in a row.
const BODY = /[A-Za-z0-9+/]{20,}/;
const BODY_START = /(?=[A-Za-z0-9+/]*[A-Z0-9+/])[A-Za-z0-9+/]{6,}/;
const MAX_KEY = 20_000;

export function detectPrivateKeys(text: string, out: DetectorFinding[]): void {
  if (text.includes('PRIVATE KEY')) {
    BEGIN.lastIndex = 0;
    // Once no footer follows some point, none follows any later one: search once, not per header.
    let noEndAfter = Infinity;
    for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) {
      END.lastIndex = m.index + m[0].length;
      const e = m.index >= noEndAfter ? null : END.exec(text);
      if (e === null) noEndAfter = Math.min(noEndAfter, m.index);
      const closed = e !== null && e.index - m.index < MAX_KEY;
      const stop = closed ? e.index + e[0].length : bodyEnd(text, m.index + m[0].length);
      const body = text.slice(m.index + m[0].length, closed ? e.index : stop);
      BEGIN.lastIndex = stop;
      // Encrypted keys need their passphrase; an elided body ("...") is documentation; a header
      // and footer with nothing between are a template. A paste cut short after the header
      // still leaks the start of the key.
      if (/ENCRYPTED|\.\.\.|…/.test(m[0] + body)) continue;
      if (!(closed ? BODY : BODY_START).test(body)) continue;
      out.push({ type: 'private_key', start: m.index, end: stop, rule: 'pem-private-key' });
    }
  }
  if (text.includes('"kty"')) detectJwk(text, out);
}

/** Without a footer (a truncated paste), the key runs to the end of its line and on while lines carry base64. */
function bodyEnd(text: string, from: number): number {
  let pos = text.indexOf('\n', from);
  let end = pos === -1 ? text.length : pos;
  while (pos !== -1 && pos - from < MAX_KEY) {
    const next = text.indexOf('\n', pos + 1);
    const line = text.slice(pos + 1, next === -1 ? text.length : next);
    if (!/[A-Za-z0-9+/]{40,}|^\s*[A-Za-z0-9+/=]{4,}\s*$/.test(line)) break;
    end = next === -1 ? text.length : next;
    pos = next;
  }
  return end;
}

// A JWK object: "kty" and, in the same object, a private member ("d" for RSA/EC/OKP, "k" for
// symmetric keys). Public keys carry no such member and are not findings.
const JWK_PRIVATE = /"(?:d|k|p|q|dp|dq|qi)"\s*:\s*"([A-Za-z0-9_-]{16,2048})"/g;

// A key object is small; looking further than this around "kty" would rescan the text per key.
const JWK_REACH = 2048;

function detectJwk(text: string, out: DetectorFinding[]): void {
  const kty = /"kty"\s*:/g;
  for (let m = kty.exec(text); m; m = kty.exec(text)) {
    const from = Math.max(0, m.index - JWK_REACH);
    const region = text.slice(from, Math.min(text.length, m.index + JWK_REACH));
    const at = m.index - from;
    const objStart = region.lastIndexOf('{', at);
    let objEnd = region.indexOf('}', at);
    if (objEnd === -1) objEnd = region.length;
    const nested = region.indexOf('{', at);
    if (nested !== -1 && nested < objEnd) objEnd = nested;
    JWK_PRIVATE.lastIndex = objStart === -1 ? at : objStart;
    let last = -1;
    for (let k = JWK_PRIVATE.exec(region); k && k.index < objEnd; k = JWK_PRIVATE.exec(region)) last = k.index + k[0].length;
    if (last === -1) continue;
    out.push({ type: 'private_key', start: m.index, end: from + last, rule: 'jwk-private-key' });
    kty.lastIndex = from + last;
  }
}
