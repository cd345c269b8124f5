import { writeFileSync } from 'node:fs';
import { ACTION_DIM, ACTION_SCHEMA_VERSION, actionVector } from '../../native-host/src/pipeline/detectors/action-features.ts';
import { injectionSplit, datasetsArg } from './data.ts';
import { encodeModel } from './onnx-writer.ts';

/**
 * Isolation Forest (Liu et al. 2008) over per-action feature vectors of benign training text: the
 * shipped baseline, to be refit on the user's own history. Exported as an ai.onnx.ml
 * TreeEnsembleRegressor whose leaves hold (depth + c(size)) / trees, so the ensemble sum is the
 * mean path length E[h]; the graph then computes the anomaly score 2^(-E[h]/c(psi)).
 */
const TREES = 100;
const PSI = 256;
const MAX_DEPTH = Math.ceil(Math.log2(PSI));

/** Average path length of an unsuccessful BST search over n points. */
export function cFactor(n: number): number {
  return n <= 1 ? 0 : 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

interface Flat { feature: number[]; value: number[]; left: number[]; right: number[]; leaf: number[] }

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function grow(xs: Float32Array[], depth: number, t: Flat, rand: () => number): number {
  const id = t.feature.length;
  t.feature.push(0); t.value.push(0); t.left.push(0); t.right.push(0); t.leaf.push(NaN);
  const f = Math.floor(rand() * ACTION_DIM);
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) { lo = Math.min(lo, x[f]!); hi = Math.max(hi, x[f]!); }
  if (depth >= MAX_DEPTH || xs.length <= 1 || lo === hi) {
    t.leaf[id] = (depth + cFactor(xs.length)) / TREES;
    return id;
  }
  const split = lo + rand() * (hi - lo);
  t.feature[id] = f; t.value[id] = split;
  t.left[id] = grow(xs.filter((x) => x[f]! <= split), depth + 1, t, rand);
  t.right[id] = grow(xs.filter((x) => x[f]! > split), depth + 1, t, rand);
  return id;
}

export function buildForest(vectors: Float32Array[]): Flat[] {
  const rand = rng(7);
  const trees: Flat[] = [];
  for (let i = 0; i < TREES; i++) {
    const sample = Array.from({ length: Math.min(PSI, vectors.length) }, () => vectors[Math.floor(rand() * vectors.length)]!);
    const t: Flat = { feature: [], value: [], left: [], right: [], leaf: [] };
    grow(sample, 0, t, rand);
    trees.push(t);
  }
  return trees;
}

function main(): void {
  const dir = datasetsArg(process.argv);
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'models/iforest.onnx';
  const benign = injectionSplit(dir, 'train').filter((r) => r.label === 0);
  const trees = buildForest(benign.map((r) => actionVector(r.text)));
  const a: Record<string, number[]> = { tree: [], node: [], feat: [], val: [], t: [], f: [], ttree: [], tnode: [], w: [] };
  const modes: string[] = [];
  trees.forEach((t, ti) => t.feature.forEach((_, ni) => {
    const isLeaf = !Number.isNaN(t.leaf[ni]!);
    a.tree!.push(ti); a.node!.push(ni); a.feat!.push(t.feature[ni]!); a.val!.push(t.value[ni]!);
    a.t!.push(t.left[ni]!); a.f!.push(t.right[ni]!); modes.push(isLeaf ? 'LEAF' : 'BRANCH_LEQ');
    if (isLeaf) { a.ttree!.push(ti); a.tnode!.push(ni); a.w!.push(t.leaf[ni]!); }
  }));
  const bytes = encodeModel({
    name: 'vigil-iforest', mlOpset: 3,
    inputs: [{ name: 'x', dims: ['n', ACTION_DIM] }],
    outputs: [{ name: 'score', dims: ['n', 1] }],
    nodes: [
      { op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['pathlen'], attrs: {
        n_targets: { int: 1 }, aggregate_function: 'SUM',
        nodes_treeids: { ints: a.tree! }, nodes_nodeids: { ints: a.node! }, nodes_featureids: { ints: a.feat! }, nodes_values: a.val!,
        nodes_modes: modes, nodes_truenodeids: { ints: a.t! }, nodes_falsenodeids: { ints: a.f! },
        target_treeids: { ints: a.ttree! }, target_nodeids: { ints: a.tnode! }, target_ids: { ints: a.ttree!.map(() => 0) }, target_weights: a.w! } },
      { op: 'Mul', inputs: ['pathlen', 'negInvC'], outputs: ['e'] },
      { op: 'Pow', inputs: ['two', 'e'], outputs: ['score'] },
    ],
    initializers: [
      { name: 'negInvC', dims: [1], data: Float32Array.of(-1 / cFactor(PSI)) },
      { name: 'two', dims: [1], data: Float32Array.of(2) },
    ],
    metadata: { action_schema_version: String(ACTION_SCHEMA_VERSION), trained_on: [...new Set(benign.map((r) => r.source))].join(',') },
  });
  writeFileSync(out, bytes);
  console.log(`iforest: ${benign.length} benign actions, ${TREES} trees → ${out} (${bytes.length} bytes)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
