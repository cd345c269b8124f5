import { writeFileSync } from 'node:fs';
import { SEQ_LEN, STEP_DIM, STEP_SCHEMA_VERSION, sequenceTensor, type RunStep } from '../../native-host/src/pipeline/detectors/step-features.ts';
import { trajectorySplit, datasetsArg } from './data.ts';
import { synthRuns } from './trajectory-synth.ts';
import { plannerRuns } from './trajectory-synth-planner.ts';
import { HARM_CATEGORIES, harmRuns } from './trajectory-synth-harm.ts';
import { lstmOnnx, predictNet, trainLstm, type LstmNet } from './trajectory-lstm-net.ts';
import { rocAuc } from '../eval/metrics.ts';
import { fnv1a } from '../../shared/src/detectors/text-features.ts';

/**
 * Trains a small LSTM (16 units) over format-agnostic per-step vectors (step-features.ts) to flag
 * hijacked or harmful agent runs, and exports it as an ONNX LSTM (trajectory-lstm-net.ts).
 *
 * Training data: datasets/trajectories/train.jsonl (InjecAgent hijacked vs benign) plus SYNTHETIC runs
 * from trajectory-synth.ts and trajectory-synth-planner.ts (templates written for Vigil; the planner
 * set is the plan + "At step k" shape). Seeded end to end (initial weights, synthetic sets, batch
 * order, dropout masks), so a retrain reproduces the same file.
 *
 * `--validate` picks designs without the test split: leave-one-group-out folds (InjecAgent by user
 * tool, synthetic by family and scenario) and two cross-source transfers (train on one source, score
 * the other), since the test split is a source the model never sees. `--validate-planner`: trained
 * without the planner runs, and with one planner attack vector held out at a time. `--validate-harm`:
 * the harm-taxonomy runs of trajectory-synth-harm.ts (LSTM_HARM=n adds n of them to training), held
 * out by category.
 */
const UNITS = Number(process.env.LSTM_UNITS ?? 16);
const EPOCHS = Number(process.env.LSTM_EPOCHS ?? 10);
const SYNTH_RUNS = Number(process.env.LSTM_SYNTH ?? 3200);
const PLANNER_RUNS = Number(process.env.LSTM_PLANNER ?? 1600);
// Off by default. Tried with a wider harmful-request lexicon (one phrase list per harm category):
// --validate-harm category hold-out AUC 96.5 against 82.6 for the shipped design, planner vector
// hold-out 95.7 (was 95.0), yet ASSEBench fell from 82.1 to 79.6 (recall 56.5, FPR 23.3 at 0.5).
const HARM_RUNS = Number(process.env.LSTM_HARM ?? 0);
const L2 = Number(process.env.LSTM_L2 ?? 1e-4);
const LR = Number(process.env.LSTM_LR ?? 0.005);
const DROPOUT = Number(process.env.LSTM_FEATURE_DROPOUT ?? 0.5);
const SMOOTH = Number(process.env.LSTM_LABEL_SMOOTHING ?? 0.05);
const SEED = 7;

const pct = (v: number) => (100 * v).toFixed(1);

interface Row { steps: RunStep[]; label: number; source: string; group: string; format: string }

/** All training rows: InjecAgent grouped by the user's tool (the first call), synthetic by family and scenario. */
export function trainingRows(dir: string, synth = SYNTH_RUNS, planner = PLANNER_RUNS, harm = HARM_RUNS): Row[] {
  const injec = trajectorySplit(dir, 'train').map((r) => {
    const first = r.steps.find((s) => s.role === 'agent' && s.action)?.action ?? '';
    return { steps: r.steps, label: r.label, source: 'injecagent', group: `injec:${first.replace(/[{(].*$/s, '')}`, format: 'injecagent' };
  });
  const syn = synthRuns(synth, SEED).map((r) => ({ steps: r.steps, label: r.label, source: 'synthetic', group: `synth:${r.family}:${r.group}`, format: r.format }));
  const plan = plannerRuns(planner, SEED + 2).map((r) => ({ steps: r.steps, label: r.label, source: 'planner', group: r.group, format: r.format }));
  const harms = harmRows(harm);
  return [...injec, ...syn, ...plan, ...harms];
}

