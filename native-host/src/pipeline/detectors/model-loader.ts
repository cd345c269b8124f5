import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { FEATURE_SCHEMA_VERSION, CharLmFormatError, decodeCharLm, type CharLm } from '@vigil/shared/detectors/index';
import type { CusumParams } from './cusum.ts';
import { ACTION_SCHEMA_VERSION } from './action-features.ts';
import { onnxMetadata } from '@vigil/shared/detectors/onnx-metadata';
import { STEP_SCHEMA_VERSION } from './step-features.ts';

/**
 * Loads the shipped ONNX models from disk at start-up. Inference runs in-process on the WASM
 * backend with one thread (the daemon already runs detection in a worker) and never touches the
 * network: model bytes are read here and handed to onnxruntime as a buffer.
 */
ort.env.wasm.numThreads = 1;

export const MODEL_FILES = { bayes: 'bayes.onnx', lstm: 'lstm.onnx', iforest: 'iforest.onnx', cusum: 'cusum.json', charlm: 'charlm.bin' } as const;

/**
 * Where the shipped models live: VIGIL_MODEL_DIR if set, else the repository's models/ folder,
 * found from this file both in the source tree (src/pipeline/detectors/) and in the bundle (dist/).
 */
function defaultModelDir(): string {
  if (process.env.VIGIL_MODEL_DIR) return process.env.VIGIL_MODEL_DIR;
  const candidates = ['../../../../models/', '../../models/', '../../../models/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, MODEL_FILES.bayes))) ?? (candidates[0] as string);
}

export const DEFAULT_MODEL_DIR = defaultModelDir();

export interface LoadedModels {
  bayes: ort.InferenceSession;
  lstm: ort.InferenceSession;
  iforest: ort.InferenceSession;
  cusum: CusumParams;
  /** The gibberish detector's character model (shared/src/detectors/gibberish.ts). */
  charlm: CharLm;
  loadMs: number;
}

/** The feature-schema version each model must have been trained with (recorded in its metadata_props). */
const SCHEMAS = {
  bayes: { key: 'feature_schema_version', version: FEATURE_SCHEMA_VERSION, what: 'text features' },
  lstm: { key: 'step_schema_version', version: STEP_SCHEMA_VERSION, what: 'step features' },
  iforest: { key: 'action_schema_version', version: ACTION_SCHEMA_VERSION, what: 'action features' },
} as const;

async function loadOne(file: string, schema: (typeof SCHEMAS)[keyof typeof SCHEMAS]): Promise<ort.InferenceSession> {
  if (!existsSync(file)) throw new VigilError(ErrorCodes.MODEL_MISSING, `model file missing: ${file}`, { file });
  let session: ort.InferenceSession;
  let trainedWith: string | undefined;
  try {
    const bytes = readFileSync(file);
    session = await ort.InferenceSession.create(bytes);
    trainedWith = onnxMetadata(bytes).get(schema.key);
  } catch (err) {
    throw new VigilError(ErrorCodes.MODEL_CORRUPT, `model file unreadable or corrupt: ${file} (${(err as Error).message})`, { file });
  }
  // A model scored on features it was not trained with gives confident nonsense, not an error.
  if (trainedWith !== String(schema.version)) {
    throw new VigilError(ErrorCodes.MODEL_SCHEMA_MISMATCH, `model file ${file} was trained with ${schema.what} v${trainedWith ?? '(none recorded)'}, this build computes v${schema.version}: retrain it (see models/MODEL_CARD.md)`, { file });
  }
  return session;
}

export async function loadModels(dir = DEFAULT_MODEL_DIR): Promise<LoadedModels> {
  const t0 = performance.now();
  const bayes = await loadOne(join(dir, MODEL_FILES.bayes), SCHEMAS.bayes);
  const lstm = await loadOne(join(dir, MODEL_FILES.lstm), SCHEMAS.lstm);
  const iforest = await loadOne(join(dir, MODEL_FILES.iforest), SCHEMAS.iforest);
  const cusum = loadCusum(join(dir, MODEL_FILES.cusum));
  const charlm = loadCharLm(join(dir, MODEL_FILES.charlm));
  return { bayes, lstm, iforest, cusum, charlm, loadMs: performance.now() - t0 };
}

export function loadCharLm(file: string): CharLm {
  if (!existsSync(file)) throw new VigilError(ErrorCodes.MODEL_MISSING, `model file missing: ${file}`, { file });
  try {
    return decodeCharLm(readFileSync(file));
  } catch (err) {
    if (err instanceof CharLmFormatError && err.kind === 'schema') {
      throw new VigilError(ErrorCodes.MODEL_SCHEMA_MISMATCH, `model file ${file} was ${err.message}: retrain it (see models/MODEL_CARD.md)`, { file });
    }
    throw new VigilError(ErrorCodes.MODEL_CORRUPT, `model file unreadable or corrupt: ${file} (${(err as Error).message})`, { file });
  }
}

function loadCusum(file: string): CusumParams {
  if (!existsSync(file)) throw new VigilError(ErrorCodes.MODEL_MISSING, `model file missing: ${file}`, { file });
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<CusumParams>;
    if ([p.k, p.h, p.alpha, p.warmup].every((v) => typeof v === 'number' && Number.isFinite(v))) return p as CusumParams;
  } catch {
    // fall through to the corrupt-file error below
  }
  throw new VigilError(ErrorCodes.MODEL_CORRUPT, `model file unreadable or corrupt: ${file} (expected {k, h, alpha, warmup})`, { file });
}
