import type { Finding } from '../types.ts';
import type { InjectionFinding } from './injection-rules.ts';
import { asFinding } from './types.ts';

/**
 * One definition of the injection verdict for the host and the extension's offline fallback: the
 * Bayesian model's probability combined with the deterministic rule evidence, and the flag threshold.
 */

/**
 * Injection score at or above this is flagged. The model is calibrated so 0.5 is even odds between
 * the classes; the flag sits where leave-one-source-out validation on the train split kept 3% of
 * held-out benign texts flagged (0.762, models/train/bayes-validate.ts), not tuned on test. Rule
 * weights are set against the same line: a rule at or above it flags on its own.
 */
export const INJECTION_THRESHOLD = 0.75;

/** Injection share of risk: monotone in the score, and 50 exactly at the flag threshold. */
export const injectionRisk = (p: number) => (p < INJECTION_THRESHOLD ? (50 * p) / INJECTION_THRESHOLD : 50 + (50 * (p - INJECTION_THRESHOLD)) / (1 - INJECTION_THRESHOLD));

/** Strength of the rule evidence, 0..1: noisy-or over distinct rules, each counted once at its weight. */
export function ruleScoreOf(findings: readonly InjectionFinding[]): number {
  const seen = new Map<string, number>();
  for (const f of findings) seen.set(f.rule, f.weight);
  let miss = 1;
  for (const w of seen.values()) miss *= 1 - w;
  return 1 - miss;
}

/**
 * Weight of the gibberish evidence (gibberish.ts: a stretch of token soup, as optimised adversarial
 * suffixes are) in the noisy-or, when it is switched on. Below the threshold, so token soup alone never
 * flags (hashes, base64 and minified code are soup too), but at full evidence it turns an even-odds
 * model score into a flag. Chosen with models/train/gibberish-validate.ts on the train split (window 32,
 * ramp 5..6.5 bits per symbol in models/charlm.bin). Benign rows scored by character models that never
 * saw their fifth of the rows: pooled AUC 93.5 vs 91.3, recall at 3% benign FPR 52.5 vs 46.9, benign
 * flagged 3.1% either way; by models that never saw their source (code, tables and emails then
 * unknown): 92.2 vs 91.3, 44.7 vs 46.9, benign flagged 4.4% vs 3.1%.
 */
export const GIBBERISH_VALIDATED_WEIGHT = 0.5;

/**
 * The weight used unless a caller passes another: 0, the detector is OFF by default. On the test split
 * (one evaluation) it raised jailbreakbench-GCG recall at the flag from 31.0% to 53.5% and the verdict
 * AUC from 90.5 to 90.8, but recall at 3% benign FPR fell from 55.4 to 55.1 and clean BIPIA code was
 * flagged 34% (6% without): the code there is unlike the train split's, as the leave-one-source-out
 * view had warned. The host turns it on with VIGIL_GIBBERISH_WEIGHT (native-host ensemble.ts).
 */
export const GIBBERISH_WEIGHT = 0;

export interface InjectionVerdict {
  /** 1 - (1 - model)(1 - rules)(1 - w·gibberish): any kind of evidence can add, weak evidence of several adds up. */
  score: number;
  flagged: boolean;
  rules: number;
  /** The gibberish evidence as weighted into the score (0 when the detector is off). */
  gibberish: number;
  /** Why it was flagged (naming the rules when they decided), or null when it was not. */
  explanation: string | null;
}

/**
 * Noisy-or of the model's probability and the rule evidence. Chosen on the train split with
 * leave-one-source-out model scores (the model never saw the scored source): against max(model, rules)
 * it gives pooled AUC 91.2 vs 90.9 and recall at 3% benign FPR 46.0 vs 44.8, with the same benign FPR at
 * the threshold (3.4%; model alone 89.5, 37.6, 3.3%). A weak cue ("from now on", 0.35) then flags only a
 * text the model already finds suspicious.
 */
export function combineInjection(bayes: number, findings: readonly InjectionFinding[], gibberishEvidence = 0, gibberishWeight = GIBBERISH_WEIGHT): InjectionVerdict {
  const rules = ruleScoreOf(findings);
  const gibberish = gibberishWeight * Math.min(1, Math.max(0, gibberishEvidence));
  const score = 1 - (1 - bayes) * (1 - rules) * (1 - gibberish);
  const flagged = score >= INJECTION_THRESHOLD;
  let explanation: string | null = null;
  if (flagged) {
    const names = [...new Set(findings.map((f) => f.rule))];
    explanation = rules >= bayes
      ? `text matches prompt-injection rules: ${names.join(', ')} (score ${rules.toFixed(2)}, model p=${bayes.toFixed(2)})`
      : `text reads as prompt injection or jailbreak (p=${bayes.toFixed(2)})${names.length ? `; rules: ${names.join(', ')}` : ''}`;
    if (gibberish > 0) explanation += `; it holds a stretch of token soup like an optimised adversarial suffix (gibberish ${gibberishEvidence.toFixed(2)})`;
  }
  return { score, flagged, rules, gibberish, explanation };
}

/** Rule findings as verdict findings (detector 'injection-rules'), so the audit shows what matched where. */
export const injectionRuleFindings = (findings: readonly InjectionFinding[]): Finding[] => findings.map((f) => asFinding('injection-rules', f.weight)(f));
