import * as ort from 'onnxruntime-web';
import type { LoadedModels } from './model-loader.ts';
import { scanText, type ScanResult } from './ensemble.ts';
import { SEQ_LEN, STEP_DIM, STEP_FEATURES, runVectors, sequenceTensor, stepText, type RunStep } from './step-features.ts';

/**
 * Scores an agent run: the LSTM reads the sequence of steps (format-agnostic step features, see
 * step-features.ts), and the concatenated text of the run gets the ordinary text verdict. When the
 * run is flagged, the explanation names the run-level signals that the steps showed, so a person can
 * see why without reading the model.
 */
export type { RunStep };

/** The training set is balanced and the output a probability; held-out validation (models/train/lstm.ts --validate) gave no reason to move it. */
export const TRAJECTORY_THRESHOLD = 0.5;

export interface RunScanResult extends ScanResult {
  trajectory: { score: number; flagged: boolean };
}

export async function trajectoryScore(models: LoadedModels, steps: RunStep[], vs: Float32Array[] = runVectors(steps)): Promise<number> {
  if (steps.length === 0) return 0;
  const x = new ort.Tensor('float32', sequenceTensor(steps, vs), [SEQ_LEN, 1, STEP_DIM]);
  const out = await models.lstm.run({ x });
  return (out.prob?.data as Float32Array | undefined)?.[0] ?? 0;
}

const SIGNALS: [(typeof STEP_FEATURES)[number], string][] = [
  ['injection_cue', 'a tool result addresses the agent with instructions'],
  ['embedded_instruction', 'the request or a planner turn carries an instruction that overrides the task'],
  ['destination_from_environment', 'a call sends to an address that only a tool result mentioned'],
  ['tool_in_environment', 'a call uses a tool that only a tool result or an embedded instruction asked for'],
  ['harmful_request', 'the request asks for harmful work'],
  ['op_covert', 'a call does something covert or malicious'],
];

/** Which run-level signals showed anywhere in the run (for the explanation only; the score is the model's). */
export function runSignals(steps: RunStep[], vs: Float32Array[] = runVectors(steps)): string[] {
  return SIGNALS.filter(([name]) => vs.some((v) => v[STEP_FEATURES.indexOf(name)]! >= 0.5)).map(([, text]) => text);
}

export async function scanRun(models: LoadedModels, steps: RunStep[]): Promise<RunScanResult> {
  const base = await scanText(models, steps.map(stepText).join('\n'));
  // The step vectors feed both the model and, when flagged, the explanation.
  const vs = runVectors(steps);
  const score = await trajectoryScore(models, steps, vs);
  const flagged = score >= TRAJECTORY_THRESHOLD;
  if (flagged) {
    const why = runSignals(steps, vs);
    base.explanations.push(`the run's sequence of actions looks hijacked (p=${score.toFixed(2)})${why.length ? `: ${why.join('; ')}` : ''}`);
  }
  return {
    ...base, risk: Math.max(base.risk, Math.round(100 * score)),
    scores: { ...base.scores, lstm: score }, trajectory: { score, flagged },
  };
}
