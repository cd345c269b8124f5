/**
 * Feature extraction for the Bayesian text classifier, shared by training (models/train), the host's
 * inference and the extension's offline model, so that they can never drift. Bump FEATURE_SCHEMA_VERSION on any change here: the
 * shipped model records the version it was trained with and loading refuses a mismatch.
 */
export const FEATURE_SCHEMA_VERSION = 2;
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

/** Distinct hashed word 1-2-grams and character 4-grams; bucket 0 is the always-present bias. */
export function textFeatureIds(text: string): Int32Array {
  const t = clip(text).toLowerCase();
  const ids = new Set<number>([0]);
  const words = t.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu) ?? [];
  const mask = TEXT_BUCKETS - 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    ids.add((fnv1a(w, 1) & mask) | 1);
    if (i > 0) ids.add((fnv1a(`${words[i - 1]} ${w}`, 2) & mask) | 1);
  }
  const squeezed = t.replace(/\s+/g, ' ');
  for (let i = 0; i + 4 <= squeezed.length; i++) ids.add((fnv1a(squeezed.slice(i, i + 4), 3) & mask) | 1);
  return Int32Array.from(ids);
}

const WINDOW_WORDS = 8;

/**
 * Overlapping 8-word windows (stride 4; 8 beat 12, 16, 24, 40 and 64 in leave-one-source-out
 * validation on the train split). The classifier scores each window and keeps the
 * maximum, so one injected instruction inside a long clean document is not averaged away.
 */
export function textWindows(text: string): string[] {
  const words = clip(text).split(/\s+/).filter((w) => w !== '');
  if (words.length <= WINDOW_WORDS) return [text];
  const out: string[] = [];
  for (let i = 0; ; i += WINDOW_WORDS / 2) {
    out.push(words.slice(i, i + WINDOW_WORDS).join(' '));
    if (i + WINDOW_WORDS >= words.length) break;
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
export function windowedFeatureIds(text: string): { ids: Int32Array; counts: Float32Array; rows: number; width: number } {
  const mask = TEXT_BUCKETS - 1;
  const t = clip(text).toLowerCase();
  const sq = t.replace(/\s+/g, ' ');
  const tokStart: number[] = [], uni: number[] = [], bi: number[] = [];
  let prev = '';
  for (const m of sq.matchAll(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu)) {
    tokStart.push(m.index);
    uni.push((fnv1a(m[0], 1) & mask) | 1);
    bi.push(prev === '' ? 0 : (fnv1a(`${prev} ${m[0]}`, 2) & mask) | 1);
    prev = m[0];
  }
  const gram = new Int32Array(Math.max(0, sq.length - 3));
  for (let i = 0; i < gram.length; i++) gram[i] = (fnv1a(sq.slice(i, i + 4), 3) & mask) | 1;
  // Windows as character ranges of the squeezed text, WINDOW_WORDS whitespace-separated words, stride half that.
  const chunks = [...sq.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const ranges: [number, number][] = [];
  if (chunks.length <= WINDOW_WORDS) ranges.push([0, sq.length]);
  else for (let i = 0; ; i += WINDOW_WORDS / 2) {
    const last = Math.min(chunks.length, i + WINDOW_WORDS) - 1;
    ranges.push([chunks[i]![0], chunks[last]![1]]);
    if (i + WINDOW_WORDS >= chunks.length) break;
  }
  const per: number[][] = ranges.map(([a, b]) => {
    stamp++;
    const out = [0];
    seen[0] = stamp;
    const add = (id: number) => { if (seen[id] !== stamp) { seen[id] = stamp; out.push(id); } };
    let first = true;
    for (let k = 0; k < tokStart.length; k++) {
      if (tokStart[k]! < a || tokStart[k]! >= b) continue;
      add(uni[k]!);
      if (!first && bi[k]) add(bi[k]!);
      first = false;
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
