import { readJsonl, datasetsArg, injectionSplit } from './data.ts';
import { sourceGroup } from './injection-data.ts';
import { codeTexts } from './charlm-code.ts';
import { benignTexts, buildCharLm, countTexts, mergeCounts, DEFAULTS, type CharLmOptions, type Counts } from './charlm.ts';
import { recallAtFpr } from './bayes-validate.ts';
import { rocAuc } from '../eval/metrics.ts';
import { worstWindowNll, type CharLm } from '../../shared/src/detectors/gibberish.ts';
import { fnv1a } from '../../shared/src/detectors/text-features.ts';
import { detectInjectionRules, ruleScoreOf, INJECTION_THRESHOLD } from '../../shared/src/detectors/index.ts';

/**
 * Chooses the gibberish detector's knobs on the TRAIN split only (the test split is never read):
 * - benign rows are scored by a character model trained WITHOUT their source group (leave-one-source-
 *   out: a pessimistic view for code and tables, whose only examples are then gone) and, with --kfold,
 *   by one trained without their own fifth of the rows (the shipped situation: the domain is known);
 * - attack rows of the train split and the synthetic suffix rows (charlm-synthetic.ts) by the model of
 *   all benign rows (it never trains on an attack);
 * - the Bayesian score of every row is its held-out score from bayes-validate.ts (the suffix rows by a
 *   model trained without the synthetic suffix family), combined with the injection rules and the
 *   gibberish evidence as in injection-score.ts.
 *
 *   node --import tsx models/train/bayes-validate.ts --data ../shared/datasets --gcg --dump-scores /tmp/bayes-heldout.jsonl
 *   node --import tsx models/train/gibberish-validate.ts --data ../shared/datasets --bayes /tmp/bayes-heldout.jsonl [--windows 32,64] [--kfold] [--grid] [--lo 5 --hi 6.5 --weight 0.5]
 *
 * --grid prints pooled AUC, recall at 3% benign FPR and benign/suffix flag rates for a grid of ramps and
 * weights; --weight (with --lo/--hi) prints the flag rate per source, held out both ways. Shipped choice:
 * window 32, ramp 5..6.5, weight 0.5 (see GIBBERISH_VALIDATED_WEIGHT in injection-score.ts).
 */

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Scored { source: string; label: number; text: string; score: number }

const pct = (x: number) => (100 * x).toFixed(1);
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN; };

/** Worst-window NLL of every row under its held-out model, per window length. */
function heldOutNll(rows: Scored[], groupCounts: Map<string, Counts>, foldCounts: Map<string, Counts[]> | null, o: CharLmOptions, windows: number[]): number[][] {
  const groups = [...groupCounts.keys()];
  const all = buildCharLm(mergeCounts([...groupCounts.values()]), o);
  const out = windows.map(() => new Array<number>(rows.length));
  const score = (lm: CharLm, i: number) => windows.forEach((w, k) => (out[k]![i] = worstWindowNll(lm, rows[i]!.text, w)));
  rows.forEach((r, i) => { if (r.label === 1 || !groups.includes(sourceGroup(r.source))) score(all, i); });
  for (const g of groups) {
    const own = rows.map((_, i) => i).filter((i) => rows[i]!.label === 0 && sourceGroup(rows[i]!.source) === g);
    if (foldCounts) {
      // In-domain: the model of everything but this row's fifth of its own group.
      const folds = foldCounts.get(g)!;
      for (let f = 0; f < folds.length; f++) {
        const lm = buildCharLm(mergeCounts([...groups.filter((h) => h !== g).map((h) => groupCounts.get(h)!), ...folds.filter((_, k) => k !== f)]), o);
        for (const i of own) if (foldOf(rows[i]!.text) === f) score(lm, i);
      }
    } else {
      const lm = buildCharLm(mergeCounts(groups.filter((h) => h !== g).map((h) => groupCounts.get(h)!)), o);
      for (const i of own) score(lm, i);
    }
  }
  return out;
}

/** A row's fifth for k-fold, from its text, so a training text and a scored row that are the same string fall in the same fold. */
export const foldOf = (text: string): number => fnv1a(text) % 5;

/** Per group, the counts of the four folds other than f, for f = 0..4 (the k-fold training sets). */
function foldCountsOf(texts: { text: string; group: string }[], groups: string[]): Map<string, Counts[]> {
  return new Map(groups.map((g) => {
    const own = texts.filter((t) => t.group === g);
    return [g, [0, 1, 2, 3, 4].map((f) => countTexts(own.filter((t) => foldOf(t.text) !== f).map((t) => t.text)))] as const;
  }));
}

const ramp = (x: number, lo: number, hi: number) => (x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo));

function report(rows: Scored[], combined: number[], label: string, pooledIdx: number[]): { auc: number; r3: number; fpr: number } {
  const s = pooledIdx.map((i) => combined[i]!), l = pooledIdx.map((i) => rows[i]!.label);
  const auc = rocAuc(s, l), r3 = recallAtFpr(s, l, 0.03).recall;
  const benign = pooledIdx.filter((i) => rows[i]!.label === 0);
  const fpr = benign.filter((i) => combined[i]! >= INJECTION_THRESHOLD).length / benign.length;
  const bySource = [...new Set(rows.map((r) => r.source))].sort().map((src) => {
    const own = rows.map((_, i) => i).filter((i) => rows[i]!.source === src);
    const rate = own.filter((i) => combined[i]! >= INJECTION_THRESHOLD).length / own.length;
    return `${src}=${pct(rate)}`;
  });
  console.log(`${label}: pooled AUC ${pct(auc)} recall@3%FPR ${pct(r3)} benign flagged@${INJECTION_THRESHOLD} ${pct(fpr)}%\n    flagged@${INJECTION_THRESHOLD} per source: ${bySource.join(' ')}`);
  return { auc, r3, fpr };
}

