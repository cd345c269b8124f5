import * as ort from 'onnxruntime-web';
import { detectSecrets, detectPii, type DetectorFinding } from '@vigil/shared/detectors/index';
import type { Finding, Verdict } from '@vigil/shared';
import { windowedFeatureIds } from './text-features.ts';
import type { LoadedModels } from './model-loader.ts';

/**
 * Combines the models and the deterministic detectors into one Verdict. Deterministic findings
 * are certain evidence and set a floor on risk; model scores add to it.
 */

/** Injection probability at or above this is flagged; chosen as the calibrated midpoint, not tuned on test. */
export const INJECTION_THRESHOLD = 0.5;

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

const toFinding = (detector: string, score: number) => (d: DetectorFinding): Finding => ({
  detector, type: d.type, span: { start: d.start, end: d.end }, score, explain: `${d.type} (rule ${d.rule})`,
});

export async function scanText(models: LoadedModels, text: string): Promise<ScanResult> {
  const secrets = detectSecrets(text);
  const pii = detectPii(text);
  const bayes = await injectionScore(models, text);
  const flagged = bayes >= INJECTION_THRESHOLD;
  const findings = [...secrets.map(toFinding('secrets', 1)), ...pii.map(toFinding('pii', 0.6))];
  const explanations: string[] = [];
  if (flagged) explanations.push(`text reads as prompt injection or jailbreak (p=${bayes.toFixed(2)})`);
  if (secrets.length) explanations.push(`${secrets.length} credential(s): ${[...new Set(secrets.map((s) => s.type))].join(', ')}`);
  if (pii.length) explanations.push(`${pii.length} personal-data item(s): ${[...new Set(pii.map((s) => s.type))].join(', ')}`);
  const floor = secrets.length ? 80 : pii.length ? 40 : 0;
  const risk = Math.round(Math.max(floor, 100 * bayes, secrets.length && flagged ? 95 : 0));
  return {
    risk, findings, scores: { bayes }, explanations,
    injection: { score: bayes, flagged }, secrets, pii,
  };
}
