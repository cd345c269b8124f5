import { windowedFeatureIds } from '../../shared/src/detectors/text-features.ts';
import { rocAuc } from '../eval/metrics.ts';
import { injectionSplit, datasetsArg, type TextRow } from './data.ts';
import { ALPHA, LOGISTIC, NORM, aggregate, logisticHeadCoefs, balancedWeights, buildParts, logistic, predict, sourceWeights, trainHeads, withIds, dedupe, type LogisticOptions, type TrainPart } from './bayes.ts';
import { sourceGroup } from './injection-data.ts';
import { combineInjection, detectInjectionRules, INJECTION_THRESHOLD } from '../../shared/src/detectors/index.ts';
import { writeFileSync } from 'node:fs';
import { validationGcgRows } from './charlm-synthetic.ts';

/**
 * Leave-one-source-out validation of the Bayesian injection classifier on the TRAIN split only (the
 * test split is never read here). For each source group, the naive Bayes weights and the logistic
 * layer are fit without it and its rows are scored; the pooled held-out scores give the AUC, per-source
 * AUC against the other class of the pool, and recall at the threshold that keeps 3% of held-out
 * benign rows flagged. Design choices in bayes.ts / text-features.ts were picked with this.
 *
 * --gcg adds the gibberish detector's synthetic suffix rows (charlm-synthetic.ts) as one more held-out
 * group, scored by a model trained without the synthetic suffix family; --dump-scores FILE writes the
 * held-out scores ({source, label, text, score} per row) for models/train/gibberish-validate.ts.
 *
 *   node --import tsx models/train/bayes-validate.ts --data ../shared/datasets [--gcg] [--dump-scores FILE] [--no-split] [--no-synth] [--bipia-attacks-in-both] [--alpha A] [--window N] [--feats 0,1,2,3] [--nonneg-logistic] [--logistic lambda=L,epochs=N,lr=R,unit=text|window,nb=0|1,bipia=0|1 | --no-logistic] [--per-source] [--window-units] [--norm E] [--beta B] [--binary]
 */

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Recall on positives at the score that flags at most `fpr` of the negatives. */
export function recallAtFpr(scores: number[], labels: number[], fpr: number): { recall: number; threshold: number } {
  const neg = scores.filter((s, i) => labels[i] === 0).sort((a, b) => b - a);
  const threshold = neg[Math.floor(fpr * neg.length)] ?? -Infinity;
  const pos = scores.filter((s, i) => labels[i] === 1);
  return { recall: pos.filter((s) => s > threshold).length / pos.length, threshold };
}

/** The logistic head of this run: --no-logistic drops it; --logistic overrides fields of the shipped options. */
function logisticArg(): LogisticOptions | null {
  if (process.argv.includes('--no-logistic')) return null;
  const spec = arg('--logistic');
  if (!spec) return LOGISTIC;
  const o: Record<string, string> = Object.fromEntries(spec.split(',').map((kv) => kv.split('=') as [string, string]));
  const base: LogisticOptions = LOGISTIC ?? { lambda: 1e-4, epochs: 1, lr: 0.25, unit: 'window', nb: true, bipia: false };
  return {
    lambda: Number(o.lambda ?? base.lambda), epochs: Number(o.epochs ?? base.epochs), lr: Number(o.lr ?? base.lr),
    unit: (o.unit ?? base.unit) as 'text' | 'window', nb: o.nb !== undefined ? o.nb === '1' : base.nb, bipia: o.bipia !== undefined ? o.bipia === '1' : base.bipia,
  };
}

