/**
 * Gibberish (perplexity) detector: a character n-gram language model of ordinary text, and the
 * worst stretch of a text under it. Optimised adversarial suffixes (GCG-style "token soup": word
 * pieces, odd casing and punctuation glued together) are far less likely under a model of benign
 * text than prose, code or tables are — the classical perplexity-filter defence (Jain et al. 2023,
 * Alon & Kamfonas 2023), here with a character model small and fast enough for every verdict.
 *
 * Pure and shared by the host and the extension's offline verdict. The model file (models/charlm.bin)
 * is written by models/train/charlm.ts; its layout, the symbol classes and the scoring below are one
 * schema (GIBBERISH_SCHEMA_VERSION), recorded in the file and checked at load.
 */

/** Bumped whenever the symbol classes, the file layout or the scoring change. */
export const GIBBERISH_SCHEMA_VERSION = 1;

const MAGIC = 0x4d4c4756; // "VGLM" little-endian
const HEADER_BYTES = 32;

/**
 * Symbol classes: printable ASCII each its own (letters keep their case: "similarlyNow" is odd, "Now"
 * is not), digits one class (numbers in tables are not gibberish), newline, and everything else.
 */
export const SYMBOLS = 88;
const DIGIT = 0, NEWLINE = 1;
export const OTHER = 2;
const SYM = new Uint8Array(128).fill(OTHER);
{
  let next = 3;
  for (let c = 32; c < 127; c++) {
    if (c >= 48 && c <= 57) SYM[c] = DIGIT;
    else SYM[c] = next++;
  }
  SYM[9] = SYM[32]!; // a tab is a space
  SYM[10] = NEWLINE;
  SYM[13] = NEWLINE;
}
export const symbolOf = (code: number): number => (code < 128 ? SYM[code]! : OTHER);
/** Texts start as if preceded by two spaces. */
export const START_SYMBOL = SYM[32]!;

/**
 * The model: a trigram over the symbol classes, stored dense (SYMBOLS^3 entries), so scoring is one
 * array read per character whatever the text. Orders 4 and 5 (hashed, with back-off) separated
 * held-out benign text from synthetic suffixes no better in validation (AUC 99.0-99.3 for all three)
 * and cost two to three times as much on code, whose longer n-grams are often unseen.
 */
export const ORDER = 3;
export const TABLE_SIZE = SYMBOLS ** 3;
/** NLL values are stored in 1/16 bit steps (0..255 = 0..15.9 bits). */
export const NLL_STEP = 1 / 16;
export const trigramIndex = (a: number, b: number, c: number): number => (a * SYMBOLS + b) * SYMBOLS + c;

export interface CharLm {
  /** Window length (symbols) of the worst-stretch score, and the evidence ramp in bits per symbol (lo → 0, hi → 1). */
  window: number;
  lo: number;
  hi: number;
  /** Cost given to characters outside ASCII (bits). */
  neutral: number;
  /** Quantised NLL of symbol c after symbols a, b at trigramIndex(a, b, c). */
  table: Uint8Array;
}

/** FNV-1a over the table, so a damaged file is refused instead of scoring nonsense. */
export function tableChecksum(table: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) h = Math.imul(h ^ table[i]!, 0x01000193);
  return h >>> 0;
}

/** The model file: 32-byte header (magic, schema, order, symbols, window, lo, hi, neutral, checksum), then the table. Little-endian. */
export function encodeCharLm(lm: CharLm): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + TABLE_SIZE);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, GIBBERISH_SCHEMA_VERSION, true);
  v.setUint8(6, ORDER);
  v.setUint8(7, SYMBOLS);
  v.setUint16(8, lm.window, true);
  v.setFloat32(12, lm.lo, true);
  v.setFloat32(16, lm.hi, true);
  v.setFloat32(20, lm.neutral, true);
  v.setUint32(24, tableChecksum(lm.table), true);
  out.set(lm.table, HEADER_BYTES);
  return out;
}

/** Thrown for a file that is not a character model of this schema; the loaders add the file name. */
export class CharLmFormatError extends Error {
  constructor(message: string, readonly kind: 'corrupt' | 'schema') {
    super(message);
  }
}

export function decodeCharLm(bytes: Uint8Array): CharLm {
  if (bytes.length < HEADER_BYTES) throw new CharLmFormatError(`too short (${bytes.length} bytes)`, 'corrupt');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== MAGIC) throw new CharLmFormatError('not a character language model (bad magic)', 'corrupt');
  const schema = v.getUint16(4, true);
  // A table scored with other symbol classes gives confident nonsense, not an error.
  if (schema !== GIBBERISH_SCHEMA_VERSION || v.getUint8(6) !== ORDER || v.getUint8(7) !== SYMBOLS) {
    throw new CharLmFormatError(`written for gibberish schema v${schema} (order ${v.getUint8(6)}, ${v.getUint8(7)} symbols), this build reads v${GIBBERISH_SCHEMA_VERSION} (order ${ORDER}, ${SYMBOLS} symbols)`, 'schema');
  }
  const window = v.getUint16(8, true), lo = v.getFloat32(12, true), hi = v.getFloat32(16, true), neutral = v.getFloat32(20, true);
  if (window < 1 || !(hi > lo) || !Number.isFinite(neutral)) throw new CharLmFormatError(`implausible header (window ${window}, ramp ${lo}..${hi}, neutral ${neutral})`, 'corrupt');
  if (bytes.length !== HEADER_BYTES + TABLE_SIZE) throw new CharLmFormatError(`${bytes.length} bytes, expected ${HEADER_BYTES + TABLE_SIZE}`, 'corrupt');
  const table = bytes.slice(HEADER_BYTES);
  if (tableChecksum(table) !== v.getUint32(24, true)) throw new CharLmFormatError('checksum mismatch', 'corrupt');
  return { window, lo, hi, neutral, table };
}

/** Reused across calls (grown when needed), so scoring allocates nothing per character. */
let scratch = new Uint8Array(4096);

/**
 * The highest mean NLL (bits per symbol) over any `window` consecutive characters of the text (the
 * whole text when shorter). Characters outside ASCII cost `neutral`: the model is English-centred and
 * must not call other scripts gibberish, while the suffixes it targets are ASCII.
 */
export function worstWindowNll(lm: CharLm, text: string, window = lm.window): number {
  const n = text.length;
  if (n === 0) return 0;
  if (scratch.length < n) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
  const buf = scratch, table = lm.table;
  const neutral = Math.round(lm.neutral / NLL_STEP);
  const w = Math.min(window, n);
  let a = START_SYMBOL, b = START_SYMBOL;
  let sum = 0, worst = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const s = code < 128 ? SYM[code]! : OTHER;
    const q = s === OTHER ? neutral : table[(a * SYMBOLS + b) * SYMBOLS + s]!;
    buf[i] = q;
    sum += q;
    if (i >= w) sum -= buf[i - w]!;
    if (i >= w - 1 && sum > worst) worst = sum;
    a = b;
    b = s;
  }
  return (worst * NLL_STEP) / w;
}

/** Evidence 0..1 that the text holds a stretch of token soup: the worst window on the model's ramp. */
export function gibberishEvidence(lm: CharLm, text: string): number {
  const x = (worstWindowNll(lm, text) - lm.lo) / (lm.hi - lm.lo);
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}
