// Measurements for bench/proxy.ts, run the same way against every target.
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { summarize } from './stats.ts';

export interface Target {
  name: string;
  /** Base URL the client asks for (always https://api.openai.com except for direct). */
  base: string;
  dispatcher: Dispatcher;
  /** The proxy's pid, for CPU and RSS; null for direct. */
  pid: number | null;
}

const BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
const STREAM_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true });

async function one(t: Target, body = BODY): Promise<void> {
  const res = await request(`${t.base}/v1/chat/completions`, { method: 'POST', dispatcher: t.dispatcher, body, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' } });
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}`);
  await res.body.arrayBuffer();
}

/**
 * Sequential requests on one keep-alive connection per target, the targets taking turns request by
 * request (load from other work on this shared machine then falls on all of them alike): latency
 * percentiles in ms per target.
 */
export async function latency(ts: Target[], n: number): Promise<Map<string, { p50: number; p99: number }>> {
  for (let i = 0; i < 50; i++) for (const t of ts) await one(t);
  const samples = new Map<string, number[]>(ts.map((t) => [t.name, []]));
  for (let i = 0; i < n; i++) {
    for (const t of ts) {
      const t0 = performance.now();
      await one(t);
      samples.get(t.name)?.push(performance.now() - t0);
    }
  }
  return new Map(ts.map((t) => {
    const s = summarize(samples.get(t.name) ?? []);
    return [t.name, { p50: s.median, p99: s.p99 }];
  }));
}

/** `clients` concurrent loops for `ms`: requests per second, total requests and the time taken. */
async function window(t: Target, clients: number, ms: number): Promise<{ count: number; ms: number }> {
  let count = 0;
  const until = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await one(t);
        count++;
      }
    }),
  );
  return { count, ms: performance.now() - t0 };
}

/**
 * Requests per second at `clients` concurrent loops, measured in `slices` short windows per target
 * with the targets taking turns, after one unmeasured warm-up window each (all connections open,
 * pools filled, code compiled). Also the proxy's CPU time per request over its windows.
 */
export async function throughput(ts: Target[], clients: number, sliceMs: number, slices: number, warmMs: number): Promise<Map<string, { rps: number; cpuPerReq: number }>> {
  for (const t of ts) await window(t, clients, warmMs);
  const sums = new Map(ts.map((t) => [t.name, { count: 0, ms: 0, cpuMs: 0 }]));
  for (let i = 0; i < slices; i++) {
    for (const t of ts) {
      const before = t.pid ? await procStats(t.pid) : null;
      const w = await window(t, clients, sliceMs);
      const after = t.pid ? await procStats(t.pid) : null;
      const sum = sums.get(t.name);
      if (!sum) continue;
      sum.count += w.count;
      sum.ms += w.ms;
      sum.cpuMs += before && after ? after.cpuMs - before.cpuMs : NaN;
    }
  }
  return new Map([...sums].map(([name, s]) => [name, { rps: (s.count * 1000) / s.ms, cpuPerReq: s.cpuMs / s.count }]));
}

/** Time from sending a streaming request to the first body chunk, median over n per target (targets take turns), in ms. */
export async function firstChunk(ts: Target[], n: number): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(ts.map((t) => [t.name, []]));
  for (let i = 0; i < n + 3; i++) {
    for (const t of ts) {
      const t0 = performance.now();
      const res = await request(`${t.base}/v1/chat/completions`, { method: 'POST', dispatcher: t.dispatcher, body: STREAM_BODY, headers: { 'content-type': 'application/json' } });
      let first = 0;
      for await (const _chunk of res.body) if (!first) first = performance.now() - t0;
      if (i >= 3) samples.get(t.name)?.push(first);
    }
  }
  return new Map(ts.map((t) => [t.name, summarize(samples.get(t.name) ?? []).median]));
}

/** utime+stime of a process in ms (Linux /proc), and its RSS in MB. */
export async function procStats(pid: number): Promise<{ cpuMs: number; rssMb: number }> {
  const { readFile } = await import('node:fs/promises');
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return { cpuMs: (ticks * 1000) / 100, rssMb: rssKb / 1024 };
}
