import { writeFileSync } from 'node:fs';
import { TEXT_BUCKETS, FEATURE_SCHEMA_VERSION, textFeatureIds, windowedFeatureIds } from '../../shared/src/detectors/text-features.ts';
import { injectionSplit, datasetsArg, type TextRow } from './data.ts';
import { trainingParts, sourceGroup, type Part } from './injection-data.ts';
import { syntheticRows, SYNTHETIC_FAMILIES } from './injection-synthetic.ts';
import { encodeModel } from './onnx-writer.ts';
import { trainLogisticHead, type Unit } from './bayes-logistic.ts';

/**
 * Two multinomial naive Bayes heads over hashed word 1-2-grams, word-shape 1-2-grams and char
 * 4-grams, scored on 8-word windows:
 *  - "attack": injection/jailbreak text against benign text (requests, look-alikes, documents);
 *  - "addressed": text written to an assistant (any request, benign or not) against documents.
 * (Optionally, not shipped: see LOGISTIC, a third, discriminative head on the same features,
 * bayes-logistic.ts: a Gaussian-prior (L2, MAP) logistic regression for the attack label on
 * naive-Bayes-scaled features (NBSVM), whose per-window score is the same mean over the window's ids,
 * so it costs one more column in the Gather.)
 * A window's score is the mean log-likelihood ratio of its features. The text's score combines, per
 * head, the most suspicious window and the mean over windows (the text's own baseline), so an
 * instruction addressed to the assistant inside data stands out while a long clean document does not
 * win by having many windows. A logistic regression fit on scores of sources held out of the weights
 * (source-grouped folds) combines the four (six) numbers and calibrates them, so 0.5 means even odds.
 * Exported as Gather→ReduceSum→Div→{ReduceMax, ReduceMean}→Concat→Mul→ReduceSum→Add→Sigmoid.
 */

/** Heads in a weight table interleaved [bucket][head]: two naive Bayes heads, plus the logistic head when trained. */
export const headsOf = (w: Float32Array) => w.length / TEXT_BUCKETS;
/**
 * Smoothing pseudo-count per bucket, by leave-one-source-out validation (bayes-validate.ts, pooled AUC /
 * recall at 3% FPR): 0.001 88.6 / 33.0, 0.003 89.5 / 37.6, 0.01 88.5 / 41.1, 0.1 87.0 / 38.9. A text
 * spreads one unit over its features, so a long jailbreak gives each n-gram ~1/1500, and a large
 * alpha drowns what long texts teach.
 */
export const ALPHA = 0.003;

export interface Counts { c: Float64Array[]; n: number[] }

/** Per-class feature mass for one head: each text spreads one unit of mass over its distinct features. */
function count(parts: { ids: Int32Array; y: number; w: number }[], spread = true): Counts {
  const c = [new Float64Array(TEXT_BUCKETS), new Float64Array(TEXT_BUCKETS)];
  const n = [0, 0];
  for (const p of parts) {
    const m = c[p.y]!;
    // spread: a text's unit mass shared by its features; otherwise each present feature counts 1 (document frequency).
    const each = spread ? p.w / p.ids.length : p.w;
    for (const id of p.ids) m[id] = m[id]! + each;
    n[p.y]! += spread ? p.w : p.w * p.ids.length;
  }
  return { c, n };
}

/**
 * Per-bucket log-likelihood ratios. 'count': the same pseudo-count alpha added to both classes' counts
 * (with unequal class sizes this gives every unseen or rare n-gram a fixed push toward the smaller
 * class's opposite). 'frequency': smoothing beta added to each class's relative frequency, so an
 * n-gram seen in neither class weighs exactly 0.
 */
export type Smoothing = { kind: 'count'; alpha: number } | { kind: 'frequency'; beta: number };

