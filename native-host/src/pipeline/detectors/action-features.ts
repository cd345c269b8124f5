/**
 * Per-action feature vector for the Isolation Forest: shape statistics of the text an action
 * carries (size, randomness, character mix, links). Shared by training and inference; bump
 * ACTION_SCHEMA_VERSION on any change.
 */
export const ACTION_SCHEMA_VERSION = 1;
export const ACTION_DIM = 9;

export function actionVector(text: string): Float32Array {
  const n = Math.max(1, text.length);
  let digits = 0, upper = 0, punct = 0, nonAscii = 0, space = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c > 127) nonAscii++;
    else if (c === 32 || c === 10 || c === 9) space++;
    else if (!(c >= 97 && c <= 122)) punct++;
  }
  let entropy = 0;
  for (const k of counts.values()) entropy -= (k / n) * Math.log2(k / n);
  const tokens = text.split(/\s+/);
  const longest = tokens.reduce((m, t) => Math.max(m, t.length), 0);
  const urls = (text.match(/https?:\/\//g) ?? []).length;
  return Float32Array.of(Math.log1p(text.length), entropy, digits / n, upper / n, punct / n, nonAscii / n, space / n, Math.log1p(longest), Math.log1p(urls));
}
