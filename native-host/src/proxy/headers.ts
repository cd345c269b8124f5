/** Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Strips hop-by-hop headers (and any the Connection header names) from a raw header list, keeping
 * the original casing, order and repeats (Set-Cookie). `keepUpgrade` keeps Upgrade/Connection for
 * WebSocket handshakes.
 */
export function endToEndHeaders(raw: string[], keepUpgrade = false): string[] {
  // Index loops, no pair arrays: this runs twice per proxied request.
  let named: Set<string> | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() !== 'connection') continue;
    for (const t of (raw[i + 1] as string).split(',')) (named ??= new Set()).add(t.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const k = name.toLowerCase();
    if ((keepUpgrade && (k === 'upgrade' || k === 'connection')) || (!HOP_BY_HOP.has(k) && !named?.has(k))) out.push(name, raw[i + 1] as string);
  }
  return out;
}

/** Replaces (or adds) one header in a raw list. */
export function setRawHeader(raw: string[], name: string, value: string | null): string[] {
  const out: string[] = [];
  for (const [k, v] of toPairs(raw)) if (k.toLowerCase() !== name) out.push(k, v);
  if (value !== null) out.push(name, value);
  return out;
}

export function rawToObject(raw: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of toPairs(raw)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Node's rawHeaders is a flat [name, value, ...] list. */
export function toPairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}