function logRatios({ c, n }: Counts, sm: Smoothing): Float32Array {
  const w = new Float32Array(TEXT_BUCKETS);
  if (sm.kind === 'count') {
    const d1 = n[1]! + sm.alpha * TEXT_BUCKETS, d0 = n[0]! + sm.alpha * TEXT_BUCKETS;
    for (let j = 1; j < TEXT_BUCKETS; j++) w[j] = Math.log((c[1]![j]! + sm.alpha) / d1) - Math.log((c[0]![j]! + sm.alpha) / d0);
  } else {
    for (let j = 1; j < TEXT_BUCKETS; j++) w[j] = Math.log(c[1]![j]! / n[1]! + sm.beta) - Math.log(c[0]![j]! / n[0]! + sm.beta);
  }
  return w;
}

export interface TrainPart extends Part { ids: Int32Array; wins: Int32Array[] }

function windowIds(text: string): Int32Array[] {
  const f = windowedFeatureIds(text);
  return Array.from({ length: f.rows }, (_, r) => f.ids.slice(r * f.width, r * f.width + f.counts[r]!));
}

export const withIds = (parts: Part[]): TrainPart[] => parts.map((p) => ({ ...p, ids: textFeatureIds(p.text), wins: windowIds(p.text) }));

export interface HeadOptions { attackHeadSkipsBipia?: boolean; unit?: 'text' | 'window'; beta?: number; binary?: boolean; logistic?: LogisticOptions | null }

/**
 * The third head: Gaussian-prior logistic regression for the attack label (bayes-logistic.ts).
 * unit: what it is fit on; nb: NBSVM scaling by the attack head's log-count ratios; bipia: whether
 * BIPIA's inserted instructions count as attacks for it.
 */
export interface LogisticOptions { lambda: number; epochs: number; lr: number; unit: 'text' | 'window'; nb: boolean; bipia: boolean }

/**
 * Not shipped (null). Leave-one-source-out validation on the train split (bayes-validate.ts; pooled
 * AUC / recall at 3% benign FPR, the model alone, then combined with the injection rules as the verdict does):
 *   no logistic head (two naive Bayes heads)              89.5 / 37.6   91.2 / 46.0
 *   logistic on whole texts, plain features               89.8 / 43.0   91.7 / 51.5
 *   NBSVM on whole texts (lambda 1e-3 / 1e-4 / 1e-5)      91.0 / 90.8 / 90.8 AUC, 92.8 / 92.6 / 92.6 with rules
 *   NBSVM on windows, 4 epochs                            91.9 / 51.3   93.3 / 61.0
 *     the same with BIPIA's inserted instructions         87.0 / 46.9   90.4 / 55.3
 *   NBSVM on windows + second synthetic round, 4 epochs   91.6 / 53.1   93.0 / 62.6
 *     8 epochs                                            91.1 / 54.5   92.7 / 62.2
 *     2 epochs (without the second round: 92.4 / 51.4)    92.2 / 53.5   93.5 / 62.9
 *     1 epoch, lr 0.5 / 0.25 / 0.1                        93.1 / 93.4 / 93.1 AUC, 94.2 / 94.4 / 94.2 with rules
 *     1 epoch, lr 0.25 (the validation winner)            93.4 / 54.6   94.4 / 64.1
 * On the test split that winner fell to verdict AUC 87.9 and recall 44.0 at 3% benign FPR (shipped
 * model 90.3 / 55.3; model alone 84.9 vs 89.0; clean BIPIA tables 51.4, GCG 79.7, PAIR 78.8). Its whole
 * gain came from the combining layer subtracting the head (see --nonneg-logistic below): a correction
 * fit to the train sources' structure that did not transfer (short jailbreaks such as a one-line DAN
 * prompt scored 0.10). Kept as an option so the experiment can be rerun:
 *   { lambda: 1e-4, epochs: 1, lr: 0.25, unit: 'window', nb: true, bipia: false }
 */
export const LOGISTIC: LogisticOptions | null = null;

/**
 * Source-balanced unit weights: every (source group, class) pair weighs the same within its class
 * (synthetic rows are one group), the two classes the same in total; a text's windows share its weight.
 */