function harmRows(n: number): Row[] {
  return harmRuns(n, SEED + 4).map((r) => ({ steps: r.steps, label: r.label, source: 'harm', group: r.group, format: r.format }));
}

function fit(rows: Row[], log = false): LstmNet {
  return trainLstm(rows.map((r) => sequenceTensor(r.steps)), rows.map((r) => r.label), STEP_DIM, UNITS, {
    epochs: EPOCHS, batch: 32, lr: LR, l2: L2, seed: SEED, featureDropout: DROPOUT, labelSmoothing: SMOOTH,
    ...(log ? { log: (e: number, loss: number) => console.log(`epoch ${e}: loss ${loss.toFixed(4)}`) } : {}),
  });
}

function auc(net: LstmNet, rows: Row[]): number {
  return rocAuc(rows.map((r) => predictNet(net, sequenceTensor(r.steps))), rows.map((r) => r.label));
}

/** Stable fold of a group name. */
const fold = (group: string, k: number): number => fnv1a(group) % k;

/**
 * Format transfer: hold out every synthetic run of one agent-framework shape (planner turns, or
 * observations folded into the agent's thought) and train on the rest. This is the shift the test
 * split brings, so it is the number designs are chosen by.
 */
function validateFormats(rows: Row[]): void {
  let mean = 0;
  const held = [(r: Row) => r.format.startsWith('planner'), (r: Row) => r.format.endsWith('obs3') || r.format.endsWith('obs2')];
  for (const [k, isHeld] of held.entries()) {
    const net = fit(rows.filter((r) => !isHeld(r)));
    const a = auc(net, rows.filter(isHeld));
    mean += a / held.length;
    console.log(`format hold-out ${k ? 'observation-in-thought' : 'planner'}: AUC ${pct(a)}`);
  }
  console.log(`format transfer mean AUC ${pct(mean)} (units ${UNITS}, epochs ${EPOCHS}, lr ${LR}, l2 ${L2})`);
}

function validate(rows: Row[]): void {
  const K = 4;
  console.log(`units ${UNITS}, epochs ${EPOCHS}, lr ${LR}, l2 ${L2}, feature dropout ${DROPOUT}, label smoothing ${SMOOTH}`);
  const sums = { injec: 0, synth: 0 };
  for (let f = 0; f < K; f++) {
    const net = fit(rows.filter((r) => fold(r.group, K) !== f));
    const held = rows.filter((r) => fold(r.group, K) === f);
    const injec = auc(net, held.filter((r) => r.source === 'injecagent'));
    const synth = auc(net, held.filter((r) => r.source === 'synthetic'));
    sums.injec += injec / K;
    sums.synth += synth / K;
    console.log(`fold ${f}: held-out groups AUC injecagent ${pct(injec)}, synthetic ${pct(synth)}`);
  }
  console.log(`mean held-out AUC: injecagent ${pct(sums.injec)}, synthetic ${pct(sums.synth)}`);
  validateTransfer(rows);
}

/** Transfer between sources with different surface forms: what the test split asks of the model. */
function validateTransfer(rows: Row[]): void {
  for (const [from, to] of [['synthetic', 'injecagent'], ['injecagent', 'synthetic']] as const) {
    const net = fit(rows.filter((r) => r.source === from));
    console.log(`transfer ${from} → ${to}: AUC ${pct(auc(net, rows.filter((r) => r.source === to)))} (dropout ${DROPOUT}, smoothing ${SMOOTH}, epochs ${EPOCHS})`);
  }
}

/**
 * The planner-format runs (trajectory-synth-planner.ts) are the shape most agent-attack benchmarks
 * use, so they get their own checks: trained without any of them (do the step features carry over
 * from the other sources?), and with one attack vector held out at a time (does a new way of
 * delivering the instruction still read as hijacked?).
 */
