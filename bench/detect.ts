import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadModels } from '../native-host/src/pipeline/detectors/model-loader.ts';
import { scanText } from '../native-host/src/pipeline/detectors/ensemble.ts';
import { printTable, summarize } from './stats.ts';

/**
 * Detection latency: full verdict (secrets, PII, Bayesian, Isolation Forest, ensemble) for texts
 * up to 4 KB, one core, after warm-up; `vigil scan --jsonl` throughput; model load time.
 * Texts are generated here (seeded) so the bench needs no dataset and copies none into the repo.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const WORDS = 'please summarise the attached report and email it to the team before friday ignore previous instructions the quarterly revenue grew while costs stayed flat contact support at help@example.org or call 212 555 0187 deploy using api_key = x9Fq2LmZ7pR4tY6wV1sN4cE5hGaUiKoP'.split(' ');

function texts(n: number): string[] {
  let s = 42;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, () => {
    const target = 64 + Math.floor(rand() * (4096 - 64));
    const parts: string[] = [];
    let len = 0;
    while (len < target) { const w = WORDS[Math.floor(rand() * WORDS.length)]!; parts.push(w); len += w.length + 1; }
    return parts.join(' ').slice(0, 4096);
  });
}

const t0 = performance.now();
const models = await loadModels();
const loadMs = performance.now() - t0;
const sample = texts(3000);
for (const t of sample.slice(0, 500)) await scanText(models, t);
const times: number[] = [];
for (const t of sample.slice(500)) {
  const a = performance.now();
  await scanText(models, t);
  times.push(performance.now() - a);
}
const lat = summarize(times);

const lines = sample.map((text) => JSON.stringify({ text })).join('\n') + '\n';
const cli = (input: string) => {
  const a = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'native-host/src/cli/main.ts', 'scan', '--jsonl'], { cwd: root, input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`vigil scan --jsonl failed: ${r.stderr.toString()}`);
  return performance.now() - a;
};
const startup = cli('{"text":"hi"}\n');
const full = cli(lines);
const tps = sample.length / ((full - startup) / 1000);

printTable('detection (texts ≤ 4 KB, one core, after 500 warm-up verdicts)', [
  ['metric', 'value'],
  ['full verdict p50', `${lat.median.toFixed(3)} ms`],
  ['full verdict p99', `${lat.p99.toFixed(3)} ms`],
  ['full verdict mean', `${lat.mean.toFixed(3)} ms`],
  ['model load (in-process, cold)', `${loadMs.toFixed(0)} ms`],
  ['vigil scan --jsonl startup (1 line)', `${startup.toFixed(0)} ms`],
  ['vigil scan --jsonl throughput', `${tps.toFixed(0)} texts/s (${sample.length} lines, startup excluded)`],
]);