function balancedUnits(parts: TrainPart[], y: (p: TrainPart) => number, unit: 'text' | 'window'): Unit[] {
  const key = (p: TrainPart) => `${p.group.startsWith('synthetic') ? 'synthetic' : p.group}\u0000${y(p)}`;
  const n = new Map<string, number>();
  for (const p of parts) n.set(key(p), (n.get(key(p)) ?? 0) + 1);
  const groups = [0, 1].map((c) => [...n.keys()].filter((k) => k.endsWith(`\u0000${c}`)).length);
  return parts.flatMap((p) => {
    const w = 1 / n.get(key(p))! / groups[y(p)]!;
    return unit === 'text' ? [{ ids: p.ids, y: y(p), w }] : p.wins.map((ids) => ({ ids, y: y(p), w: w / p.wins.length }));
  });
}

/**
 * The units the counts are taken over. 'window': every window a text is scored by at inference is a
 * unit; a text of n windows weighs sqrt(n) (long jailbreaks and documents count more than a short
 * question, not n times more).
 */
function units(parts: TrainPart[], y: (p: TrainPart) => number, unit: 'text' | 'window') {
  if (unit === 'text') return parts.map((p) => ({ ids: p.ids, y: y(p), w: 1 }));
  return parts.flatMap((p) => p.wins.map((ids) => ({ ids, y: y(p), w: 1 / Math.sqrt(p.wins.length) })));
}

/** Head weights, interleaved [bucket][head] as the ONNX Gather reads them. */
export function trainHeads(parts: TrainPart[], alpha = ALPHA, opts: HeadOptions = { attackHeadSkipsBipia: true }): Float32Array {
  const unit = opts.unit ?? 'text';
  // BIPIA's inserted instructions are mostly harmless requests ("What is the capital of Brazil?")
  // that are attacks only by where they sit; they teach the "addressed" head, not the "attack" head
  // (leave-one-source-out: pooled AUC 88.4 against 88.2 with them in both).
  const forAttack = opts.attackHeadSkipsBipia ? parts.filter((p) => p.role !== 'attack') : parts;
  const sm: Smoothing = opts.beta !== undefined ? { kind: 'frequency', beta: opts.beta } : { kind: 'count', alpha };
  // "Addressed": everything that is not a document is a message to an assistant.
  const addressed = logRatios(count(units(parts, (p) => (p.role === 'document' ? 0 : 1), unit), !opts.binary), sm);
  // One attack head for direct injections and long persona jailbreaks alike: a separate jailbreak head
  // collapsed in leave-one-source-out (pooled AUC 62.7; held-out garak 3.5).
  const heads = [logRatios(count(units(forAttack, (p) => p.label, unit), !opts.binary), sm), addressed];
  const lo = opts.logistic === undefined ? LOGISTIC : opts.logistic;
  if (lo) {
    const fit = lo.bipia ? parts : parts.filter((p) => p.role !== 'attack');
    heads.push(trainLogisticHead(balancedUnits(fit, (p) => p.label, lo.unit), { ...lo, ...(lo.nb ? { scale: heads[0]! } : {}) }));
  }
  const H = heads.length;
  const w = new Float32Array(TEXT_BUCKETS * H);
  for (let j = 0; j < TEXT_BUCKETS; j++) for (let h = 0; h < H; h++) w[j * H + h] = heads[h]![j]!;
  return w;
}

/**
 * A window's score is its summed log-likelihood ratio divided by (feature count)^NORM. The mean
 * (NORM 1) is shipped. sqrt(n) won leave-one-source-out on the train split by far (pooled AUC 97.3,
 * recall 73.2 at 3% FPR, against 88.5 / 41.1 for the mean; the raw sum 83.8 / 0) but its evidence
 * grows with window length, and every attack source of the train split is longer than its benign
 * sources, so it learnt length: on the test split it fell to AUC 78.8 and put every short text at ~0.
 */
export const NORM = 1;

/**
 * Reference of the exported graph before the logistic layer: [max over windows, mean over windows]
 * per head. (Adding the minimum window did not help in leave-one-source-out validation: pooled AUC
 * 87.5 against 88.4.)
 */