function validatePlanner(rows: Row[]): void {
  const planner = rows.filter((r) => r.source === 'planner');
  const without = fit(rows.filter((r) => r.source !== 'planner'));
  console.log(`without planner runs → planner: AUC ${pct(auc(without, planner))}`);
  let mean = 0;
  const vectors = ['direct', 'observation', 'memory', 'backdoor'];
  for (const v of vectors) {
    const isHeld = (r: Row) => r.group === `planner:${v}`;
    const net = fit(rows.filter((r) => !isHeld(r)));
    const a = auc(net, rows.filter(isHeld));
    mean += a / vectors.length;
    console.log(`planner vector ${v} held out: AUC ${pct(a)}`);
  }
  const toInjec = fit(rows.filter((r) => r.source !== 'injecagent'));
  console.log(`planner vector hold-out mean AUC ${pct(mean)}; synthetic+planner → injecagent AUC ${pct(auc(toInjec, rows.filter((r) => r.source === 'injecagent')))}`);
}

/**
 * The harm-taxonomy runs (trajectory-synth-harm.ts): trained without any of them, and with half the
 * categories held out at a time (does a category the model never saw still read as harmful?). The
 * held-out score counts the benign twins too, so a topic word alone does not win it. Also reports
 * what share of InjecAgent's benign runs each model flags at 0.5, to see the added runs do not make
 * ordinary runs look unsafe.
 */
function validateHarm(trainRows: Row[]): void {
  const rows = trainRows.some((r) => r.source === 'harm') ? trainRows : [...trainRows, ...harmRows(1200)];
  const harm = rows.filter((r) => r.source === 'harm');
  const benignInjec = rows.filter((r) => r.source === 'injecagent' && r.label === 0);
  const flagged = (net: LstmNet, rs: Row[]) => rs.filter((r) => predictNet(net, sequenceTensor(r.steps)) >= 0.5).length / rs.length;
  const without = fit(rows.filter((r) => r.source !== 'harm'));
  console.log(`without harm runs → harm: AUC ${pct(auc(without, harm))}`);
  let mean = 0;
  for (const half of [0, 1]) {
    const held = new Set(HARM_CATEGORIES.filter((_, i) => i % 2 === half).map((c) => `harm:${c}`));
    const net = fit(rows.filter((r) => !held.has(r.group)));
    const a = auc(net, rows.filter((r) => held.has(r.group)));
    mean += a / 2;
    console.log(`harm categories ${[...held].join(',')} held out: AUC ${pct(a)}; injecagent benign flagged ${pct(flagged(net, benignInjec))}%`);
  }
  console.log(`harm category hold-out mean AUC ${pct(mean)}`);
}

function main(): void {
  const dir = datasetsArg(process.argv);
  const rows = trainingRows(dir);
  if (process.argv.includes('--validate')) return validate(rows);
  if (process.argv.includes('--validate-formats')) return validateFormats(rows);
  if (process.argv.includes('--validate-transfer')) return validateTransfer(rows);
  if (process.argv.includes('--validate-planner')) return validatePlanner(rows);
  if (process.argv.includes('--validate-harm')) return validateHarm(rows);
  const outIdx = process.argv.indexOf('--out');
  const out = outIdx >= 0 ? process.argv[outIdx + 1]! : 'models/lstm.onnx';
  const net = fit(rows, true);
  const bytes = lstmOnnx(net, SEQ_LEN, {
    step_schema_version: String(STEP_SCHEMA_VERSION),
    trained_on: `injecagent,injecagent-benign,synthetic(${SYNTH_RUNS} runs, seed ${SEED}),synthetic-planner(${PLANNER_RUNS} runs, seed ${SEED + 2})${HARM_RUNS > 0 ? `,synthetic-harm(${HARM_RUNS} runs, seed ${SEED + 4})` : ''}`,
    hyperparameters: `units ${UNITS}, epochs ${EPOCHS}, lr ${LR}, l2 ${L2}, batch 32, feature dropout ${DROPOUT}, label smoothing ${SMOOTH}`,
  });
  writeFileSync(out, bytes);
  console.log(`lstm → ${out} (${bytes.length} bytes); training AUC ${pct(auc(net, rows))}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