function main(): void {
  const dir = datasetsArg(process.argv);
  const bayesFile = arg('--bayes');
  if (!bayesFile) throw new Error('usage: --bayes <held-out scores from bayes-validate.ts --gcg --dump-scores>');
  const rows = readJsonl<Scored>(bayesFile);
  const windows = (arg('--windows') ?? String(DEFAULTS.window)).split(',').map(Number);
  const kfold = process.argv.includes('--kfold');
  const texts = benignTexts(injectionSplit(dir, 'train'));
  // --code: installed packages' source as one more benign group, always trained on (it has no rows to score).
  if (process.argv.includes('--code')) texts.push(...codeTexts().texts.map((text) => ({ text, group: 'installed-code' })));
  const rules = rows.map((r) => ruleScoreOf(detectInjectionRules(r.text)));
  const base = rows.map((r, i) => 1 - (1 - r.score) * (1 - rules[i]!));
  // Pooled: the train split and the suffix rows; the plain harmful requests are reported on their own.
  const pooled = rows.map((_, i) => i).filter((i) => rows[i]!.source !== 'synthetic-gcg-plain');
  const benignIdx = pooled.filter((i) => rows[i]!.label === 0);
  const before = report(rows, base, 'today (model + rules)', pooled);
  const groups = [...new Set(texts.map((t) => t.group))];
  const groupCounts = new Map(groups.map((g) => [g, countTexts(texts.filter((t) => t.group === g).map((t) => t.text))] as const));
  {
    const o = DEFAULTS;
    // k-fold: fold f of a group holds the texts with foldOf(text) === f; the other four folds train. BIPIA
    // documents recur with small edits across rows, so for BIPIA this view is optimistic (LOSO is pessimistic).
    const foldCounts = kfold ? foldCountsOf(texts, groups) : null;
    const nll = heldOutNll(rows, groupCounts, foldCounts, o, windows);
    windows.forEach((w, k) => {
      const x = nll[k]!;
      const gcg = rows.map((_, i) => i).filter((i) => rows[i]!.source === 'synthetic-gcg');
      const aucIdx = [...gcg, ...benignIdx];
      const q = (src: string) => { const v = rows.map((_, i) => i).filter((i) => rows[i]!.source === src).map((i) => x[i]!); return `${src} p50 ${quantile(v, 0.5).toFixed(2)} p97 ${quantile(v, 0.97).toFixed(2)} p99 ${quantile(v, 0.99).toFixed(2)}`; };
      console.log(`\nwindow ${w}${kfold ? ' (k-fold)' : ' (LOSO)'}: raw NLL AUC synthetic-gcg vs held-out benign ${pct(rocAuc(aucIdx.map((i) => x[i]!), aucIdx.map((i) => rows[i]!.label)))}`);
      for (const src of [...new Set(rows.map((r) => r.source))].sort()) console.log(`  ${q(src)}`);
      if (!process.argv.includes('--grid')) return;
      // Ramp start in bits per symbol (absolute: the held-out quantiles differ between LOSO and k-fold).
      const plain = benignIdx.filter((i) => !rows[i]!.source.startsWith('bipia'));
      let best: { key: string; r3: number; auc: number } | null = null;
      for (const lo of [4.5, 4.7, 5, 5.5, 6]) {
        for (const span of [1, 1.5, 2]) {
          for (const wgt of [0.4, 0.5, 0.6, 0.7]) {
            const hi = lo + span;
            const comb = rows.map((r, i) => 1 - (1 - base[i]!) * (1 - wgt * ramp(x[i]!, lo, hi)));
            const s = pooled.map((i) => comb[i]!), l = pooled.map((i) => rows[i]!.label);
            const auc = rocAuc(s, l), r3 = recallAtFpr(s, l, 0.03).recall;
            const rate = (idx: number[]) => idx.filter((i) => comb[i]! >= INJECTION_THRESHOLD).length / idx.length;
            const key = `lo ${lo} hi ${hi} w ${wgt}`;
            console.log(`    ${key}: AUC ${pct(auc)} r@3% ${pct(r3)} benign@${INJECTION_THRESHOLD} ${pct(rate(benignIdx))} (non-BIPIA ${pct(rate(plain))}) gcg@${INJECTION_THRESHOLD} ${pct(rate(gcg))}`);
            if (rate(benignIdx) <= before.fpr + 0.003 && auc >= before.auc && (!best || r3 > best.r3)) best = { key, r3, auc };
          }
        }
      }
      console.log(`  best (benign FPR within +0.3 pt of today, AUC not lower): ${best?.key ?? 'none'}`);
    });
  }
  const wantLo = Number(arg('--lo') ?? DEFAULTS.lo), wantHi = Number(arg('--hi') ?? DEFAULTS.hi), wantW = Number(arg('--weight') ?? NaN);
  if (Number.isFinite(wantW)) {
    for (const fold of [false, true]) {
      const foldCounts = fold ? foldCountsOf(texts, groups) : null;
      const x = heldOutNll(rows, groupCounts, foldCounts, DEFAULTS, [windows[0]!])[0]!;
      report(rows, rows.map((_, i) => 1 - (1 - base[i]!) * (1 - wantW * ramp(x[i]!, wantLo, wantHi))), `with gibberish (window ${windows[0]}, ramp ${wantLo}..${wantHi}, weight ${wantW}; ${fold ? 'k-fold' : 'LOSO'})`, pooled);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
