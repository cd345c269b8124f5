import { injectionSplit, trajectorySplit } from '../train/data.ts';
import type { LoadedModels } from '../../native-host/src/pipeline/detectors/model-loader.ts';
import { injectionScore, anomalyScore, combineRisk, gibberishScore, HOST_GIBBERISH_WEIGHT, INJECTION_THRESHOLD } from '../../native-host/src/pipeline/detectors/ensemble.ts';
import { scanRun, TRAJECTORY_THRESHOLD } from '../../native-host/src/pipeline/detectors/run-scan.ts';
import { rates, rocAuc, type Rates } from './metrics.ts';
import { combineInjection, detectInjectionRules } from '../../shared/src/detectors/index.ts';

/**
 * Injection test split, per source. Sources hold one class each, so each source's AUC is taken
 * against the other class of the whole test split (its positives vs all benign rows, or its
 * benign rows vs all positives); "overall" is the whole split.
 */
export type ModelName = 'bayes' | 'rules' | 'injection' | 'iforest' | 'ensemble';

/**
 * Ensemble risk thresholds at 50/100; the Bayesian model, the injection rules alone and their combination
 * (the verdict's injection score) at the shared injection threshold; iforest at its conventional 0.6.
 */
const THRESHOLDS: Record<ModelName, number> = { bayes: INJECTION_THRESHOLD, rules: INJECTION_THRESHOLD, injection: INJECTION_THRESHOLD, iforest: 0.6, ensemble: 0.5 };

export async function evalInjection(models: LoadedModels, dataDir: string): Promise<Record<ModelName, Record<string, Rates>>> {
  const rows = injectionSplit(dataDir, 'test');
  const per: Record<ModelName, number[]> = { bayes: [], rules: [], injection: [], iforest: [], ensemble: [] };
  for (const r of rows) {
    const bayes = await injectionScore(models, r.text);
    const iforest = await anomalyScore(models, r.text);
    // As in scanText: the gibberish detector counts only when switched on (VIGIL_GIBBERISH_WEIGHT).
    const injection = combineInjection(bayes, detectInjectionRules(r.text), gibberishScore(models, r.text), HOST_GIBBERISH_WEIGHT);
    per.bayes.push(bayes);
    per.rules.push(injection.rules);
    per.injection.push(injection.score);
    per.iforest.push(iforest);
    // Secrets/PII floors are left out: this split scores injection, not data leaks. As in scanText, risk
    // follows the combined injection score.
    per.ensemble.push(combineRisk({ bayes: injection.score, iforest }, 0, 0) / 100);
  }
  const labels = rows.map((r) => r.label);
  return {
    bayes: bySource(rows, per.bayes, labels, THRESHOLDS.bayes),
    rules: bySource(rows, per.rules, labels, THRESHOLDS.rules),
    injection: bySource(rows, per.injection, labels, THRESHOLDS.injection),
    iforest: bySource(rows, per.iforest, labels, THRESHOLDS.iforest),
    ensemble: bySource(rows, per.ensemble, labels, THRESHOLDS.ensemble),
  };
}

function bySource(rows: { source: string; kind: string }[], scores: number[], labels: number[], threshold: number): Record<string, Rates> {
  const out: Record<string, Rates> = { overall: rates(scores, labels, threshold) };
  const benignIdx = rows.map((r, i) => i).filter((i) => ['hard_negative', 'benign', 'document'].includes(rows[i]!.kind));
  const b = benignIdx.map((i) => scores[i]!);
  const bl = benignIdx.map((i) => labels[i]!);
  out['benign+hard-negative'] = { ...rates(b, bl, threshold), auc: NaN };
  // The acceptance point read off the ranking: the whole split at the score that flags at most 3% of
  // the benign and hard-negative rows (a measurement, not a threshold the models use).
  const k = Math.floor(0.03 * b.length);
  const at3 = ([...b].sort((x, y) => y - x)[k] ?? 0) + 1e-9;
  out['overall at 3% benign FPR'] = rates(scores, labels, at3);
  for (const src of [...new Set(rows.map((r) => r.source))].sort()) {
    const own = rows.map((r, i) => i).filter((i) => rows[i]!.source === src);
    const cls = labels[own[0]!]!;
    const other = rows.map((r, i) => i).filter((i) => labels[i] !== cls);
    const idx = [...own, ...other];
    const r = rates(own.map((i) => scores[i]!), own.map((i) => labels[i]!), threshold);
    out[src] = { ...r, auc: rocAuc(idx.map((i) => scores[i]!), idx.map((i) => labels[i]!)) };
  }
  return out;
}

export async function evalTrajectories(models: LoadedModels, dataDir: string): Promise<Rates> {
  const rows = trajectorySplit(dataDir, 'test');
  const scores: number[] = [];
  for (const r of rows) scores.push((await scanRun(models, r.steps)).trajectory.score);
  return rates(scores, rows.map((r) => r.label), TRAJECTORY_THRESHOLD);
}