function main(): void {
  const rows: TextRow[] = injectionSplit(datasetsArg(process.argv), 'train');
  const alpha = Number(arg('--alpha') ?? ALPHA);
  const window = Number(arg('--window') ?? 8);
  const logisticHead = logisticArg();
  const featArg = arg('--feats')?.split(',').map(Number);
  // --families / --no-families: the second round of synthetic families on or off, whatever is shipped.
  let { parts, synth } = buildParts(rows, process.argv.includes('--families') ? { families: true } : process.argv.includes('--no-families') ? { families: false } : undefined);
  if (process.argv.includes('--no-synth')) synth = [];
  if (process.argv.includes('--no-split')) {
    // The previous design: whole BIPIA rows with their own labels.
    parts = withIds(dedupe(rows.map((r) => ({ text: r.text, label: r.label, group: sourceGroup(r.source), role: r.source.startsWith('bipia') && r.label === 0 ? 'document' as const : 'text' as const }))));
  }
  // Added after the training parts are built, so no fold trains on them.
  if (process.argv.includes('--gcg')) rows.push(...validationGcgRows());
  const groups = [...new Set(rows.map((r) => sourceGroup(r.source)))];
  const feats: Float64Array[] = new Array(rows.length);
  for (const g of groups) {
    // The suffix rows are held out together with the synthetic family of their kind.
    const trainSynth = g.startsWith('synthetic-gcg') ? synth.filter((p) => p.group !== 'synthetic-suffix') : synth;
    const w = trainHeads([...parts.filter((p) => p.group !== g), ...trainSynth] as TrainPart[], alpha, { attackHeadSkipsBipia: !process.argv.includes('--bipia-attacks-in-both'), unit: process.argv.includes('--window-units') ? 'window' : 'text', ...(arg('--beta') ? { beta: Number(arg('--beta')) } : {}), binary: process.argv.includes('--binary'), logistic: logisticHead });
    rows.forEach((r, i) => {
      if (sourceGroup(r.source) !== g) return;
      const a = aggregate(w, windowedFeatureIds(r.text, window), Number(arg("--norm") ?? NORM));
      feats[i] = featArg ? Float64Array.from(featArg.map((k) => a[k]!)) : a;
    });
  }
  const labels = rows.map((r) => r.label);
  // Both classes carry the same total weight, sources equal within a class (as shipped); --per-source: sources equal.
  const weights = process.argv.includes('--per-source') ? sourceWeights(rows) : balancedWeights(rows, labels);
  const scores: number[] = new Array(rows.length);
  for (const g of groups) {
    const tr = rows.map((_, i) => i).filter((i) => sourceGroup(rows[i]!.source) !== g && !rows[i]!.source.startsWith('synthetic-gcg'));
    const m = logistic(tr.map((i) => feats[i]!), tr.map((i) => labels[i]!), tr.map((i) => weights[i]!), 2000, 1e-3, process.argv.includes('--nonneg-logistic') && !featArg ? logisticHeadCoefs(feats[0]!.length) : []);
    rows.forEach((r, i) => { if (sourceGroup(r.source) === g) scores[i] = predict(m, feats[i]!); });
  }
  const featIdx = featArg ?? Array.from({ length: feats[0]!.length }, (_, i) => i);
  if (process.argv.includes('--dump')) {
    for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
      const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
      const avg = featIdx.map((_, k) => own.reduce((a, i) => a + feats[i]![k]!, 0) / own.length);
      console.log(`  mean features ${src.padEnd(28)} ${avg.map((v) => v.toFixed(2).padStart(6)).join(' ')}`);
    }
  }
  const dump = arg('--dump-scores');
  if (dump) writeFileSync(dump, rows.map((r, i) => JSON.stringify({ source: r.source, label: r.label, text: r.text, score: scores[i] })).join('\n') + '\n');
  const at3 = recallAtFpr(scores, labels, 0.03);
  const flagged = (i: number) => scores[i]! >= 0.5;
  console.log(`LOSO (train split) alpha=${alpha} window=${window} feats=${featIdx.join(',')} split=${!process.argv.includes('--no-split')} synth=${synth.length} logistic=${JSON.stringify(logisticHead)}`);
  console.log(`pooled AUC ${(100 * rocAuc(scores, labels)).toFixed(1)}  recall@3%FPR ${(100 * at3.recall).toFixed(1)} (threshold ${at3.threshold.toFixed(3)})`);
  // The verdict's injection score: the held-out model score combined with the injection rules (injection-score.ts).
  const combined = rows.map((r, i) => combineInjection(scores[i]!, detectInjectionRules(r.text)).score);
  const c3 = recallAtFpr(combined, labels, 0.03);
  const benign = combined.filter((_, i) => labels[i] === 0);
  console.log(`with rules: pooled AUC ${(100 * rocAuc(combined, labels)).toFixed(1)}  recall@3%FPR ${(100 * c3.recall).toFixed(1)} (threshold ${c3.threshold.toFixed(3)}); benign flagged at ${INJECTION_THRESHOLD} ${(100 * benign.filter((s) => s >= INJECTION_THRESHOLD).length / benign.length).toFixed(1)}%`);
  for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
    const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
    const cls = labels[own[0]!]!;
    const idx = [...own, ...rows.map((_, i) => i).filter((i) => labels[i] !== cls)];
    const auc = rocAuc(idx.map((i) => scores[i]!), idx.map((i) => labels[i]!));
    const withRules = rocAuc(idx.map((i) => combined[i]!), idx.map((i) => labels[i]!));
    const rate = own.filter(flagged).length / own.length;
    console.log(`  ${src.padEnd(28)} n=${String(own.length).padStart(5)} AUC ${(100 * auc).toFixed(1).padStart(5)}  ${cls ? 'recall' : 'FPR   '}@0.5 ${(100 * rate).toFixed(1).padStart(5)}  with rules AUC ${(100 * withRules).toFixed(1).padStart(5)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
