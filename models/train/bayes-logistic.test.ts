import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEXT_BUCKETS } from '../../shared/src/detectors/text-features.ts';
import { trainLogisticHead, type Unit } from './bayes-logistic.ts';

/** Units over a few buckets: bucket 11 marks class 1, bucket 22 class 0, buckets 30..49 are noise, equally in both. */
function units(n: number): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const k = Math.floor(i / 2); // each noise pattern once per class
    out.push({ ids: Int32Array.of(0, y ? 11 : 22, 30 + (k % 10), 40 + ((k * 7) % 10)), y, w: 1 });
  }
  return out;
}

const score = (w: Float32Array, ids: number[]) => ids.reduce((a, id) => a + w[id]!, 0) / ids.length;

test('logistic head: learns the marker buckets, leaves unseen buckets and the padding bucket at 0', () => {
  const w = trainLogisticHead(units(200), { lambda: 1e-4, epochs: 5, lr: 0.5 });
  assert.equal(w.length, TEXT_BUCKETS);
  assert.ok(w[11]! > 1 && w[22]! < -1, `${w[11]} ${w[22]}`);
  assert.ok(Math.abs(w[35]!) < Math.abs(w[11]!) / 4, `noise ${w[35]} vs marker ${w[11]}`);
  assert.equal(w[0], 0);
  assert.equal(w[12345], 0);
  assert.ok(score(w, [0, 11, 31, 32]) > score(w, [0, 22, 31, 32]));
});

test('logistic head: a stronger Gaussian prior shrinks the weights; a retrain is bit-identical', () => {
  const weak = trainLogisticHead(units(200), { lambda: 1e-4, epochs: 5, lr: 0.5 });
  const strong = trainLogisticHead(units(200), { lambda: 10, epochs: 5, lr: 0.5 });
  assert.ok(Math.abs(strong[11]!) < Math.abs(weak[11]!), `${strong[11]} vs ${weak[11]}`);
  assert.deepEqual(trainLogisticHead(units(200), { lambda: 1e-4, epochs: 5, lr: 0.5 }), weak);
});

test('logistic head: unit weights move the decision (an up-weighted class wins a shared bucket)', () => {
  // Bucket 50 appears in both classes equally; weighting class 1 up pushes it positive.
  const us: Unit[] = [];
  for (let i = 0; i < 100; i++) us.push({ ids: Int32Array.of(50, i % 2 ? 11 : 22), y: i % 2, w: i % 2 ? 5 : 1 });
  const w = trainLogisticHead(us, { lambda: 1e-4, epochs: 5, lr: 0.5 });
  assert.ok(w[50]! > 0, `${w[50]}`);
});

test('NBSVM scaling: the exported weight is the fitted weight times the scale, zero where the scale is zero', () => {
  const scale = new Float32Array(TEXT_BUCKETS).fill(1);
  scale[22] = 0;
  const w = trainLogisticHead(units(200), { lambda: 1e-4, epochs: 5, lr: 0.5, scale });
  assert.equal(w[22], 0);
  assert.ok(w[11]! > 1);
});
