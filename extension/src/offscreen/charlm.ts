import modelUrl from '../../../models/charlm.bin?url';
import { decodeCharLm, gibberishEvidence, type CharLm } from '@vigil/shared/detectors/index';
import { loadAsset } from './load-asset.ts';

/**
 * The gibberish detector's character model (shared/src/detectors/gibberish.ts) for the offline
 * verdict: a packaged file handed over as bytes, like bayes.onnx, read on first use only (the detector
 * is off by default, so by default it is never read).
 */
let model: Promise<CharLm> | null = null;

function load(): Promise<CharLm> {
  model ??= (async () => {
    const bytes = new Uint8Array(await loadAsset(modelUrl));
    try {
      return decodeCharLm(bytes);
    } catch (err) {
      throw new Error(`packaged model ${modelUrl} is unreadable: ${(err as Error).message}`, { cause: err });
    }
  })();
  model.catch(() => (model = null));
  return model;
}

/** Evidence 0..1 that `text` holds a stretch of token soup (an optimised adversarial suffix). */
export async function gibberishScore(text: string): Promise<number> {
  return gibberishEvidence(await load(), text);
}
