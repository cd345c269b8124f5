import * as ort from 'onnxruntime-web';
import type { LoadedModels } from './model-loader.ts';
import { scanText, injectionScore, type ScanResult } from './ensemble.ts';
import { SEQ_LEN, STEP_DIM, sequenceTensor, stepText, type RunStep } from './step-features.ts';

/**
 * Scores an agent run: the LSTM reads the sequence of steps (each carrying its own Bayesian
 * injection score), and the concatenated text of the run gets the ordinary text verdict.
 */
export type { RunStep };

export const TRAJECTORY_THRESHOLD = 0.5;

export interface RunScanResult extends ScanResult {
  trajectory: { score: number; flagged: boolean };
}

export async function trajectoryScore(models: LoadedModels, steps: RunStep[]): Promise<number> {
  const probs: number[] = [];
  for (const s of steps) probs.push(stepText(s) ? await injectionScore(models, stepText(s)) : 0);
  const x = new ort.Tensor('float32', sequenceTensor(steps, probs), [SEQ_LEN, 1, STEP_DIM]);
  const out = await models.lstm.run({ x });
  return (out.prob?.data as Float32Array | undefined)?.[0] ?? 0;
}

export async function scanRun(models: LoadedModels, steps: RunStep[]): Promise<RunScanResult> {
  const base = await scanText(models, steps.map(stepText).join('\n'));
  const score = await trajectoryScore(models, steps);
  const flagged = score >= TRAJECTORY_THRESHOLD;
  if (flagged) base.explanations.push(`the run's sequence of actions looks hijacked (p=${score.toFixed(2)})`);
  return {
    ...base, risk: Math.max(base.risk, Math.round(100 * score)),
    scores: { ...base.scores, lstm: score }, trajectory: { score, flagged },
  };
}
