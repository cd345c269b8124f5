import * as ort from 'onnxruntime-web';
import { detectSecrets, detectPii, type DetectorFinding } from '@vigil/shared/detectors/index';
import type { Finding, Verdict } from '@vigil/shared';
import { windowedFeatureIds } from '@vigil/shared/detectors/index';
import { ACTION_DIM, actionVector } from './action-features.ts';
import type { LoadedModels } from './model-loader.ts';

/**
 * Combines the models and the deterministic detectors into one Verdict. Deterministic findings
 * are certain evidence and set a floor on risk; model scores add to it.
 */

/**
 * Injection probability at or above this is flagged. The model is calibrated so 0.5 is even odds
 * between the classes; the flag sits where leave-one-source-out validation on the train split kept 3%
 * of held-out benign texts flagged (0.762, models/train/bayes-validate.ts), not tuned on test.
 */
export const INJECTION_THRESHOLD = 0.75;

/** Injection share of risk: monotone in the probability, and 50 exactly at the flag threshold. */
export const injectionRisk = (p: number) => (p < INJECTION_THRESHOLD ? (50 * p) / INJECTION_THRESHOLD : 50 + (50 * (p - INJECTION_THRESHOLD)) / (1 - INJECTION_THRESHOLD));

export interface ScanResult extends Verdict {
  injection: { score: number; flagged: boolean };
  secrets: { type: string; start: number; end: number; rule: string }[];
  pii: { type: string; start: number; end: number; rule: string }[];
}

export async function injectionScore(models: LoadedModels, text: string): Promise<number> {
  const f = windowedFeatureIds(text);
  const out = await models.bayes.run({
    ids: new ort.Tensor('int32', f.ids, [f.rows, f.width]),
    counts: new ort.Tensor('float32', f.counts, [f.rows]),
  });
  const prob = out.prob?.data as Float32Array | undefined;
  return prob?.[0] ?? 0;
}

/** Isolation Forest anomaly score of the text's shape, 0..1 (0.5 ≈ ordinary). */
export async function anomalyScore(models: LoadedModels, text: string): Promise<number> {
  const out = await models.iforest.run({ x: new ort.Tensor('float32', actionVector(text), [1, ACTION_DIM]) });
  return (out.score?.data as Float32Array | undefined)?.[0] ?? 0;
}

/**
 * Ensemble: the Bayesian score carries injection risk; an unusually shaped action (Isolation
 * Forest above 0.6) and a traffic burst (CUSUM ≥ 1) add bounded amounts, because on their own
 * they are weak evidence of harm.
 */
export function combineRisk(s: { bayes: number; iforest: number; cusum?: number }, secrets: number, pii: number): number {
  const floor = secrets ? 80 : pii ? 40 : 0;
  const anomaly = 25 * Math.max(0, (s.iforest - 0.6) / 0.4);
  const burst = s.cusum !== undefined && s.cusum >= 1 ? 20 : 0;
  const model = Math.min(100, injectionRisk(s.bayes) + anomaly + burst);
  return Math.round(Math.max(floor, model, secrets && s.bayes >= INJECTION_THRESHOLD ? 95 : 0));
}

const toFinding = (detector: string, score: number) => (d: DetectorFinding): Finding => ({
  detector, type: d.type, span: { start: d.start, end: d.end }, score, explain: `${d.type} (rule ${d.rule})`,
});

/**
 * What the deterministic rules alone find: credentials and personal data, with a risk floor. Also the
 * whole verdict when the models cannot answer in time (see the pipeline's time budget).
 */
export function scanTextRulesOnly(text: string): ScanResult {
  const secrets = detectSecrets(text);
  const pii = detectPii(text);
  const findings = [...secrets.map(toFinding('secrets', 1)), ...pii.map(toFinding('pii', 0.6))];
  const explanations: string[] = [];
  if (secrets.length) explanations.push(`${secrets.length} credential(s): ${[...new Set(secrets.map((s) => s.type))].join(', ')}`);
  if (pii.length) explanations.push(`${pii.length} personal-data item(s): ${[...new Set(pii.map((s) => s.type))].join(', ')}`);
  return { risk: combineRisk({ bayes: 0, iforest: 0 }, secrets.length, pii.length), findings, scores: {}, explanations, injection: { score: 0, flagged: false }, secrets, pii };
}

export async function scanText(models: LoadedModels, text: string, opts: { cusum?: number } = {}): Promise<ScanResult> {
  const { secrets, pii, findings, explanations: ruleExplanations } = scanTextRulesOnly(text);
  const bayes = await injectionScore(models, text);
  const iforest = await anomalyScore(models, text);
  const flagged = bayes >= INJECTION_THRESHOLD;
  const explanations: string[] = [];
  if (flagged) explanations.push(`text reads as prompt injection or jailbreak (p=${bayes.toFixed(2)})`);
  explanations.push(...ruleExplanations);
  if (iforest >= 0.6) explanations.push(`unusual shape for an action (anomaly ${iforest.toFixed(2)})`);
  if (opts.cusum !== undefined && opts.cusum >= 1) explanations.push('traffic to this destination is bursting or drifting upward');
  const scores = { bayes, iforest, ...(opts.cusum !== undefined ? { cusum: opts.cusum } : {}) };
  const risk = combineRisk(scores, secrets.length, pii.length);
  return {
    risk, findings, scores, explanations,
    injection: { score: bayes, flagged }, secrets, pii,
  };
}
