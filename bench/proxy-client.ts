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

/** Sequential requests on one keep-alive connection: latency percentiles in ms. */
export async function latency(t: Target, n: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await one(t);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await one(t);
    samples.push(performance.now() - t0);
  }
  const s = summarize(samples);
  return { p50: s.median, p99: s.p99 };
}

/** `clients` concurrent loops for `ms`: requests per second and total requests. */
export async function throughput(t: Target, clients: number, ms: number): Promise<{ rps: number; count: number }> {
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
  return { rps: (count * 1000) / (performance.now() - t0), count };
}

/** Time from sending a streaming request to the first body chunk, median over n, in ms. */
export async function firstChunk(t: Target, n: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const t0 = performance.now();
    const res = await request(`${t.base}/v1/chat/completions`, { method: 'POST', dispatcher: t.dispatcher, body: STREAM_BODY, headers: { 'content-type': 'application/json' } });
    let first = 0;
    for await (const _chunk of res.body) if (!first) first = performance.now() - t0;
    if (i >= 3) samples.push(first);
  }
  return summarize(samples).median;
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
