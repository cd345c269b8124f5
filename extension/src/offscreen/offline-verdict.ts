import type { Decision, Interaction, Verdict } from '@vigil/shared';
import { asFinding, detectPii, detectSecrets, type DetectorFinding } from '@vigil/shared/detectors/index';
import { combineInjection, detectInjectionRules, injectionRisk, injectionRuleFindings } from '@vigil/shared/detectors/index';

/** The gibberish detector offline: off unless its weight is above 0 (as the host's default). */
export interface OfflineGibberish {
  /** Evidence 0..1 of token soup in a text (charlm.ts). */
  score: (text: string) => Promise<number>;
  /** Its weight in the injection score; 0 (the shared default, GIBBERISH_WEIGHT) leaves it unscored. */
  weight: number;
}

/**
 * The on-device stand-in for the host while it is unreachable: the same secret and personal-data
 * rules (shared/src/detectors), the same injection rules, score combination and threshold as the host's
 * ensemble (shared/src/detectors/injection-score.ts), the Bayesian model and, when switched on, the
 * gibberish detector, with a fixed fallback policy — credentials
 * block, personal data and likely injections warn. The host re-decides with the user's real policy
 * when the event is replayed from the outbox.
 */
export async function offlineDecision(interaction: Interaction, injectionScore: (text: string) => Promise<number>, gibberish: OfflineGibberish | null = null): Promise<{ verdict: Verdict; decision: Decision }> {
  const texts = [...interaction.messages.map((m) => m.text), ...interaction.attachments.flatMap((a) => (a.text ? [a.text] : []))];
  const text = texts.join('\n');
  const secrets = detectSecrets(text);
  const pii = detectPii(text);
  const rules = detectInjectionRules(text);
  let bayes = 0;
  let modelError: string | null = null;
  try {
    bayes = text ? Math.max(0, ...(await Promise.all(texts.map(injectionScore)))) : 0;
  } catch (err) {
    modelError = (err as Error).message;
  }
  let soup = 0;
  if (gibberish && gibberish.weight > 0 && text) {
    try {
      soup = Math.max(0, ...(await Promise.all(texts.map(gibberish.score))));
    } catch (err) {
      modelError = [modelError, (err as Error).message].filter(Boolean).join('; ');
    }
  }
  const injection = combineInjection(bayes, rules, soup, gibberish?.weight ?? 0);
  const explanations: string[] = [];
  const reasons: string[] = [];
  const kinds = (list: DetectorFinding[]) => [...new Set(list.map((f) => f.type))].join(', ');
  if (secrets.length) reasons.push(`Contains a credential (${kinds(secrets)}): it must not be sent to an AI service.`);
  if (pii.length) reasons.push(`Contains personal data (${kinds(pii)}).`);
  if (injection.flagged) reasons.push(`Reads like a prompt injection or jailbreak: ${injection.explanation}.`);
  if (modelError) explanations.push(`on-device model unavailable: ${modelError}`);
  explanations.push(...reasons);
  const effect = secrets.length ? 'block' : pii.length || injection.flagged ? 'warn' : 'allow';
  const risk = Math.round(Math.max(secrets.length ? 80 : pii.length ? 40 : 0, injectionRisk(injection.score)));
  return {
    verdict: { risk, findings: [...secrets.map(asFinding('secrets', 1)), ...pii.map(asFinding('pii', 0.6)), ...injectionRuleFindings(rules)], scores: { bayes }, explanations },
    decision: { effect, policyIds: effect === 'allow' ? [] : ['offline-fallback'], reasons },
  };
}
