import { windowedFeatureIds } from '../../shared/src/detectors/text-features.ts';
import { rocAuc } from '../eval/metrics.ts';
import { injectionSplit, datasetsArg, type TextRow } from './data.ts';
import { AGG, ALPHA, NORM, aggregate, balancedWeights, buildParts, logistic, predict, relative, sourceWeights, trainHeads, withIds, dedupe, type TrainPart } from './bayes.ts';
import { sourceGroup } from './injection-data.ts';

/**
 * Leave-one-source-out validation of the Bayesian injection classifier on the TRAIN split only (the
 * test split is never read here). For each source group, the naive Bayes weights and the logistic
 * layer are fit without it and its rows are scored; the pooled held-out scores give the AUC, per-source
 * AUC against the other class of the pool, and recall at the threshold that keeps 3% of held-out
 * benign rows flagged. Design choices in bayes.ts / text-features.ts were picked with this.
 *
 *   node --import tsx models/train/bayes-validate.ts --data ../shared/datasets [--no-split] [--no-synth] [--bipia-attacks-in-both] [--alpha A] [--window N] [--relative | --feats 0,1,2,3] [--per-source] [--window-units] [--norm E] [--beta B] [--binary]
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

function main(): void {
  const rows: TextRow[] = injectionSplit(datasetsArg(process.argv), 'train');
  const alpha = Number(arg('--alpha') ?? ALPHA);
  const window = Number(arg('--window') ?? 8);
  const featIdx = (arg('--feats') ?? Array.from({ length: AGG }, (_, i) => i).join(',')).split(',').map(Number);
  let { parts, synth } = buildParts(rows);
  if (process.argv.includes('--no-synth')) synth = [];
  if (process.argv.includes('--no-split')) {
    // The previous design: whole BIPIA rows with their own labels.
    parts = withIds(dedupe(rows.map((r) => ({ text: r.text, label: r.label, group: sourceGroup(r.source), role: r.source.startsWith('bipia') && r.label === 0 ? 'document' as const : 'text' as const }))));
  }
  const groups = [...new Set(rows.map((r) => sourceGroup(r.source)))];
  const feats: Float64Array[] = new Array(rows.length);
  for (const g of groups) {
    const w = trainHeads([...parts.filter((p) => p.group !== g), ...synth] as TrainPart[], alpha, { attackHeadSkipsBipia: !process.argv.includes('--bipia-attacks-in-both'), unit: process.argv.includes('--window-units') ? 'window' : 'text', ...(arg('--beta') ? { beta: Number(arg('--beta')) } : {}), binary: process.argv.includes('--binary') });
    rows.forEach((r, i) => {
      if (sourceGroup(r.source) !== g) return;
      const a = aggregate(w, windowedFeatureIds(r.text, window), Number(arg("--norm") ?? NORM));
      feats[i] = process.argv.includes('--relative') ? relative(a) : Float64Array.from(featIdx.map((k) => a[k]!));
    });
  }
  const labels = rows.map((r) => r.label);
  // Both classes carry the same total weight, sources equal within a class (as shipped); --per-source: sources equal.
  const weights = process.argv.includes('--per-source') ? sourceWeights(rows) : balancedWeights(rows, labels);
  const scores: number[] = new Array(rows.length);
  for (const g of groups) {
    const tr = rows.map((_, i) => i).filter((i) => sourceGroup(rows[i]!.source) !== g);
    const m = logistic(tr.map((i) => feats[i]!), tr.map((i) => labels[i]!), tr.map((i) => weights[i]!), 2000);
    rows.forEach((r, i) => { if (sourceGroup(r.source) === g) scores[i] = predict(m, feats[i]!); });
  }
  if (process.argv.includes('--dump')) {
    for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
      const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
      const avg = featIdx.map((_, k) => own.reduce((a, i) => a + feats[i]![k]!, 0) / own.length);
      console.log(`  mean features ${src.padEnd(28)} ${avg.map((v) => v.toFixed(2).padStart(6)).join(' ')}`);
    }
  }
  const at3 = recallAtFpr(scores, labels, 0.03);
  const flagged = (i: number) => scores[i]! >= 0.5;
  console.log(`LOSO (train split) alpha=${alpha} window=${window} feats=${featIdx.join(',')} split=${!process.argv.includes('--no-split')} synth=${synth.length}`);
  console.log(`pooled AUC ${(100 * rocAuc(scores, labels)).toFixed(1)}  recall@3%FPR ${(100 * at3.recall).toFixed(1)} (threshold ${at3.threshold.toFixed(3)})`);
  for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
    const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
    const cls = labels[own[0]!]!;
    const idx = [...own, ...rows.map((_, i) => i).filter((i) => labels[i] !== cls)];
    const auc = rocAuc(idx.map((i) => scores[i]!), idx.map((i) => labels[i]!));
    const rate = own.filter(flagged).length / own.length;
    console.log(`  ${src.padEnd(28)} n=${String(own.length).padStart(5)} AUC ${(100 * auc).toFixed(1).padStart(5)}  ${cls ? 'recall' : 'FPR   '}@0.5 ${(100 * rate).toFixed(1).padStart(5)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