export function aggregate(w: Float32Array, f: { ids: Int32Array; counts: Float32Array; rows: number; width: number }, norm = NORM): Float64Array {
  const H = headsOf(w);
  const out = new Float64Array(2 * H);
  for (let h = 0; h < H; h++) { out[h] = -Infinity; out[H + h] = 0; }
  for (let r = 0; r < f.rows; r++) {
    for (let h = 0; h < H; h++) {
      let s = 0;
      for (let k = 0; k < f.width; k++) s += w[f.ids[r * f.width + k]! * H + h]!;
      const mean = s / (norm === 1 ? f.counts[r]! : Math.pow(f.counts[r]!, norm));
      out[h] = Math.max(out[h]!, mean);
      out[H + h]! += mean / f.rows;
    }
  }
  return out;
}

/** Weighted logistic regression by gradient descent (features are few and on similar scales). */
export function logistic(xs: Float64Array[], ys: number[], ws: number[], iters = 4000, l2 = 1e-3, nonNegative: readonly number[] = []): { coef: Float64Array; bias: number } {
  const d = xs[0]!.length;
  const coef = new Float64Array(d);
  let bias = 0;
  const wsum = ws.reduce((a, b) => a + b, 0);
  const g = new Float64Array(d);
  for (let it = 0; it < iters; it++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      let z = bias;
      for (let k = 0; k < d; k++) z += coef[k]! * xs[i]![k]!;
      const e = (ws[i]! * (1 / (1 + Math.exp(-z)) - ys[i]!)) / wsum;
      for (let k = 0; k < d; k++) g[k]! += e * xs[i]![k]!;
      gb += e;
    }
    for (let k = 0; k < d; k++) coef[k]! -= 0.5 * (g[k]! + l2 * coef[k]!);
    for (const k of nonNegative) coef[k] = Math.max(0, coef[k]!);
    bias -= 0.5 * gb;
  }
  return { coef, bias };
}

/** Sources count the same within a class and the two classes the same in total, so 0.5 is even odds under equal priors. */
export function balancedWeights(rows: { source: string }[], labels: number[]): number[] {
  const sw = sourceWeights(rows);
  const total = [0, 1].map((c) => sw.reduce((a, v, i) => a + (labels[i] === c ? v : 0), 0));
  return sw.map((v, i) => v / total[labels[i]!]!);
}

/**
 * (Not shipped; bayes-validate.ts --nonneg-logistic.) The combining layer's coefficients on the
 * logistic head kept >= 0. Left free, the layer gives the head's mean a negative weight: it subtracts
 * the head from the naive Bayes attack mean it closely tracks, so per bucket the text model weighs
 * r_j·(a − b·w_j), naive Bayes evidence shrunk where the logistic fit leaned on it hardest. That is
 * where all of the head's leave-one-source-out gain comes from: with the constraint, pooled AUC 89.5
 * and recall 38.2 at 3% FPR, the same as without the head.
 */
export const logisticHeadCoefs = (d: number): number[] => (d === 6 ? [2, 5] : []);

export const predict = (m: { coef: Float64Array; bias: number }, x: Float64Array) => {
  let z = m.bias;
  for (let k = 0; k < x.length; k++) z += m.coef[k]! * x[k]!;
  return 1 / (1 + Math.exp(-z));
};

/** Each source counts the same in the logistic fit, whatever its size. */
export function sourceWeights(rows: { source: string }[]): number[] {
  const n = new Map<string, number>();
  for (const r of rows) n.set(r.source, (n.get(r.source) ?? 0) + 1);
  return rows.map((r) => 1 / n.get(r.source)!);
}

/**
 * Scores every train row with weights that never saw its source group (out-of-fold), the input of
 * the logistic layer. Synthetic rows are always in the weights; they are never scored.
 */
export function outOfFold(rows: TextRow[], parts: TrainPart[], synth: TrainPart[], alpha = ALPHA): Float64Array[] {
  const groups = [...new Set(rows.map((r) => sourceGroup(r.source)))];
  const feats: Float64Array[] = new Array(rows.length);
  for (const g of groups) {
    const w = trainHeads([...parts.filter((p) => p.group !== g), ...synth], alpha);
    rows.forEach((r, i) => { if (sourceGroup(r.source) === g) feats[i] = aggregate(w, windowedFeatureIds(r.text)); });
  }
  return feats;
}

