import * as ort from 'onnxruntime-web';
import { asFinding, detectSecrets, detectPii } from '@vigil/shared/detectors/index';
import { detectInjectionRules, combineInjection, injectionRuleFindings, INJECTION_THRESHOLD, injectionRisk } from '@vigil/shared/detectors/index';
import type { Verdict } from '@vigil/shared';
import { windowedFeatureIds, gibberishEvidence, GIBBERISH_WEIGHT } from '@vigil/shared/detectors/index';
import { ACTION_DIM, actionVector } from './action-features.ts';
import type { LoadedModels } from './model-loader.ts';

/**
 * Combines the models and the deterministic detectors into one Verdict. Deterministic findings
 * are certain evidence and set a floor on risk; model scores add to it.
 */

/** One threshold and one score combination for the host and the extension (shared/src/detectors/injection-score.ts). */
export { INJECTION_THRESHOLD, injectionRisk };

export interface ScanResult extends Verdict {
  injection: { score: number; flagged: boolean };
  secrets: { type: string; start: number; end: number; rule: string }[];
  pii: { type: string; start: number; end: number; rule: string }[];
}

/**
 * Weight of the gibberish detector in the host's injection score: VIGIL_GIBBERISH_WEIGHT (0..1, e.g.
 * 0.5, the validated weight) or the shared default (0, off: see GIBBERISH_WEIGHT). Read once at start-up.
 */
export function gibberishWeightFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.VIGIL_GIBBERISH_WEIGHT;
  if (raw === undefined || raw === '') return GIBBERISH_WEIGHT;
  const w = Number(raw);
  if (!(w >= 0 && w < 1)) throw new Error(`VIGIL_GIBBERISH_WEIGHT must be a number in [0, 1), got "${raw}"`);
  return w;
}
export const HOST_GIBBERISH_WEIGHT = gibberishWeightFrom(process.env);

/** The gibberish evidence (0..1), or 0 without scoring when the detector is off. */
export const gibberishScore = (models: LoadedModels, text: string, weight = HOST_GIBBERISH_WEIGHT): number => (weight > 0 ? gibberishEvidence(models.charlm, text) : 0);

/** The Bayesian model's probability alone; the verdict's injection score also weighs the rules (combineInjection). */
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

/** The deterministic detectors' findings and data-leak explanations, shared by both verdicts below. */
function deterministic(text: string) {
  const secrets = detectSecrets(text);
  const pii = detectPii(text);
  const rules = detectInjectionRules(text);
  const findings = [...secrets.map(asFinding('secrets', 1)), ...pii.map(asFinding('pii', 0.6)), ...injectionRuleFindings(rules)];
  const explanations: string[] = [];
  if (secrets.length) explanations.push(`${secrets.length} credential(s): ${[...new Set(secrets.map((s) => s.type))].join(', ')}`);
  if (pii.length) explanations.push(`${pii.length} personal-data item(s): ${[...new Set(pii.map((s) => s.type))].join(', ')}`);
  return { secrets, pii, rules, findings, explanations };
}

/**
 * What the deterministic rules alone find: credentials, personal data and injection phrasings, with a
 * risk floor. Also the whole verdict when the models cannot answer in time (see the pipeline's time budget).
 */
export function scanTextRulesOnly(text: string): ScanResult {
  const { secrets, pii, rules, findings, explanations } = deterministic(text);
  const injection = combineInjection(0, rules);
  if (injection.explanation) explanations.unshift(injection.explanation);
  return { risk: combineRisk({ bayes: injection.score, iforest: 0 }, secrets.length, pii.length), findings, scores: {}, explanations, injection: { score: injection.score, flagged: injection.flagged }, secrets, pii };
}

export async function scanText(models: LoadedModels, text: string, opts: { cusum?: number } = {}): Promise<ScanResult> {
  const { secrets, pii, rules, findings, explanations: ruleExplanations } = deterministic(text);
  const bayes = await injectionScore(models, text);
  const iforest = await anomalyScore(models, text);
  const injection = combineInjection(bayes, rules, gibberishScore(models, text), HOST_GIBBERISH_WEIGHT);
  const explanations: string[] = [];
  if (injection.explanation) explanations.push(injection.explanation);
  explanations.push(...ruleExplanations);
  if (iforest >= 0.6) explanations.push(`unusual shape for an action (anomaly ${iforest.toFixed(2)})`);
  if (opts.cusum !== undefined && opts.cusum >= 1) explanations.push('traffic to this destination is bursting or drifting upward');
  const scores = { bayes, iforest, ...(opts.cusum !== undefined ? { cusum: opts.cusum } : {}) };
  // Risk follows the combined injection score; scores.bayes stays the model's own output.
  const risk = combineRisk({ ...scores, bayes: injection.score }, secrets.length, pii.length);
  return {
    risk, findings, scores, explanations,
    injection: { score: injection.score, flagged: injection.flagged }, secrets, pii,
  };
}
