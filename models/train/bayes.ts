import { writeFileSync } from 'node:fs';
import { TEXT_BUCKETS, FEATURE_SCHEMA_VERSION, textFeatureIds, textWindows } from '../../shared/src/detectors/text-features.ts';
import { injectionSplit, datasetsArg, type TextRow } from './data.ts';
import { encodeModel } from './onnx-writer.ts';

/**
 * Naive Bayes over hashed word 1-2-grams and char 4-grams (binary presence). The per-feature
 * log-likelihood ratios are averaged over the features present, which keeps long clean documents
 * from outvoting a short injected sentence by sheer length; a 1-D logistic (Platt) calibration fit
 * on source-held-out scores maps that mean to a probability. Exported as Gather→ReduceMean→affine→Sigmoid.
 */

const ALPHA = 0.01;

export function trainWeights(rows: TextRow[]): Float32Array {
  const c = [new Float64Array(TEXT_BUCKETS), new Float64Array(TEXT_BUCKETS)];
  const total = [0, 0];
  for (const r of rows) {
    const y = r.label === 1 ? 1 : 0;
    const ids = textFeatureIds(r.text);
    // Each document spreads one unit of mass over its features, so long documents (tables,
    // jailbreak essays) do not make every n-gram look like their class.
    for (const id of ids) (c[y] as Float64Array)[id]! += 1 / ids.length;
    total[y]! += 1;
  }
  const w = new Float32Array(TEXT_BUCKETS);
  for (let j = 1; j < TEXT_BUCKETS; j++) {
    w[j] = Math.log((c[1]![j]! + ALPHA) / (total[1]! + ALPHA * TEXT_BUCKETS)) - Math.log((c[0]![j]! + ALPHA) / (total[0]! + ALPHA * TEXT_BUCKETS));
  }
  return w;
}

/** Reference implementation of the exported graph (before calibration): max over windows of the mean. */
export function meanLogOdds(w: Float32Array, text: string): number {
  let best = -Infinity;
  for (const win of textWindows(text)) {
    const ids = textFeatureIds(win);
    let s = 0;
    for (const id of ids) s += w[id] ?? 0;
    best = Math.max(best, s / ids.length);
  }
  return best;
}

/** Fits p = sigmoid(a*x + b) by gradient descent; x are held-out mean log-odds. */
export function platt(xs: number[], ys: number[]): { a: number; b: number } {
  let a = 1, b = 0;
  for (let it = 0; it < 3000; it++) {
    let ga = 0, gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * xs[i]! + b)));
      ga += (p - ys[i]!) * xs[i]!;
      gb += p - ys[i]!;
    }
    a -= (0.5 * ga) / xs.length;
    b -= (0.5 * gb) / xs.length;
  }
  return { a, b };
}

function main(): void {
  const dir = datasetsArg(process.argv);
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'models/bayes.onnx';
  const rows = injectionSplit(dir, 'train');
  // Three folds by source group so the calibration sees scores on sources the weights never saw
  // (BIPIA clean and injected rows of one task share contexts, so they stay in one fold).
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  const group = (s: string) => (s.startsWith('bipia') ? s.split('-').slice(0, 2).join('-') : s);
  const groups = [...new Set(sources.map(group))];
  const xs: number[] = [], ys: number[] = [];
  for (let fold = 0; fold < 3; fold++) {
    const held = new Set(sources.filter((s) => groups.indexOf(group(s)) % 3 === fold));
    const w = trainWeights(rows.filter((r) => !held.has(r.source)));
    for (const r of rows) if (held.has(r.source)) { xs.push(meanLogOdds(w, r.text)); ys.push(r.label); }
  }
  const { a, b } = platt(xs, ys);
  const w = trainWeights(rows);
  const bytes = encodeModel({
    name: 'vigil-bayes',
    inputs: [{ name: 'ids', dims: ['windows', 'width'] }, { name: 'counts', dims: ['windows'] }],
    outputs: [{ name: 'prob', dims: [1] }],
    nodes: [
      // Padding uses bucket 0, whose weight is 0, so a row sum divided by its count is its mean.
      { op: 'Gather', inputs: ['w', 'ids'], outputs: ['g'] },
      { op: 'ReduceSum', inputs: ['g', 'axis1'], outputs: ['s'], attrs: { keepdims: { int: 0 } } },
      { op: 'Div', inputs: ['s', 'counts'], outputs: ['means'] },
      { op: 'ReduceMax', inputs: ['means'], outputs: ['m'], attrs: { keepdims: { int: 1 } } },
      { op: 'Mul', inputs: ['m', 'a'], outputs: ['ma'] },
      { op: 'Add', inputs: ['ma', 'b'], outputs: ['logit'] },
      { op: 'Sigmoid', inputs: ['logit'], outputs: ['prob'] },
    ],
    initializers: [
      { name: 'w', dims: [TEXT_BUCKETS], data: w },
      { name: 'axis1', dims: [1], data: BigInt64Array.of(1n) },
      { name: 'a', dims: [1], data: Float32Array.of(a) },
      { name: 'b', dims: [1], data: Float32Array.of(b) },
    ],
    metadata: { feature_schema_version: String(FEATURE_SCHEMA_VERSION), trained_on: sources.join(',') },
    inputElemTypes: { ids: 'int32' },
  });
  writeFileSync(out, bytes);
  console.log(`bayes: ${rows.length} rows, platt a=${a.toFixed(3)} b=${b.toFixed(3)} → ${out} (${bytes.length} bytes)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
