import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { startHarness, type Harness } from './testing/harness.ts';

const GAP_MS = 30;
let h: Harness;
let direct: Agent;
let proxied: ProxyAgent;
before(async () => {
  h = await startHarness({ gapMs: GAP_MS });
  direct = new Agent({ connect: { ca: h.testCa.certPem, servername: 'api.openai.com' } });
  proxied = new ProxyAgent({ uri: `http://127.0.0.1:${h.port}`, requestTls: { ca: h.vigilCaPem } });
});
after(async () => {
  await direct.close();
  await proxied.close();
  await h.close();
});

const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });

/** Time to the first body chunk and to the end of the stream, in ms. */
async function stream(base: string, dispatcher: Dispatcher): Promise<{ first: number; end: number }> {
  const t0 = performance.now();
  const res = await request(`${base}/v1/chat/completions`, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/json' } });
  let first = 0;
  for await (const _c of res.body) if (!first) first = performance.now() - t0;
  return { first, end: performance.now() - t0 };
}

// The fastest of several runs: on a shared machine the other processes add noise that only ever adds
// time, so the minimum is the closest estimate of what the proxy itself adds.
const best = (xs: number[]) => Math.min(...xs);

// The 2 ms target is measured on a quiet machine by bench/proxy.ts; here, under the parallel test run,
// the test checks what makes it possible: each chunk is passed on as it arrives, never held back.
test('the first SSE chunk arrives through Vigil as soon as the fake sends it, long before the stream ends', async () => {
  const directBase = `https://127.0.0.1:${h.fake.port}`;
  // Warm both paths (TLS sessions, pools, JIT) before measuring.
  for (let i = 0; i < 5; i++) {
    await stream(directBase, direct);
    await stream('https://api.openai.com', proxied);
  }
  const d: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 15; i++) {
    d.push((await stream(directBase, direct)).first);
    const r = await stream('https://api.openai.com', proxied);
    p.push(r.first);
    assert.ok(r.end - r.first >= GAP_MS * 4, 'the rest of the stream follows the fake’s pauses');
  }
  assert.ok(best(p) < GAP_MS / 2, `first chunk not held back until a later event: direct ${best(d).toFixed(2)} ms, via Vigil ${best(p).toFixed(2)} ms`);
});
