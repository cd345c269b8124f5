import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { loadModels } from '../../native-host/src/pipeline/detectors/model-loader.ts';
import { injectionScore } from '../../native-host/src/pipeline/detectors/ensemble.ts';
import { SEQ_LEN, STEP_DIM, STEP_SCHEMA_VERSION, sequenceTensor, stepText } from '../../native-host/src/pipeline/detectors/step-features.ts';
import { trajectorySplit, datasetsArg } from './data.ts';
import { encodeModel } from './onnx-writer.ts';

/**
 * Trains a small LSTM (16 units) over per-step vectors of agent runs to flag hijacked runs, then
 * exports it as an ONNX LSTM. tfjs orders gates (i, f, c, o); ONNX wants (i, o, f, c), so the
 * weights are re-sliced on export. recurrentActivation is sigmoid (tfjs defaults to hardSigmoid,
 * which the ONNX default activations would not match).
 */
const UNITS = 16;
const EPOCHS = Number(process.env.LSTM_EPOCHS ?? 8);

function reorderGates(m: Float32Array, rows: number, cols: number): Float32Array {
  // m is [rows, 4*cols] (tfjs); returns [4*cols, rows] in ONNX gate order (i, o, f, c).
  const order = [0, 3, 1, 2];
  const out = new Float32Array(4 * cols * rows);
  order.forEach((g, k) => {
    for (let u = 0; u < cols; u++) for (let r = 0; r < rows; r++) out[(k * cols + u) * rows + r] = m[r * 4 * cols + g * cols + u]!;
  });
  return out;
}

function reorderBias(b: Float32Array, cols: number): Float32Array {
  const out = new Float32Array(8 * cols);
  [0, 3, 1, 2].forEach((g, k) => out.set(b.subarray(g * cols, (g + 1) * cols), k * cols));
  return out; // second half (recurrent bias) stays zero
}

async function main(): Promise<void> {
  const dir = datasetsArg(process.argv);
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'models/lstm.onnx';
  const models = await loadModels();
  const rows = trajectorySplit(dir, 'train');
  const xs = new Float32Array(rows.length * SEQ_LEN * STEP_DIM);
  for (let i = 0; i < rows.length; i++) {
    const steps = rows[i]!.steps;
    const probs: number[] = [];
    for (const s of steps) probs.push(stepText(s) ? await injectionScore(models, stepText(s)) : 0);
    xs.set(sequenceTensor(steps, probs), i * SEQ_LEN * STEP_DIM);
  }
  const x = tf.tensor3d(xs, [rows.length, SEQ_LEN, STEP_DIM]);
  const y = tf.tensor2d(rows.map((r) => [r.label]), [rows.length, 1]);
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: UNITS, inputShape: [SEQ_LEN, STEP_DIM], recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await model.fit(x, y, { epochs: EPOCHS, batchSize: 32, shuffle: true, verbose: 0,
    callbacks: { onEpochEnd: (e, l) => console.log(`epoch ${e + 1}: loss ${l?.loss?.toFixed(4)} acc ${l?.acc?.toFixed(3)}`) } });
  const [kernel, recurrent, bias, dense, denseBias] = model.getWeights().map((t) => t.dataSync() as Float32Array);
  const bytes = encodeModel({
    name: 'vigil-lstm',
    inputs: [{ name: 'x', dims: [SEQ_LEN, 1, STEP_DIM] }],
    outputs: [{ name: 'prob', dims: [1, 1] }],
    nodes: [
      { op: 'LSTM', inputs: ['x', 'W', 'R', 'B'], outputs: ['y', 'yh'], attrs: { hidden_size: { int: UNITS } } },
      { op: 'Reshape', inputs: ['yh', 'shape'], outputs: ['h'] },
      { op: 'MatMul', inputs: ['h', 'Wd'], outputs: ['z0'] },
      { op: 'Add', inputs: ['z0', 'bd'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['prob'] },
    ],
    initializers: [
      { name: 'W', dims: [1, 4 * UNITS, STEP_DIM], data: reorderGates(kernel!, STEP_DIM, UNITS) },
      { name: 'R', dims: [1, 4 * UNITS, UNITS], data: reorderGates(recurrent!, UNITS, UNITS) },
      { name: 'B', dims: [1, 8 * UNITS], data: reorderBias(bias!, UNITS) },
      { name: 'shape', dims: [2], data: BigInt64Array.of(1n, BigInt(UNITS)) },
      { name: 'Wd', dims: [UNITS, 1], data: dense! },
      { name: 'bd', dims: [1], data: denseBias! },
    ],
    metadata: { step_schema_version: String(STEP_SCHEMA_VERSION), trained_on: 'injecagent,injecagent-benign' },
  });
  writeFileSync(out, bytes);
  // Parity check: the exported graph must reproduce tfjs on training rows.
  const ref = (model.predict(x.slice([0, 0, 0], [4, SEQ_LEN, STEP_DIM])) as tf.Tensor).dataSync();
  console.log(`lstm → ${out} (${bytes.length} bytes); tfjs reference on 4 rows: ${Array.from(ref).map((v) => v.toFixed(4)).join(' ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
