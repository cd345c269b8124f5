/**
 * The Bayesian classifier's feature extraction for the offscreen document: a copy of
 * native-host/src/pipeline/detectors/text-features.ts (the extension may not import host code, and
 * that folder belongs to the pipeline). text-features.test.ts checks that both give identical
 * features, so the copy cannot drift silently; moving the original into shared/ would remove it.
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

const WINDOW_WORDS = 8;

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
