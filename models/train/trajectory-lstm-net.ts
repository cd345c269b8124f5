import { rng } from './rng.ts';
import { encodeModel } from './onnx-writer.ts';

/**
 * A one-layer LSTM with a sigmoid output unit, trained by hand (backpropagation through time, Adam).
 * tfjs's CPU backend runs the recurrent cell as hundreds of tiny ops per step and took over ten
 * minutes for one fit on this data; the same arithmetic in plain loops takes seconds, which is what
 * makes leave-one-group-out validation affordable.
 *
 * Weights are kept in ONNX's LSTM layout and gate order (i, o, f, c), so export is a copy and the
 * equations below are the ones onnxruntime evaluates (default activations sigmoid, tanh, tanh):
 *   g_k = W_k·x_t + R_k·h_{t-1} + b_k;  C_t = f⊙C_{t-1} + i⊙c;  h_t = o⊙tanh(C_t);  p = σ(Wd·h_T + bd)
 */
export interface LstmNet {
  inputs: number;
  units: number;
  /** [4H, D], gates i, o, f, c. */
  W: Float64Array;
  /** [4H, H]. */
  R: Float64Array;
  /** [4H] (ONNX's Wb; its Rb stays zero). */
  b: Float64Array;
  /** [H]. */
  Wd: Float64Array;
  bd: Float64Array;
}

export interface TrainOptions {
  epochs: number; batch: number; lr: number; l2: number; seed: number;
  /**
   * Probability of hiding one input feature for a whole sequence (inverted dropout). The training
   * sources are separable by any of several cues; hiding cues at random makes the net use them all,
   * so a run that lacks one (another agent framework) is still read by the others.
   */
  featureDropout?: number;
  /** Targets become ε and 1-ε, so scores stay graded rather than saturating on separable data. */
  labelSmoothing?: number;
  log?: (epoch: number, loss: number) => void;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function initNet(inputs: number, units: number, seed: number): LstmNet {
  const r = rng(seed);
  const H = units;
  const uni = (n: number, lim: number) => Float64Array.from({ length: n }, () => (2 * r() - 1) * lim);
  const b = new Float64Array(4 * H);
  b.fill(1, 2 * H, 3 * H); // forget-gate bias 1: remember by default early in training
  return {
    inputs, units, W: uni(4 * H * inputs, Math.sqrt(6 / (inputs + 4 * H))), R: uni(4 * H * H, Math.sqrt(6 / (H + 4 * H))), b,
    Wd: uni(H, Math.sqrt(6 / (H + 1))), bd: new Float64Array(1),
  };
}

interface Trace { x: Float32Array; T: number; h: Float64Array[]; c: Float64Array[]; gates: Float64Array[]; p: number }

/** Forward pass over one sequence x ([T, D] row-major); keeps what backprop needs. */
function forward(net: LstmNet, x: Float32Array): Trace {
  const { inputs: D, units: H, W, R, b } = net;
  const T = x.length / D;
  const h: Float64Array[] = [new Float64Array(H)];
  const c: Float64Array[] = [new Float64Array(H)];
  const gates: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const g = new Float64Array(4 * H);
    const hp = h[t]!;
    for (let k = 0; k < 4 * H; k++) {
      let s = b[k]!;
      const wo = k * D;
      for (let d = 0; d < D; d++) {
        const xv = x[t * D + d]!;
        if (xv !== 0) s += W[wo + d]! * xv;
      }
      const ro = k * H;
      for (let j = 0; j < H; j++) s += R[ro + j]! * hp[j]!;
      g[k] = k < 3 * H ? sigmoid(s) : Math.tanh(s);
    }
    const ct = new Float64Array(H);
    const ht = new Float64Array(H);
    for (let u = 0; u < H; u++) {
      ct[u] = g[2 * H + u]! * c[t]![u]! + g[u]! * g[3 * H + u]!;
      ht[u] = g[H + u]! * Math.tanh(ct[u]!);
    }
    gates.push(g);
    c.push(ct);
    h.push(ht);
  }
  let z = net.bd[0]!;
  for (let u = 0; u < H; u++) z += net.Wd[u]! * h[T]![u]!;
  return { x, T, h, c, gates, p: sigmoid(z) };
}

export function predictNet(net: LstmNet, x: Float32Array): number {
  return forward(net, x).p;
}

