/**
 * Feature extraction for the Bayesian text classifier, shared by training (models/train), the host's
 * inference and the extension's offline model, so that they can never drift. Bump FEATURE_SCHEMA_VERSION on any change here: the
 * shipped model records the version it was trained with and loading refuses a mismatch.
 */
export const FEATURE_SCHEMA_VERSION = 3;
export const TEXT_BUCKETS = 1 << 18;
/** Long inputs are cut: injections sit anywhere, so keep the head and the tail. */
const MAX_CHARS = 4096;

/** 32-bit FNV-1a of a string's UTF-16 code units; also the training scripts' stable fold of a name or text. */
export function fnv1a(s: string, seed = 0): number {
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

const SPACE = 32;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Tokens of the squeezed text: start offset and the ids each contributes (as tokenIds gives them). */
interface Tokens { n: number; start: Int32Array; uni: Int32Array; bi: Int32Array; sh: Int32Array; shBi: Int32Array }

// Scratch reused across calls (a verdict runs this once per text, on the hot path): the squeezed
// text's UTF-16 code units as they are and lowercased, its tokens' shapes one after another (a shape
// is at most as long as its token), its tokens (at most one per character) and char-grams. Sized for
// clip()'s MAX_CHARS + 1 and grown for the rare text that NFKC makes longer.
let capacity = 0;
let origBuf = new Uint16Array(0), lowBuf = new Uint16Array(0), shapeBuf = new Uint16Array(0), gramBuf = new Int32Array(0);
let scratchTokens: Tokens = { n: 0, start: new Int32Array(0), uni: new Int32Array(0), bi: new Int32Array(0), sh: new Int32Array(0), shBi: new Int32Array(0) };
// Rows of one text before padding; grown when a text needs more.
let rowBuf = new Int32Array(1 << 14);

function ensureCapacity(n: number): void {
  if (n <= capacity) return;
  capacity = Math.max(n, MAX_CHARS + 1);
  origBuf = new Uint16Array(capacity);
  lowBuf = new Uint16Array(capacity);
  shapeBuf = new Uint16Array(capacity);
  gramBuf = new Int32Array(capacity);
  scratchTokens = { n: 0, start: new Int32Array(capacity), uni: new Int32Array(capacity), bi: new Int32Array(capacity), sh: new Int32Array(capacity), shBi: new Int32Array(capacity) };
}

// Per code unit, filled on first use: what the regular expressions of the string path say of it.
const SPACE_BIT = 1, WORD_BIT = 2, UPPER_BIT = 4, LETTER_BIT = 8, NUMBER_BIT = 16, KNOWN_BIT = 32;
const classOf = new Uint8Array(65536);
const lowerOf = new Uint16Array(65536);

function charClass(c: number): number {
  let k = classOf[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    const letter = /\p{L}/u.test(ch), number = /\p{N}/u.test(ch);
    k = KNOWN_BIT | (/\s/.test(ch) ? SPACE_BIT : 0) | (letter || number || c === 39 ? WORD_BIT : 0)
      | (/\p{Lu}/u.test(ch) ? UPPER_BIT : 0) | (letter ? LETTER_BIT : 0) | (number ? NUMBER_BIT : 0);
    classOf[c] = k;
    lowerOf[c] = ch.toLowerCase().charCodeAt(0);
  }
  return k;
}

/**
 * normalise + lowerSameLength into origBuf/lowBuf, by code unit: every run of \s becomes one space
 * and each character is lowercased on its own. Returns the squeezed length, or -1 for text where
 * that is not the same as the string path: surrogate pairs (tokens are code points there), İ (its
 * lowercase is two characters) and Σ (its lowercase depends on the letters around it).
 */
function squeeze(src: string): number {
  let len = 0, inSpace = false;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    let space: boolean, low: number;
    if (c < 128) {
      space = c === SPACE || (c >= 9 && c <= 13);
      low = c >= 65 && c <= 90 ? c | 32 : c;
    } else {
      if ((c >= 0xd800 && c <= 0xdfff) || c === 0x130 || c === 0x3a3) return -1;
      space = (charClass(c) & SPACE_BIT) !== 0;
      low = lowerOf[c]!;
    }
    if (space) {
      if (!inSpace) { origBuf[len] = SPACE; lowBuf[len++] = SPACE; inSpace = true; }
      continue;
    }
    inSpace = false;
    origBuf[len] = c;
    lowBuf[len++] = low;
  }
  return len;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

const isWordUnit = (c: number) => c < 128
  ? c === 39 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
  : (charClass(c) & WORD_BIT) !== 0;

/** shape()'s class of one character: a, A, 9, or the character itself. */
function shapeClass(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? 97 : c >= 65 && c <= 90 ? 65 : c >= 48 && c <= 57 ? 57 : c;
  const k = charClass(c);
  return k & UPPER_BIT ? 65 : k & LETTER_BIT ? 97 : k & NUMBER_BIT ? 57 : c;
}

/**
 * tokenIds over the scratch buffers: a token is a run of letters, numbers and apostrophes, or one
 * other non-space character; its lowercase form is the same range of lowBuf. Hashes are fnv1a over
 * the same code units the string version joins. A change to tokenIds' features must be made here
 * too (windowed-features.test.ts compares them).
 */
function bufferTokenIds(len: number): Tokens {
  const mask = TEXT_BUCKETS - 1;
  const t = scratchTokens;
  t.n = 0;
  let prevA = -1, prevB = -1, prevShA = -1, prevShB = -1;
  let i = 0;
  while (i < len) {
    const c = origBuf[i]!;
    if (c === SPACE) { i++; continue; }
    const a = i++;
    if (isWordUnit(c)) while (i < len && isWordUnit(origBuf[i]!)) i++;
    const b = i;
    // Shape: classes of the token's characters with repeats collapsed.
    const shA = prevShB < 0 ? 0 : prevShB;
    let shB = shA, last = -1;
    for (let j = a; j < b; j++) {
      const k = shapeClass(origBuf[j]!);
      if (k !== last) shapeBuf[shB++] = k;
      last = k;
    }
    const n = t.n++;
    t.start[n] = a;
    let h = FNV_OFFSET ^ 1;
    for (let j = a; j < b; j++) h = Math.imul(h ^ lowBuf[j]!, FNV_PRIME);
    t.uni[n] = ((h >>> 0) & mask) | 1;
    h = FNV_OFFSET ^ 4;
    for (let j = shA; j < shB; j++) h = Math.imul(h ^ shapeBuf[j]!, FNV_PRIME);
    t.sh[n] = ((h >>> 0) & mask) | 1;
    if (prevA < 0) { t.bi[n] = 0; t.shBi[n] = 0; }
    else {
      h = FNV_OFFSET ^ 2;
      for (let j = prevA; j < prevB; j++) h = Math.imul(h ^ lowBuf[j]!, FNV_PRIME);
      h = Math.imul(h ^ SPACE, FNV_PRIME);
      for (let j = a; j < b; j++) h = Math.imul(h ^ lowBuf[j]!, FNV_PRIME);
      t.bi[n] = ((h >>> 0) & mask) | 1;
      h = FNV_OFFSET ^ 5;
      for (let j = prevShA; j < prevShB; j++) h = Math.imul(h ^ shapeBuf[j]!, FNV_PRIME);
      h = Math.imul(h ^ SPACE, FNV_PRIME);
      for (let j = shA; j < shB; j++) h = Math.imul(h ^ shapeBuf[j]!, FNV_PRIME);
      t.shBi[n] = ((h >>> 0) & mask) | 1;
    }
    prevA = a; prevB = b; prevShA = shA; prevShB = shB;
  }
  return t;
}

/** The string path: tokenIds on the NFKC-normalised, squeezed string, as typed arrays. */
function unicodeTokens(so: string): Tokens {
  const g = tokenIds(so);
  return { n: g.start.length, start: Int32Array.from(g.start), uni: Int32Array.from(g.uni), bi: Int32Array.from(g.bi), sh: Int32Array.from(g.sh), shBi: Int32Array.from(g.shBi) };
}

// Per-window set of ids already written: a small open-addressing table (stays in cache), keyed by
// id, valid where its generation equals the window's. Grown when a window could overflow half of it.
let setKeys = new Int32Array(1024);
let setGen = new Uint32Array(1024);
let generation = 0;

/** Adds id to the current window's set; false when it was there already. Ids are hashes, so their low bits index the table. */
function isNew(id: number): boolean {
  const slots = setKeys.length - 1;
  let h = id & slots;
  while (setGen[h] === generation) {
    if (setKeys[h] === id) return false;
    h = (h + 1) & slots;
  }
  setGen[h] = generation;
  setKeys[h] = id;
  return true;
}

/**
 * Window feature ids padded with the zero-weight bias bucket into one [windows, width] matrix.
 * Equivalent to textFeatureIds over each of textWindows(text), but every token and char-gram is
 * hashed once for the whole text and windows only select ranges (the hot path of a verdict). Text is
 * handled on code-unit buffers; the rare text with astral characters, İ or Σ goes through tokenIds.
 */
export function windowedFeatureIds(text: string, size = WINDOW_WORDS): { ids: Int32Array; counts: Float32Array; rows: number; width: number } {
  const mask = TEXT_BUCKETS - 1;
  const clipped = clip(text);
  // NFKC leaves ASCII as it is; other text is normalised first, as normalise() does.
  const src = isAscii(clipped) ? clipped : clipped.normalize('NFKC');
  ensureCapacity(src.length);
  let len = squeeze(src);
  let t: Tokens;
  if (len >= 0) t = bufferTokenIds(len);
  else {
    const so = src.replace(/\s+/g, ' ');
    const sq = lowerSameLength(so);
    len = sq.length;
    // lowerSameLength keeps the length, and squeezing only shortens: len <= src.length <= capacity.
    for (let i = 0; i < len; i++) lowBuf[i] = sq.charCodeAt(i);
    t = unicodeTokens(so);
  }
  const low = lowBuf;
  const grams = Math.max(0, len - 3);
  const gram = gramBuf;
  for (let i = 0; i < grams; i++) {
    let h = FNV_OFFSET ^ 3;
    h = Math.imul(h ^ low[i]!, FNV_PRIME);
    h = Math.imul(h ^ low[i + 1]!, FNV_PRIME);
    h = Math.imul(h ^ low[i + 2]!, FNV_PRIME);
    h = Math.imul(h ^ low[i + 3]!, FNV_PRIME);
    gram[i] = ((h >>> 0) & mask) | 1;
  }
  // Windows as character ranges of the squeezed text: runs of non-spaces (the only whitespace left is ' ').
  const chunkStart: number[] = [], chunkEnd: number[] = [];
  for (let i = 0; i < len;) {
    if (low[i] === SPACE) { i++; continue; }
    chunkStart.push(i);
    while (i < len && low[i] !== SPACE) i++;
    chunkEnd.push(i);
  }
  const nChunks = chunkStart.length;
  const rangeA: number[] = [], rangeB: number[] = [];
  if (nChunks <= size) { rangeA.push(chunkStart[0] ?? 0); rangeB.push(chunkEnd[nChunks - 1] ?? 0); }
  else for (let i = 0; ; i += size / 2) {
    rangeA.push(chunkStart[i]!);
    rangeB.push(chunkEnd[Math.min(nChunks, i + size) - 1]!);
    if (i + size >= nChunks) break;
  }
  const rows = rangeA.length;
  // Rows are filled into one buffer first (a window holds at most 1 + 4 ids per token + 1 per char-gram).
  let buf = rowBuf;
  const rowAt = new Int32Array(rows + 1);
  let n = 0, k0 = 0, width = 0;
  for (let r = 0; r < rows; r++) {
    const a = rangeA[r]!, b = rangeB[r]!;
    while (k0 < t.n && t.start[k0]! < a) k0++;
    let kEnd = k0;
    while (kEnd < t.n && t.start[kEnd]! < b) kEnd++;
    const most = 1 + 4 * (kEnd - k0) + Math.max(0, b - a - 3);
    if (n + most > buf.length) { const grown = new Int32Array(Math.max(n + most, buf.length * 2)); grown.set(buf.subarray(0, n)); rowBuf = buf = grown; }
    if (2 * most > setKeys.length) {
      let cap = setKeys.length;
      while (cap < 2 * most) cap *= 2;
      setKeys = new Int32Array(cap);
      setGen = new Uint32Array(cap);
      generation = 0;
    }
    if (++generation === 0xffffffff) { setGen.fill(0); generation = 1; }
    const start = n;
    if (isNew(0)) buf[n++] = 0;
    for (let k = k0; k < kEnd; k++) {
      let id = t.uni[k]!;
      if (isNew(id)) buf[n++] = id;
      id = t.sh[k]!;
      if (isNew(id)) buf[n++] = id;
      if (k > k0) {
        id = t.bi[k]!;
        if (isNew(id)) buf[n++] = id;
        id = t.shBi[k]!;
        if (isNew(id)) buf[n++] = id;
      }
    }
    for (let i = a; i + 4 <= b; i++) {
      const id = gram[i]!;
      if (isNew(id)) buf[n++] = id;
    }
    rowAt[r] = start;
    width = Math.max(width, n - start);
  }
  rowAt[rows] = n;
  const ids = new Int32Array(rows * width);
  const counts = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    ids.set(buf.subarray(rowAt[r]!, rowAt[r + 1]!), r * width);
    counts[r] = rowAt[r + 1]! - rowAt[r]!;
  }
  return { ids, counts, rows, width };
}
