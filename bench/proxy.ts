// bench/proxy: the Vigil proxy against direct connections and mitmproxy, in one run, on this machine.
// Usage: node --import tsx bench/proxy.ts   (needs `mitmdump` from the Debian package mitmproxy;
// BENCH_ROUNDS=N sets the number of interleaved rounds, 3 by default)
// All traffic stays on 127.0.0.1: the fake provider answers as api.openai.com.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, ProxyAgent } from 'undici';
import { firstChunk, latency, procStats, throughput, type Target } from './proxy-client.ts';
import { printTable } from './stats.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'vigil-bench-proxy-'));
const children: ChildProcess[] = [];
const N_LAT = 500;
const CLIENTS = 16;
const THROUGHPUT_MS = 4000;
const WARM_MS = 1000;
const SLICES = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Measured {
  p50: number;
  p99: number;
  rps: number;
  ttfb: number;
  cpuPerReq: number;
  rss: number;
}

function child(cmd: string, args: string[]): Promise<{ proc: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(proc);
    let buf = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve({ proc, line: buf.split('\n')[0] ?? '' });
    });
    proc.once('exit', (code) => reject(new Error(`${cmd} exited ${code}`)));
  });
}

async function waitPort(port: number, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((r) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never opened`);
}

const MITM_ADDON = `
from mitmproxy import http
PORT = int(__import__("os").environ["BENCH_UPSTREAM_PORT"])
def request(flow: http.HTTPFlow):
    # Point api.openai.com at the local fake provider (lazy connection strategy: nothing resolves the real host).
    flow.request.host = "127.0.0.1"
    flow.request.port = PORT
    flow.request.host_header = "api.openai.com"
def responseheaders(flow: http.HTTPFlow):
    flow.response.stream = True
`;

async function main(): Promise<void> {
  const upCa = join(tmp, 'upstream-ca.pem');
  const tsx = ['--import', 'tsx'];
  const up = JSON.parse((await child(process.execPath, [...tsx, join(here, 'proxy-upstream.ts'), upCa])).line) as { port: number };
  const vigilChild = await child(process.execPath, [...tsx, join(here, 'proxy-vigil.ts'), String(up.port), upCa]);
  const vigil = JSON.parse(vigilChild.line) as { port: number; caPem: string };

  const targets: Target[] = [
    { name: 'direct', base: `https://127.0.0.1:${up.port}`, dispatcher: new Agent({ connect: { ca: readFileSync(upCa, 'utf8'), servername: 'api.openai.com' } }), pid: null },
    { name: 'vigil', base: 'https://api.openai.com', dispatcher: new ProxyAgent({ uri: `http://127.0.0.1:${vigil.port}`, requestTls: { ca: vigil.caPem } }), pid: vigilChild.proc.pid ?? null },
  ];

  const mitmPort = vigil.port + 1 < 65535 ? vigil.port + 1 : vigil.port - 1;
  let mitmNote = '';
  try {
    writeFileSync(join(tmp, 'addon.py'), MITM_ADDON);
    const proc = spawn('mitmdump', ['-q', '--listen-host', '127.0.0.1', '-p', String(mitmPort), '--set', `confdir=${tmp}/mitm`, '--set', 'connection_strategy=lazy', '--set', 'ssl_insecure=true', '-s', join(tmp, 'addon.py')], { stdio: 'ignore', env: { ...process.env, BENCH_UPSTREAM_PORT: String(up.port) } });
    children.push(proc);
    await waitPort(mitmPort);
    const caFile = join(tmp, 'mitm', 'mitmproxy-ca-cert.pem');
    for (let i = 0; i < 50 && !existsSync(caFile); i++) await new Promise((r) => setTimeout(r, 100));
    targets.push({ name: 'mitmproxy', base: 'https://api.openai.com', dispatcher: new ProxyAgent({ uri: `http://127.0.0.1:${mitmPort}`, requestTls: { ca: readFileSync(caFile, 'utf8') } }), pid: proc.pid ?? null });
  } catch (err) {
    mitmNote = `mitmproxy not measured: ${(err as Error).message}`;
  }

  // The targets take turns within each measurement (request by request for latency and first
  // chunk, in short windows for throughput), so load from other work on this shared machine falls on
  // all of them alike; each figure is the best of ROUNDS rounds, with the spread printed below the
  // table. A first round is run and discarded: freshly started processes are still compiling their
  // hot paths (the proxy spent over a quarter of its CPU in the JIT there); throughput windows also
  // follow a warm-up window per target in every round (connections, pools).
  const rounds: Map<string, Measured>[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    const lat = await latency(targets, N_LAT);
    const tp = await throughput(targets, CLIENTS, THROUGHPUT_MS / SLICES, SLICES, WARM_MS);
    const ttfb = await firstChunk(targets, 30);
    const results = new Map<string, Measured>();
    for (const t of targets) {
      const rss = t.pid ? (await procStats(t.pid)).rssMb : NaN;
      results.set(t.name, { p50: lat.get(t.name)?.p50 ?? NaN, p99: lat.get(t.name)?.p99 ?? NaN, rps: tp.get(t.name)?.rps ?? NaN, ttfb: ttfb.get(t.name) ?? NaN, cpuPerReq: tp.get(t.name)?.cpuPerReq ?? NaN, rss });
    }
    if (round >= 0) rounds.push(results);
    process.stderr.write(round < 0 ? 'warm-up round done\n' : `round ${round + 1}/${ROUNDS} measured\n`);
  }
  const results = new Map<string, Measured>();
  for (const t of targets) {
    const all = rounds.map((r) => r.get(t.name)).filter((x): x is Measured => x !== undefined);
    const min = (k: keyof Measured) => Math.min(...all.map((x) => x[k]));
    const max = (k: keyof Measured) => Math.max(...all.map((x) => x[k]));
    results.set(t.name, { p50: min('p50'), p99: min('p99'), rps: max('rps'), ttfb: min('ttfb'), cpuPerReq: min('cpuPerReq'), rss: max('rss') });
  }

  const d = results.get('direct');
  const v = results.get('vigil');
  const m = results.get('mitmproxy');
  const f = (x: number | undefined, digits = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));
  const rows = [['target', 'p50 ms', 'p99 ms', `req/s @${CLIENTS}`, 'x direct', 'first chunk ms', 'proxy CPU ms/req', 'proxy RSS MB']];
  for (const [name, r] of results) rows.push([name, f(r.p50, 3), f(r.p99, 3), f(r.rps, 0), f(d ? r.rps / d.rps : NaN), f(r.ttfb, 3), f(r.cpuPerReq, 3), f(r.rss, 1)]);
  printTable(`Proxy benchmark (best of ${ROUNDS} rounds after a warm-up round, targets taking turns; per target and round: ${N_LAT} keep-alive requests, ${CLIENTS} clients for ${THROUGHPUT_MS / 1000}s in ${SLICES} windows after ${WARM_MS / 1000}s warm-up, 30 SSE streams)`, rows);
  const spread = (name: string, k: keyof Measured, digits: number) => rounds.map((r) => f(r.get(name)?.[k], digits)).join(' / ');
  printTable('Spread across rounds', [['target', 'p50 ms', `req/s @${CLIENTS}`, 'first chunk ms', 'proxy CPU ms/req'], ...targets.map((t) => [t.name, spread(t.name, 'p50', 3), spread(t.name, 'rps', 0), spread(t.name, 'ttfb', 3), spread(t.name, 'cpuPerReq', 3)])]);
  if (d && v) {
    // The same figure within each round (the targets measured side by side), for the spread.
    const perRound = (fn: (r: Map<string, Measured>) => number, digits: number) => rounds.map((r) => f(fn(r), digits)).join(' / ');
    const get = (r: Map<string, Measured>, name: string) => r.get(name) ?? { p50: NaN, p99: NaN, rps: NaN, ttfb: NaN, cpuPerReq: NaN, rss: NaN };
    const checks = [
      ['added p50 (vigil - direct)', `${f(v.p50 - d.p50, 3)} ms`, v.p50 - d.p50 <= 0.7 ? 'ok (<= 0.7 ms)' : 'MISSED (<= 0.7 ms)', perRound((r) => get(r, 'vigil').p50 - get(r, 'direct').p50, 3)],
      ['throughput vigil / direct', f(v.rps / d.rps), v.rps / d.rps >= 0.33 ? 'ok (>= 0.33)' : 'MISSED (>= 0.33)', perRound((r) => get(r, 'vigil').rps / get(r, 'direct').rps, 2)],
      ['throughput vigil / mitmproxy', m ? f(v.rps / m.rps) : '-', m ? (v.rps / m.rps >= 5 ? 'ok (>= 5)' : 'MISSED (>= 5)') : mitmNote, m ? perRound((r) => get(r, 'vigil').rps / get(r, 'mitmproxy').rps, 2) : '-'],
      ['first-chunk delay (vigil - direct)', `${f(v.ttfb - d.ttfb, 3)} ms`, v.ttfb - d.ttfb <= 2 ? 'ok (<= 2 ms)' : 'MISSED (<= 2 ms)', perRound((r) => get(r, 'vigil').ttfb - get(r, 'direct').ttfb, 3)],
    ];
    printTable('Targets (best of rounds; then each round on its own)', [['metric', 'value', 'target', 'per round'], ...checks]);
  }
  for (const t of targets) await t.dispatcher.close();
}

try {
  await main();
} finally {
  for (const c of children) c.kill();
  rmSync(tmp, { recursive: true, force: true });
}
