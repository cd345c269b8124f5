/**
 * Feature extraction for the Bayesian text classifier, shared by training (models/train), the host's
 * inference and the extension's offline model, so that they can never drift. Bump FEATURE_SCHEMA_VERSION on any change here: the
 * shipped model records the version it was trained with and loading refuses a mismatch.
 */
export const FEATURE_SCHEMA_VERSION = 3;
export const TEXT_BUCKETS = 1 << 18;
/** Long inputs are cut: injections sit anywhere, so keep the head and the tail. */
const MAX_CHARS = 4096;

function fnv1a(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function clip(text: string): string {
  return text.length <= MAX_CHARS ? text : text.slice(0, MAX_CHARS / 2) + ' ' + text.slice(-MAX_CHARS / 2);
}

/**
 * Word shape: letters, digits and other characters collapsed into runs ("similarlyNow" → "aAa",
 * "Sure" → "Aa", "2024" → "9"). Adversarial suffixes (GCG-style token soup) are made of rare words
 * whose own n-grams were never seen in training, but their shapes (mid-word capitals, punctuation
 * clusters) are few and general.
 */
function shape(tok: string): string {
  let out = '';
  let last = '';
  for (const ch of tok) {
    const k = ch.charCodeAt(0);
    const c = k >= 97 && k <= 122 ? 'a' : k >= 65 && k <= 90 ? 'A' : k >= 48 && k <= 57 ? '9' : k < 128 ? ch
      : /\p{Lu}/u.test(ch) ? 'A' : /\p{L}/u.test(ch) ? 'a' : /\p{N}/u.test(ch) ? '9' : ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const TOKEN = /[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu;

/**
 * Per token of the whitespace-squeezed text: its start and the ids it contributes given the token
 * before it (word unigram, word bigram, shape unigram, shape bigram). Bigram ids are 0 for the first
 * token of the text; windows drop a window's first bigrams since their left word is outside it.
 */
function tokenIds(so: string): { start: number[]; uni: number[]; bi: number[]; sh: number[]; shBi: number[] } {
  const mask = TEXT_BUCKETS - 1;
  const start: number[] = [], uni: number[] = [], bi: number[] = [], sh: number[] = [], shBi: number[] = [];
  let prev = '', prevShape = '';
  for (const m of so.matchAll(TOKEN)) {
    const w = m[0].toLowerCase();
    const s = shape(m[0]);
    start.push(m.index);
    uni.push((fnv1a(w, 1) & mask) | 1);
    bi.push(prev === '' ? 0 : (fnv1a(`${prev} ${w}`, 2) & mask) | 1);
    sh.push((fnv1a(s, 4) & mask) | 1);
    shBi.push(prev === '' ? 0 : (fnv1a(`${prevShape} ${s}`, 5) & mask) | 1);
    prev = w;
    prevShape = s;
  }
  return { start, uni, bi, sh, shBi };
}

/** The text as features see it: clipped, Unicode-normalised (NFKC folds full-width and styled letters), whitespace squeezed. */
function normalise(text: string): string {
  return clip(text).normalize('NFKC').replace(/\s+/g, ' ');
}

/**
 * Distinct hashed features of one text: word 1-2-grams, word-shape 1-2-grams and character 4-grams
 * (lowercased); bucket 0 is the always-present bias.
 */
export function textFeatureIds(text: string): Int32Array {
  const so = normalise(text);
  const sq = lowerSameLength(so);
  const t = tokenIds(so);
  const mask = TEXT_BUCKETS - 1;
  const ids = new Set<number>([0]);
  for (let k = 0; k < t.start.length; k++) {
    ids.add(t.uni[k]!);
    ids.add(t.sh[k]!);
    if (k > 0) { ids.add(t.bi[k]!); ids.add(t.shBi[k]!); }
  }
  for (let i = 0; i + 4 <= sq.length; i++) ids.add((fnv1a(sq.slice(i, i + 4), 3) & mask) | 1);
  return Int32Array.from(ids);
}

/** Lowercase that keeps character offsets (a few letters grow when lowercased; those keep their case). */
function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (const ch of s) {
    const c = ch.toLowerCase();
    out += c.length === ch.length ? c : ch;
  }
  return out;
}

export const WINDOW_WORDS = 8;

/**
 * Overlapping windows of `size` whitespace-separated words, stride half that. The classifier scores
 * each window and compares the most suspicious one with the text's own average, so one injected
 * instruction inside a long clean document is not averaged away and a document is not flagged only
 * for being long.
 */
export function textWindows(text: string, size = WINDOW_WORDS): string[] {
  const words = normalise(text).split(' ').filter((w) => w !== '');
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; ; i += size / 2) {
    out.push(words.slice(i, i + size).join(' '));
    if (i + size >= words.length) break;
  }
  return out;
}

const seen = new Int32Array(TEXT_BUCKETS);
let stamp = 0;

/**
 * Window feature ids padded with the zero-weight bias bucket into one [windows, width] matrix.
 * Equivalent to textFeatureIds over each of textWindows(text), but every token and char-gram is
 * hashed once for the whole text and windows only select ranges (the hot path of a verdict).
 */
export function windowedFeatureIds(text: string, size = WINDOW_WORDS): { ids: Int32Array; counts: Float32Array; rows: number; width: number } {
  const mask = TEXT_BUCKETS - 1;
  const so = normalise(text);
  const sq = lowerSameLength(so);
  const t = tokenIds(so);
  const gram = new Int32Array(Math.max(0, sq.length - 3));
  for (let i = 0; i < gram.length; i++) gram[i] = (fnv1a(sq.slice(i, i + 4), 3) & mask) | 1;
  // Windows as character ranges of the squeezed text.
  const chunks = [...sq.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const ranges: [number, number][] = [];
  if (chunks.length <= size) ranges.push([chunks[0]?.[0] ?? 0, chunks.at(-1)?.[1] ?? 0]);
  else for (let i = 0; ; i += size / 2) {
    const last = Math.min(chunks.length, i + size) - 1;
    ranges.push([chunks[i]![0], chunks[last]![1]]);
    if (i + size >= chunks.length) break;
  }
  let k0 = 0;
  const per: number[][] = ranges.map(([a, b]) => {
    stamp++;
    const out = [0];
    seen[0] = stamp;
    const add = (id: number) => { if (seen[id] !== stamp) { seen[id] = stamp; out.push(id); } };
    while (k0 < t.start.length && t.start[k0]! < a) k0++;
    for (let k = k0; k < t.start.length && t.start[k]! < b; k++) {
      add(t.uni[k]!);
      add(t.sh[k]!);
      if (k > k0) { add(t.bi[k]!); add(t.shBi[k]!); }
    }
    for (let i = a; i + 4 <= b; i++) add(gram[i]!);
    return out;
  });
  const width = Math.max(...per.map((p) => p.length));
  const ids = new Int32Array(per.length * width);
  const counts = new Float32Array(per.length);
  per.forEach((p, r) => {
    ids.set(p, r * width);
    counts[r] = p.length;
  });
  return { ids, counts, rows: per.length, width };
}
