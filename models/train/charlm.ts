import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { NLL_STEP, START_SYMBOL, SYMBOLS, TABLE_SIZE, encodeCharLm, symbolOf, trigramIndex, type CharLm } from '../../shared/src/detectors/gibberish.ts';
import { datasetsArg, injectionSplit, type TextRow } from './data.ts';
import { trainingParts } from './injection-data.ts';

/**
 * Trains the character trigram model of the gibberish detector (shared/src/detectors/gibberish.ts)
 * on the BENIGN rows of datasets/injection/train.jsonl only: dolly, ultrachat, ifeval, wildguard-benign,
 * cyberseceval-mitre-frr and the clean BIPIA documents (including the documents of injected rows with
 * the inserted instruction cut out), so code, tables and emails are ordinary text to it. Interpolated
 * absolute discounting (D = DISCOUNT) over orders 1..3, every trigram stored. No randomness and rows are
 * read in file order, so a retrain writes the same bytes.
 *
 *   node --import tsx models/train/charlm.ts --data ../shared/datasets --out models/charlm.bin
 *
 * WINDOW and the evidence ramp LO..HI (bits per symbol) were chosen on the train split by
 * models/train/gibberish-validate.ts (held-out benign rows and synthetic suffixes).
 */
export const DISCOUNT = 0.75;
export const WINDOW = 32;
export const LO = 5;
export const HI = 6.5;

export interface CharLmOptions { discount: number; window: number; lo: number; hi: number }
export const DEFAULTS: CharLmOptions = { discount: DISCOUNT, window: WINDOW, lo: LO, hi: HI };

/** The benign training texts, each with its source group: label-0 rows, BIPIA documents with their insertion removed. */
export function benignTexts(rows: TextRow[]): { text: string; group: string }[] {
  return trainingParts(rows).filter((p) => p.label === 0).map((p) => ({ text: p.text, group: p.group }));
}

/** Unigram, bigram and trigram counts over the symbol classes. */
export interface Counts { c1: Float64Array; c2: Float64Array; c3: Float64Array }

export function countTexts(texts: Iterable<string>): Counts {
  const c1 = new Float64Array(SYMBOLS), c2 = new Float64Array(SYMBOLS ** 2), c3 = new Float64Array(TABLE_SIZE);
  for (const text of texts) {
    let a = START_SYMBOL, b = START_SYMBOL;
    for (let i = 0; i < text.length; i++) {
      const s = symbolOf(text.charCodeAt(i));
      c1[s]!++;
      c2[b * SYMBOLS + s]!++;
      c3[trigramIndex(a, b, s)]!++;
      a = b;
      b = s;
    }
  }
  return { c1, c2, c3 };
}

/** Sum of several count sets (validation merges the other groups' counts). */
export function mergeCounts(parts: Counts[]): Counts {
  const out = countTexts([]);
  for (const p of parts) {
    for (let i = 0; i < SYMBOLS; i++) out.c1[i]! += p.c1[i]!;
    for (let i = 0; i < out.c2.length; i++) out.c2[i]! += p.c2[i]!;
    for (let i = 0; i < TABLE_SIZE; i++) out.c3[i]! += p.c3[i]!;
  }
  return out;
}

/** P(c | h) = max(C(h c) - D, 0) / C(h) + D T(h) / C(h) · P(c | shorter h), or the shorter estimate for an unseen h. */
function interpolate(counts: Float64Array, at: number, lower: Float64Array, D: number, out: Float64Array): void {
  let total = 0, types = 0;
  for (let c = 0; c < SYMBOLS; c++) { const n = counts[at + c]!; total += n; if (n > 0) types++; }
  for (let c = 0; c < SYMBOLS; c++) out[c] = total === 0 ? lower[c]! : Math.max(counts[at + c]! - D, 0) / total + ((D * types) / total) * lower[c]!;
}

export function buildCharLm(counts: Counts, o: CharLmOptions = DEFAULTS): CharLm {
  const D = o.discount;
  // Add-one unigram, so every symbol has a finite cost.
  let total = 0;
  for (let c = 0; c < SYMBOLS; c++) total += counts.c1[c]!;
  const p1 = Float64Array.from({ length: SYMBOLS }, (_, c) => (counts.c1[c]! + 1) / (total + SYMBOLS));
  const p2 = new Float64Array(SYMBOLS), p3 = new Float64Array(SYMBOLS);
  const table = new Uint8Array(TABLE_SIZE);
  for (let b = 0; b < SYMBOLS; b++) {
    interpolate(counts.c2, b * SYMBOLS, p1, D, p2);
    for (let a = 0; a < SYMBOLS; a++) {
      interpolate(counts.c3, trigramIndex(a, b, 0), p2, D, p3);
      for (let c = 0; c < SYMBOLS; c++) table[trigramIndex(a, b, c)] = Math.min(255, Math.round(-Math.log2(p3[c]!) / NLL_STEP));
    }
  }
  // Non-ASCII characters cost what a space costs on its own: neither odd nor free.
  return { window: o.window, lo: o.lo, hi: o.hi, neutral: -Math.log2(p1[START_SYMBOL]!), table };
}

export function trainCharLm(texts: Iterable<string>, o: CharLmOptions = DEFAULTS): CharLm {
  return buildCharLm(countTexts(texts), o);
}

function main(): void {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 ? process.argv[at + 1] : undefined;
  if (!out) throw new Error('usage: --data <datasets dir> --out models/charlm.bin');
  const texts = benignTexts(injectionSplit(datasetsArg(process.argv), 'train'));
  const bytes = encodeCharLm(trainCharLm(texts.map((t) => t.text)));
  writeFileSync(out, bytes);
  const groups = [...new Set(texts.map((t) => t.group))].join(', ');
  console.log(`charlm: ${texts.length} benign texts (${groups}), ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')} -> ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
