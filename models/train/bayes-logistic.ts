import { TEXT_BUCKETS } from '../../shared/src/detectors/text-features.ts';
import { rng } from './rng.ts';

/**
 * A Bayesian logistic regression head on the same hashed features as the naive Bayes heads: weights
 * are the MAP estimate under a Gaussian prior N(0, 1/lambda) per bucket (an L2-regularised weighted
 * log-loss), fit from zero with a seeded order, so a retrain gives the same weights bit for bit.
 *
 * A unit's features are its distinct hashed ids, each with value 1/n (n = its id count), which is
 * exactly what the exported graph computes per window (sum of a column's weights over the window's
 * ids divided by its count). With `scale` (NBSVM, Wang & Manning 2012) feature j is r_j/n, r being a
 * naive Bayes log-count ratio, and the exported weight is w_j·r_j: the prior then lets weights move
 * most where the naive Bayes evidence is strong.
 */
export interface Unit { ids: Int32Array; y: number; w: number }

export interface LogisticHeadOptions { lambda: number; epochs: number; lr: number; seed?: number; scale?: Float32Array }

/**
 * Weighted log-loss plus (lambda/2)·|w|² (the Gaussian prior; the loss is the weighted mean over
 * units), minimised by AdaGrad SGD over seeded shuffles of the units (full-batch descent took 12 min
 * for one validation run). The prior's pull is applied to a unit's own features at each step, in
 * proportion to the unit's share of the total weight, so a feature's regularisation matches the
 * data that touches it.
 */
export function trainLogisticHead(units: Unit[], opts: LogisticHeadOptions): Float32Array {
  const { lambda, epochs, lr, scale } = opts;
  // CSR of the units: ids and values, skipping bucket 0 (the padding bucket must keep weight 0; the bias is separate).
  let nnz = 0;
  for (const u of units) nnz += u.ids.length;
  const ids = new Int32Array(nnz), vals = new Float32Array(nnz), at = new Int32Array(units.length + 1);
  let k = 0;
  units.forEach((u, i) => {
    at[i] = k;
    for (const id of u.ids) {
      if (id === 0) continue;
      ids[k] = id;
      vals[k++] = (scale ? scale[id]! : 1) / u.ids.length;
    }
  });
  at[units.length] = k;
  const wsum = units.reduce((a, u) => a + u.w, 0);
  // Mean unit weight is 1 after this, so lr means the same whatever the number of units.
  const uw = Float64Array.from(units, (u) => (u.w * units.length) / wsum);
  const w = new Float64Array(TEXT_BUCKETS), h = new Float64Array(TEXT_BUCKETS);
  let b = 0, hb = 0;
  const eps = 1e-8;
  const r = rng(opts.seed ?? 11);
  const order = Int32Array.from(units, (_, i) => i);
  for (let ep = 0; ep < epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
    for (const i of order) {
      let z = b;
      for (let p = at[i]!; p < at[i + 1]!; p++) z += w[ids[p]!]! * vals[p]!;
      const e = uw[i]! * (1 / (1 + Math.exp(-z)) - units[i]!.y);
      const pull = (lambda * uw[i]!) / (at[i + 1]! - at[i]! || 1);
      for (let p = at[i]!; p < at[i + 1]!; p++) {
        const j = ids[p]!;
        const g = e * vals[p]! + pull * w[j]!;
        h[j]! += g * g;
        w[j]! -= (lr * g) / (Math.sqrt(h[j]!) + eps);
      }
      hb += e * e;
      b -= (lr * e) / (Math.sqrt(hb) + eps);
    }
  }
  const out = new Float32Array(TEXT_BUCKETS);
  for (let j = 1; j < TEXT_BUCKETS; j++) out[j] = w[j]! * (scale ? scale[j]! : 1);
  return out;
}
