/**
 * Per-step feature vectors for the trajectory LSTM, shared by training and inference. A step is
 * described by its role, how injection-like its text is (the Bayesian score, supplied by the
 * caller), its size, and a hashed bag of the words in its content or tool call.
 */
export const STEP_SCHEMA_VERSION = 1;
export const STEP_WORD_BUCKETS = 48;
export const STEP_DIM = 3 + 2 + STEP_WORD_BUCKETS;
/** Runs are cut to their last SEQ_LEN steps and left-padded with zero vectors to this length. */
export const SEQ_LEN = 12;

export interface RunStep { role: string; content?: string; action?: string }

const ROLES = ['user', 'agent', 'environment'];

function bucket(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h >>> 0) % STEP_WORD_BUCKETS;
}

export function stepText(s: RunStep): string {
  return s.content ?? s.action ?? '';
}

export function stepVector(step: RunStep, injectionProb: number): Float32Array {
  const v = new Float32Array(STEP_DIM);
  const r = ROLES.indexOf(step.role);
  if (r >= 0) v[r] = 1;
  const text = stepText(step);
  v[3] = injectionProb;
  v[4] = Math.log1p(text.length) / 10;
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  for (const w of words) v[5 + bucket(w)]! += 1;
  // Normalise the bag so long tool results do not saturate the cell.
  const n = Math.max(1, words.length);
  for (let i = 5; i < STEP_DIM; i++) v[i] = Math.sqrt(v[i]! / n);
  return v;
}

/** [SEQ_LEN, STEP_DIM] row-major, most recent step last. */
export function sequenceTensor(steps: RunStep[], probs: number[]): Float32Array {
  const out = new Float32Array(SEQ_LEN * STEP_DIM);
  const start = Math.max(0, steps.length - SEQ_LEN);
  const offset = SEQ_LEN - (steps.length - start);
  for (let i = start; i < steps.length; i++) out.set(stepVector(steps[i]!, probs[i] ?? 0), (offset + i - start) * STEP_DIM);
  return out;
}
