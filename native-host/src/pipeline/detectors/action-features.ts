/**
 * Per-action feature vector for the Isolation Forest: shape statistics of the text an action
 * carries (size, randomness, character mix, links). Shared by training and inference; bump
 * ACTION_SCHEMA_VERSION on any change.
 */
export const ACTION_SCHEMA_VERSION = 1;
export const ACTION_DIM = 9;

// Scratch tables reused across calls (a verdict runs this once per text, on the hot path): counts
// per UTF-16 code unit and the order in which each unit first appeared.
const counts = new Int32Array(65536);
const firstSeen = new Uint16Array(65536);

/** The characters `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function actionVector(text: string): Float32Array {
  const n = Math.max(1, text.length);
  let digits = 0, upper = 0, punct = 0, nonAscii = 0, space = 0;
  let distinct = 0, longest = 0, run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const seen = counts[c]!;
    counts[c] = seen + 1;
    if (seen === 0) firstSeen[distinct++] = c;
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c > 127) nonAscii++;
    else if (c === 32 || c === 10 || c === 9) space++;
    else if (!(c >= 97 && c <= 122)) punct++;
    // Longest run between whitespace, as text.split(/\s+/) would give it.
    if (isSpace(c)) run = 0;
    else if (++run > longest) longest = run;
  }
  // Summed in first-appearance order so that the result is bit-identical to the Map-based original.
  let entropy = 0;
  for (let j = 0; j < distinct; j++) {
    const c = firstSeen[j]!;
    const k = counts[c]!;
    entropy -= (k / n) * Math.log2(k / n);
    counts[c] = 0;
  }
  const urls = countUrls(text);
  return Float32Array.of(Math.log1p(text.length), entropy, digits / n, upper / n, punct / n, nonAscii / n, space / n, Math.log1p(longest), Math.log1p(urls));
}

/** Occurrences of `http://` or `https://` (non-overlapping, as /https?:\/\//g counts them). */
function countUrls(text: string): number {
  let urls = 0;
  for (let i = text.indexOf('http'); i >= 0; i = text.indexOf('http', i + 1)) {
    if (text.startsWith('://', i + 4) || text.startsWith('s://', i + 4)) urls++;
  }
  return urls;
}
