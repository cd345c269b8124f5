import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import modelUrl from '../../../models/bayes.onnx?url';
import { loadAsset } from './load-asset.ts';
import { windowedFeatureIds } from '@vigil/shared/detectors/index';

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
    return ort.InferenceSession.create(new Uint8Array(await loadAsset(modelUrl)));
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
