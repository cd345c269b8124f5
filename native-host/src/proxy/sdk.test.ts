import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startHarness, type Harness } from './testing/harness.ts';

// The official SDKs, run as child processes under `vigil run`: no proxy or CA configuration in code.
const exec = promisify(execFile);
const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const client = (name: string) => fileURLToPath(new URL(`./testing/clients/${name}`, import.meta.url));
const GAP_MS = 40;

let h: Harness;
before(async () => {
  h = await startHarness({ gapMs: GAP_MS });
});
after(() => h.close());

type Out = { text?: string; times?: number[]; chunks?: string[]; deltas?: string[]; toolCalls?: unknown[]; error?: { status: number; message: string } | null };

async function viaVigilRun(script: string, mode: string): Promise<Out> {
  const env = { ...process.env, OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test', NODE_OPTIONS: '' };
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', cli, 'run', '--data-dir', h.dataDir, '--', process.execPath, client(script), mode], { env, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Out;
}

function lastRecord(): Record<string, unknown> {
  const r = h.audit.records.at(-1);
  assert.ok(r, 'an audit record');
  return r.body;
}

test('openai: non-streaming chat through vigil run is intercepted and recorded', async () => {
  const n = h.audit.records.length;
  const out = await viaVigilRun('openai-client.mjs', 'chat');
  assert.equal(out.text, 'Hello from the fake provider.');
  await h.audit.waitFor(n + 1);
  const rec = lastRecord();
  assert.equal(rec.provider, 'openai');
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: streaming chat arrives chunk by chunk and is reassembled in the audit', async () => {
  const n = h.audit.records.length;
  const out = await viaVigilRun('openai-client.mjs', 'chat-stream');
  assert.equal(out.text, 'Hello from the fake provider.');
  const times = out.times ?? [];
  // The fake pauses GAP_MS between events: a buffering proxy would deliver them all at once.
  assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) >= GAP_MS * 4, `chunks spread over time: ${times.map((t) => t.toFixed(0)).join(',')}`);
  await h.audit.waitFor(n + 1);
  const rec = lastRecord();
  assert.equal((rec.interaction as { streamed: boolean }).streamed, true);
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: tool calls (non-streaming) reach the SDK and the audit', async () => {
  const n = h.audit.records.length;
  const out = await viaVigilRun('openai-client.mjs', 'tools');
  assert.deepEqual(out.toolCalls, [{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  await h.audit.waitFor(n + 1);
  assert.deepEqual((lastRecord().output as { toolCalls: unknown[] }).toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  assert.deepEqual((lastRecord().interaction as { tools: unknown[] }).tools, [{ name: 'get_weather', description: 'Weather' }]);
});

test('openai: Responses API, plain and streamed', async () => {
  const plain = await viaVigilRun('openai-client.mjs', 'responses');
  assert.equal(plain.text, 'Hello from the fake provider.');
  const n = h.audit.records.length;
  const streamed = await viaVigilRun('openai-client.mjs', 'responses-stream');
  assert.equal(streamed.text, 'Hello from the fake provider.');
  await h.audit.waitFor(n + 1);
  const rec = lastRecord();
  assert.equal((rec.interaction as { endpoint: string }).endpoint, 'responses');
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: the built-in rule makes the SDK raise a 403 carrying Vigil’s reason', async () => {
  const seen = h.fake.received.length;
  const out = await viaVigilRun('openai-client.mjs', 'blocked');
  assert.equal(out.error?.status, 403);
  assert.match(out.error?.message ?? '', /Blocked by Vigil: the request contains an AWS secret access key/);
  assert.equal(h.fake.received.length, seen, 'never forwarded');
});

test('anthropic: chat, streaming chat, tool use, and a blocked private key', async () => {
  const n = h.audit.records.length;
  assert.equal((await viaVigilRun('anthropic-client.mjs', 'chat')).text, 'Hello from the fake provider.');
  const s = await viaVigilRun('anthropic-client.mjs', 'chat-stream');
  assert.equal(s.text, 'Hello from the fake provider.');
  assert.ok((s.times?.at(-1) ?? 0) - (s.times?.[0] ?? 0) >= GAP_MS * 3);
  const t = await viaVigilRun('anthropic-client.mjs', 'tools');
  assert.deepEqual(t.toolCalls, [{ name: 'get_weather', input: { city: 'Paris' } }]);
  const b = await viaVigilRun('anthropic-client.mjs', 'blocked');
  assert.equal(b.error?.status, 403);
  assert.match(b.error?.message ?? '', /Blocked by Vigil: the request contains a private key/);
  await h.audit.waitFor(n + 4);
  const recs = h.audit.records.slice(n).map((r) => r.body);
  assert.deepEqual(recs.map((r) => r.provider), ['anthropic', 'anthropic', 'anthropic', 'anthropic']);
  assert.equal((recs[1]?.output as { text: string }).text, 'Hello from the fake provider.');
  assert.equal((recs[2]?.output as { toolCalls: { arguments: string }[] }).toolCalls[0]?.arguments, '{"city":"Paris"}');
  assert.equal((recs[3]?.blocked as { rule: string }).rule, 'builtin.private-key');
});
