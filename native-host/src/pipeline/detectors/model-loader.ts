import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { ErrorCodes, VigilError } from '@vigil/shared';

/**
 * Loads the shipped ONNX models from disk at start-up. Inference runs in-process on the WASM
 * backend with one thread (the daemon already runs detection in a worker) and never touches the
 * network: model bytes are read here and handed to onnxruntime as a buffer.
 */
ort.env.wasm.numThreads = 1;

export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../../models/', import.meta.url));

export const MODEL_FILES = { bayes: 'bayes.onnx', lstm: 'lstm.onnx' } as const;

export interface LoadedModels {
  bayes: ort.InferenceSession;
  lstm: ort.InferenceSession;
  loadMs: number;
}

async function loadOne(file: string): Promise<ort.InferenceSession> {
  if (!existsSync(file)) throw new VigilError(ErrorCodes.MODEL_MISSING, `model file missing: ${file}`, { file });
  try {
    return await ort.InferenceSession.create(readFileSync(file));
  } catch (err) {
    throw new VigilError(ErrorCodes.MODEL_CORRUPT, `model file unreadable or corrupt: ${file} (${(err as Error).message})`, { file });
  }
}

export async function loadModels(dir = DEFAULT_MODEL_DIR): Promise<LoadedModels> {
  const t0 = performance.now();
  const bayes = await loadOne(join(dir, MODEL_FILES.bayes));
  const lstm = await loadOne(join(dir, MODEL_FILES.lstm));
  return { bayes, lstm, loadMs: performance.now() - t0 };
}
