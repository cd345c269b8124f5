import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import modelUrl from '../../../models/bayes.onnx?url';
import { loadAsset } from './load-asset.ts';
import { FEATURE_SCHEMA_VERSION, windowedFeatureIds } from '@vigil/shared/detectors/index';
import { onnxMetadata } from '@vigil/shared/detectors/onnx-metadata';

/**
 * The Bayesian injection classifier on onnxruntime-web, for when the host is unreachable. One WASM
 * thread and no proxy worker: it runs in the offscreen document, off the pages' main threads. The
 * runtime and the model are packaged files handed over as bytes, so nothing is fetched from the network.
 */
let session: Promise<ort.InferenceSession> | null = null;

function load(): Promise<ort.InferenceSession> {
  session ??= (async () => {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmBinary = await loadAsset(wasmUrl);
    const bytes = new Uint8Array(await loadAsset(modelUrl));
    // Bundled from the same commit as the features, but a model scored on features it was not
    // trained with gives confident nonsense, not an error: refuse it, as the host does.
    const trainedWith = onnxMetadata(bytes).get('feature_schema_version');
    if (trainedWith !== String(FEATURE_SCHEMA_VERSION)) {
      throw new Error(`packaged bayes.onnx was trained with text features v${trainedWith ?? '(none recorded)'}, this build computes v${FEATURE_SCHEMA_VERSION}`);
    }
    return ort.InferenceSession.create(bytes);
  })();
  session.catch(() => (session = null));
  return session;
}

/** Probability (0..1) that `text` reads as a prompt injection or jailbreak: the highest over its windows. */
export async function injectionScore(text: string): Promise<number> {
  const model = await load();
  const f = windowedFeatureIds(text);
  const out = await model.run({
    ids: new ort.Tensor('int32', f.ids, [f.rows, f.width]),
    counts: new ort.Tensor('float32', f.counts, [f.rows]),
  });
  return (out.prob?.data as Float32Array | undefined)?.[0] ?? 0;
}