export function dedupe(parts: Part[]): Part[] {
  const seen = new Set<string>();
  return parts.filter((p) => { const k = `${p.label}${p.role}\u0000${p.text}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

export function buildParts(rows: TextRow[], opts: { families?: boolean } = { families: SYNTHETIC_FAMILIES }): { parts: TrainPart[]; synth: TrainPart[] } {
  const parts = withIds(dedupe(trainingParts(rows)));
  const synth = withIds(syntheticRows(7, opts).map((r) => ({ text: r.text, label: r.label, group: r.source, role: r.kind === 'document' ? 'document' as const : 'text' as const })));
  return { parts, synth };
}

/** The ONNX graph: the same computation as predict(lr, aggregate(w, windowedFeatureIds(text))). */
export function exportModel(w: Float32Array, lr: { coef: Float64Array; bias: number }, trainedOn: string): Uint8Array {
  return encodeModel({
    name: 'vigil-bayes',
    inputs: [{ name: 'ids', dims: ['windows', 'width'] }, { name: 'counts', dims: ['windows'] }],
    outputs: [{ name: 'prob', dims: [1] }],
    nodes: [
      // Padding uses bucket 0, whose weights are 0, so a row sum divided by its count is its mean.
      { op: 'Gather', inputs: ['w', 'ids'], outputs: ['g'] },
      { op: 'ReduceSum', inputs: ['g', 'axis1'], outputs: ['s'], attrs: { keepdims: { int: 0 } } },
      { op: 'Unsqueeze', inputs: ['counts', 'axis1'], outputs: ['n'] },
      { op: 'Div', inputs: ['s', 'n'], outputs: ['means'] },
      { op: 'ReduceMax', inputs: ['means'], outputs: ['top'], attrs: { axes: { ints: [0] }, keepdims: { int: 0 } } },
      { op: 'ReduceMean', inputs: ['means'], outputs: ['base'], attrs: { axes: { ints: [0] }, keepdims: { int: 0 } } },
      { op: 'Concat', inputs: ['top', 'base'], outputs: ['x'], attrs: { axis: { int: 0 } } },
      { op: 'Mul', inputs: ['x', 'coef'], outputs: ['wx'] },
      { op: 'ReduceSum', inputs: ['wx', 'axis0'], outputs: ['z'], attrs: { keepdims: { int: 1 } } },
      { op: 'Add', inputs: ['z', 'bias'], outputs: ['logit'] },
      { op: 'Sigmoid', inputs: ['logit'], outputs: ['prob'] },
    ],
    initializers: [
      { name: 'w', dims: [TEXT_BUCKETS, headsOf(w)], data: w },
      { name: 'axis0', dims: [1], data: BigInt64Array.of(0n) },
      { name: 'axis1', dims: [1], data: BigInt64Array.of(1n) },
      { name: 'coef', dims: [2 * headsOf(w)], data: Float32Array.from(lr.coef) },
      { name: 'bias', dims: [1], data: Float32Array.of(lr.bias) },
    ],
    metadata: { feature_schema_version: String(FEATURE_SCHEMA_VERSION), trained_on: trainedOn },
    inputElemTypes: { ids: 'int32' },
  });
}

function main(): void {
  const dir = datasetsArg(process.argv);
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'models/bayes.onnx';
  const rows = injectionSplit(dir, 'train');
  const { parts, synth } = buildParts(rows);
  const feats = outOfFold(rows, parts, synth);
  const labels = rows.map((r) => r.label);
  const lr = logistic(feats, labels, balancedWeights(rows, labels));
  const w = trainHeads([...parts, ...synth]);
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const bytes = exportModel(w, lr, sources.join(',') + ',synthetic templates (models/train/injection-synthetic.ts)');
  writeFileSync(out, bytes);
  console.log(`bayes: ${rows.length} rows → ${parts.length} parts + ${synth.length} synthetic; logistic [max, mean]×[attack, addressed${headsOf(w) > 2 ? ', logistic' : ''}] = [${[...lr.coef].map((c) => c.toFixed(3)).join(', ')}] bias ${lr.bias.toFixed(3)} → ${out} (${bytes.length} bytes)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
