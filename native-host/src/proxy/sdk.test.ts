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

const sdkEnv = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test', NODE_OPTIONS: '' };

/** `vigil run -- node client.mjs MODE`: the CLI sets up proxy, CA and fetch preload for the child. */
async function viaVigilRun(script: string, mode: string): Promise<Out> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', cli, 'run', '--data-dir', h.dataDir, '--', process.execPath, client(script), mode], { env: { ...process.env, ...sdkEnv }, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Out;
}

/** Parses `vigil env` (bash) output: `export K='v'` lines with POSIX single-quote escaping. */
function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_]+)=((?:'[^']*'|\\')+)$/gm)) {
    out[m[1] ?? ''] = (m[2] ?? '').replace(/'\\''/g, "'").replace(/^'|'$/g, '');
  }
  return out;
}

let vigilEnv: Record<string, string> | null = null;

/** The client run with the environment `vigil env` printed (as after `eval "$(vigil env)"`). */
async function viaVigilEnv(script: string, mode: string): Promise<Out> {
  if (!vigilEnv) {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', cli, 'env', '--shell', 'bash', '--data-dir', h.dataDir], { env: { ...process.env, ...sdkEnv } });
    vigilEnv = parseExports(stdout);
    assert.match(vigilEnv.HTTPS_PROXY ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  }
  const { stdout } = await exec(process.execPath, [client(script), mode], { env: { ...process.env, ...sdkEnv, ...vigilEnv }, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Out;
}

function lastRecord(): Record<string, unknown> {
  const r = h.audit.records.at(-1);
  assert.ok(r, 'an audit record');
  return r.body;
}

test('openai: non-streaming chat under `vigil run` is intercepted and recorded', async () => {
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
  const out = await viaVigilEnv('openai-client.mjs', 'chat-stream');
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
  const out = await viaVigilEnv('openai-client.mjs', 'tools');
  assert.deepEqual(out.toolCalls, [{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  await h.audit.waitFor(n + 1);
  assert.deepEqual((lastRecord().output as { toolCalls: unknown[] }).toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  assert.deepEqual((lastRecord().interaction as { tools: unknown[] }).tools, [{ name: 'get_weather', description: 'Weather' }]);
});

test('openai: Responses API, plain and streamed', async () => {
  const plain = await viaVigilEnv('openai-client.mjs', 'responses');
  assert.equal(plain.text, 'Hello from the fake provider.');
  const n = h.audit.records.length;
  const streamed = await viaVigilEnv('openai-client.mjs', 'responses-stream');
  assert.equal(streamed.text, 'Hello from the fake provider.');
  await h.audit.waitFor(n + 1);
  const rec = lastRecord();
  assert.equal((rec.interaction as { endpoint: string }).endpoint, 'responses');
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: the built-in rule makes the SDK raise a 403 carrying Vigil’s reason', async () => {
  const seen = h.fake.received.length;
  const out = await viaVigilEnv('openai-client.mjs', 'blocked');
  assert.equal(out.error?.status, 403);
  assert.match(out.error?.message ?? '', /Blocked by Vigil: the request contains an AWS secret access key/);
  assert.equal(h.fake.received.length, seen, 'never forwarded');
});

test('anthropic: chat, streaming chat, tool use, and a blocked private key', async () => {
  const n = h.audit.records.length;
  assert.equal((await viaVigilEnv('anthropic-client.mjs', 'chat')).text, 'Hello from the fake provider.');
  const s = await viaVigilEnv('anthropic-client.mjs', 'chat-stream');
  assert.equal(s.text, 'Hello from the fake provider.');
  assert.ok((s.times?.at(-1) ?? 0) - (s.times?.[0] ?? 0) >= GAP_MS * 3);
  const t = await viaVigilEnv('anthropic-client.mjs', 'tools');
  assert.deepEqual(t.toolCalls, [{ name: 'get_weather', input: { city: 'Paris' } }]);
  const b = await viaVigilEnv('anthropic-client.mjs', 'blocked');
  assert.equal(b.error?.status, 403);
  assert.match(b.error?.message ?? '', /Blocked by Vigil: the request contains a private key/);
  await h.audit.waitFor(n + 4);
  const recs = h.audit.records.slice(n).map((r) => r.body);
  assert.deepEqual(recs.map((r) => r.provider), ['anthropic', 'anthropic', 'anthropic', 'anthropic']);
  assert.equal((recs[1]?.output as { text: string }).text, 'Hello from the fake provider.');
  assert.equal((recs[2]?.output as { toolCalls: { arguments: string }[] }).toolCalls[0]?.arguments, '{"city":"Paris"}');
  assert.equal((recs[3]?.blocked as { rule: string }).rule, 'builtin.private-key');
});
