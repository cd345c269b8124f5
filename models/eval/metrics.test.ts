import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rocAuc, rates, prf } from './metrics.ts';
import { solveH } from '../train/cusum.ts';
import { cFactor } from '../train/iforest.ts';

test('ROC AUC: perfect, inverted, ties and a hand-worked case', () => {
  assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
  assert.equal(rocAuc([0.5, 0.5], [0, 1]), 0.5);
  // Pairs (pos, neg): (0.7,0.1) win, (0.7,0.8) loss, (0.9,0.1) win, (0.9,0.8) win → 3/4.
  assert.equal(rocAuc([0.1, 0.7, 0.8, 0.9], [0, 1, 0, 1]), 0.75);
});

test('rates and span PRF count the right cells', () => {
  const r = rates([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], 0.5);
  assert.deepEqual([r.precision, r.recall, r.fpr], [0.5, 0.5, 0.5]);
  assert.deepEqual(prf(8, 2, 8), { tp: 8, fp: 2, fn: 8, precision: 0.8, recall: 0.5, f1: 2 * 0.4 / 1.3 });
});

test('CUSUM h and the Isolation Forest normaliser match published values', () => {
  // Montgomery's table: k = 0.5, h ≈ 5 gives ARL0 ≈ 930 (Siegmund); ARL0 2000 needs a larger h.
  assert.ok(Math.abs(solveH(0.5, 930) - 5) < 0.05);
  // c(256) from Liu et al. ≈ 10.24.
  assert.ok(Math.abs(cFactor(256) - 10.24) < 0.01);
});