/** Adds d(loss)/d(weights) for one sequence with label y to grad; returns its cross-entropy. */
function backward(net: LstmNet, tr: Trace, y: number, grad: LstmNet): number {
  const { inputs: D, units: H, R } = net;
  const { x, T, h, c, gates, p } = tr;
  const dz = p - y;
  grad.bd[0]! += dz;
  const dh = new Float64Array(H);
  for (let u = 0; u < H; u++) {
    grad.Wd[u]! += dz * h[T]![u]!;
    dh[u] = dz * net.Wd[u]!;
  }
  const dc = new Float64Array(H);
  const dg = new Float64Array(4 * H);
  for (let t = T - 1; t >= 0; t--) {
    const g = gates[t]!;
    for (let u = 0; u < H; u++) {
      const i = g[u]!, o = g[H + u]!, f = g[2 * H + u]!, cc = g[3 * H + u]!;
      const tc = Math.tanh(c[t + 1]![u]!);
      const dC = dc[u]! + dh[u]! * o * (1 - tc * tc);
      dg[u] = dC * cc * i * (1 - i);
      dg[H + u] = dh[u]! * tc * o * (1 - o);
      dg[2 * H + u] = dC * c[t]![u]! * f * (1 - f);
      dg[3 * H + u] = dC * i * (1 - cc * cc);
      dc[u] = dC * f;
    }
    dh.fill(0);
    const hp = h[t]!;
    for (let k = 0; k < 4 * H; k++) {
      const d = dg[k]!;
      if (d === 0) continue;
      grad.b[k]! += d;
      const wo = k * D;
      for (let j = 0; j < D; j++) {
        const xv = x[t * D + j]!;
        if (xv !== 0) grad.W[wo + j]! += d * xv;
      }
      const ro = k * H;
      for (let j = 0; j < H; j++) {
        grad.R[ro + j]! += d * hp[j]!;
        dh[j]! += d * R[ro + j]!;
      }
    }
  }
  const eps = 1e-7;
  return -(y * Math.log(p + eps) + (1 - y) * Math.log(1 - p + eps));
}

const PARAMS = ['W', 'R', 'b', 'Wd', 'bd'] as const;

function zerosLike(net: LstmNet): LstmNet {
  return { inputs: net.inputs, units: net.units, W: new Float64Array(net.W.length), R: new Float64Array(net.R.length), b: new Float64Array(net.b.length), Wd: new Float64Array(net.Wd.length), bd: new Float64Array(1) };
}

function dropFeatures(x: Float32Array, inputs: number, p: number, r: () => number): Float32Array {
  const keep = Array.from({ length: inputs }, () => (r() < p ? 0 : 1 / (1 - p)));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * keep[i % inputs]!;
  return out;
}

/** Minibatch Adam on binary cross-entropy with L2 on the input and recurrent weights. Deterministic for a seed. */
export function trainLstm(xs: Float32Array[], ys: number[], inputs: number, units: number, opts: TrainOptions): LstmNet {
  const net = initNet(inputs, units, opts.seed);
  const m = zerosLike(net), v = zerosLike(net);
  const r = rng(opts.seed + 1);
  const order = xs.map((_, i) => i);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let step = 0;
  const pDrop = opts.featureDropout ?? 0;
  const smooth = opts.labelSmoothing ?? 0;
  for (let e = 0; e < opts.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (let s = 0; s < order.length; s += opts.batch) {
      const grad = zerosLike(net);
      const idx = order.slice(s, s + opts.batch);
      for (const k of idx) {
        const x = pDrop > 0 ? dropFeatures(xs[k]!, inputs, pDrop, r) : xs[k]!;
        const y = ys[k]! === 1 ? 1 - smooth : smooth;
        loss += backward(net, forward(net, x), y, grad);
      }
      step++;
      for (const name of PARAMS) {
        const w = net[name], g = grad[name], mm = m[name], vv = v[name];
        const decay = name === 'W' || name === 'R' ? opts.l2 : 0;
        for (let q = 0; q < w.length; q++) {
          const gq = g[q]! / idx.length + decay * w[q]!;
          mm[q] = b1 * mm[q]! + (1 - b1) * gq;
          vv[q] = b2 * vv[q]! + (1 - b2) * gq * gq;
          const mh = mm[q]! / (1 - b1 ** step), vh = vv[q]! / (1 - b2 ** step);
          w[q]! -= (opts.lr * mh) / (Math.sqrt(vh) + eps);
        }
      }
    }
    opts.log?.(e + 1, loss / order.length);
  }
  return net;
}

/** The net as an ONNX graph: input x [T, 1, D] (sequence-major, batch 1), output prob [1, 1]. */
export function lstmOnnx(net: LstmNet, seqLen: number, metadata: Record<string, string>): Uint8Array {
  const H = net.units;
  const bias = new Float32Array(8 * H);
  bias.set(Float32Array.from(net.b)); // Rb (second half) stays zero
  return encodeModel({
    name: 'vigil-lstm',
    inputs: [{ name: 'x', dims: [seqLen, 1, net.inputs] }],
    outputs: [{ name: 'prob', dims: [1, 1] }],
    nodes: [
      { op: 'LSTM', inputs: ['x', 'W', 'R', 'B'], outputs: ['y', 'yh'], attrs: { hidden_size: { int: H } } },
      { op: 'Reshape', inputs: ['yh', 'shape'], outputs: ['h'] },
      { op: 'MatMul', inputs: ['h', 'Wd'], outputs: ['z0'] },
      { op: 'Add', inputs: ['z0', 'bd'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['prob'] },
    ],
    initializers: [
      { name: 'W', dims: [1, 4 * H, net.inputs], data: Float32Array.from(net.W) },
      { name: 'R', dims: [1, 4 * H, H], data: Float32Array.from(net.R) },
      { name: 'B', dims: [1, 8 * H], data: bias },
      { name: 'shape', dims: [2], data: BigInt64Array.of(1n, BigInt(H)) },
      { name: 'Wd', dims: [H, 1], data: Float32Array.from(net.Wd) },
      { name: 'bd', dims: [1], data: Float32Array.from(net.bd) },
    ],
    metadata,
  });
}
