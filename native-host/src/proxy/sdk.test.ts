import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { databasePath } from '../audit/checkpoint-file.ts';
import { nodeAuditCrypto } from '../audit/node-crypto.ts';
import { AuditReader } from '../audit/reader.ts';
import { verifyChain } from '../verify/verify.ts';
import { startHarness, type Harness } from './testing/harness.ts';

// The official SDKs, run as child processes under `vigil run`: no proxy or CA configuration in code.
const exec = promisify(execFile);
const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const client = (name: string) => fileURLToPath(new URL(`./testing/clients/${name}`, import.meta.url));
const GAP_MS = 40;

let h: Harness;
before(async () => {
  // The real pipeline (detection worker, default policy pack) and a real signed chain behind the proxy.
  h = await startHarness({ gapMs: GAP_MS, pipeline: {}, signedChain: true });
});
after(() => h.close());

type Out = { text?: string; times?: number[]; chunks?: string[]; deltas?: string[]; toolCalls?: unknown[]; error?: { status?: number; message: string } | null };

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

const EXCHANGE = 'proxy.exchange';
const DECISION = 'interaction.decision';

function lastRecord(): Record<string, unknown> {
  const r = h.audit.ofType(EXCHANGE).at(-1);
  assert.ok(r, 'an audit record');
  return r.body;
}

/** Reads a record back from the signed chain on disk and checks it is the one the pipeline wrote. */
function fromChain(seq: number): { type: string; body: Record<string, unknown> } {
  const reader = new AuditReader(databasePath(h.dataDir));
  try {
    const rec = reader.get(seq);
    assert.ok(rec?.body, `record ${seq} in the chain`);
    return { type: rec.type, body: JSON.parse(rec.body) as Record<string, unknown> };
  } finally {
    reader.close();
  }
}

type DecisionBody = { phase: string; decision: { effect: string; policyIds: string[]; reasons: string[] } };

/** The newest decision record for `phase` once it exists, as read back from the chain. */
async function decisionRecord(after: number, phase: 'request' | 'response'): Promise<DecisionBody & { seq: number }> {
  const until = Date.now() + 5000;
  for (;;) {
    const r = h.audit.ofType(DECISION).slice(after).find((x) => x.body.phase === phase && x.seq > 0);
    if (r) {
      const back = fromChain(r.seq);
      assert.equal(back.type, DECISION);
      return { ...(back.body as unknown as DecisionBody), seq: r.seq };
    }
    if (Date.now() > until) throw new Error(`no ${phase} decision record`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

test('openai: non-streaming chat under `vigil run` is intercepted and recorded', async () => {
  const n = h.audit.ofType(EXCHANGE).length;
  const out = await viaVigilRun('openai-client.mjs', 'chat');
  assert.equal(out.text, 'Hello from the fake provider.');
  await h.audit.waitForType(EXCHANGE, n + 1);
  const rec = lastRecord();
  assert.equal(rec.provider, 'openai');
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: streaming chat arrives chunk by chunk and is reassembled in the audit', async () => {
  const n = h.audit.ofType(EXCHANGE).length;
  const out = await viaVigilEnv('openai-client.mjs', 'chat-stream');
  assert.equal(out.text, 'Hello from the fake provider.');
  const times = out.times ?? [];
  // The fake pauses GAP_MS between events: a buffering proxy would deliver them all at once.
  assert.ok((times.at(-1) ?? 0) - (times[0] ?? 0) >= GAP_MS * 4, `chunks spread over time: ${times.map((t) => t.toFixed(0)).join(',')}`);
  await h.audit.waitForType(EXCHANGE, n + 1);
  const rec = lastRecord();
  assert.equal((rec.interaction as { streamed: boolean }).streamed, true);
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: tool calls (non-streaming) reach the SDK and the audit', async () => {
  const n = h.audit.ofType(EXCHANGE).length;
  const out = await viaVigilEnv('openai-client.mjs', 'tools');
  assert.deepEqual(out.toolCalls, [{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  await h.audit.waitForType(EXCHANGE, n + 1);
  assert.deepEqual((lastRecord().output as { toolCalls: unknown[] }).toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  assert.deepEqual((lastRecord().interaction as { tools: unknown[] }).tools, [{ name: 'get_weather', description: 'Weather' }]);
});

test('openai: Responses API, plain and streamed', async () => {
  const plain = await viaVigilEnv('openai-client.mjs', 'responses');
  assert.equal(plain.text, 'Hello from the fake provider.');
  const n = h.audit.ofType(EXCHANGE).length;
  const streamed = await viaVigilEnv('openai-client.mjs', 'responses-stream');
  assert.equal(streamed.text, 'Hello from the fake provider.');
  await h.audit.waitForType(EXCHANGE, n + 1);
  const rec = lastRecord();
  assert.equal((rec.interaction as { endpoint: string }).endpoint, 'responses');
  assert.equal((rec.output as { text: string }).text, 'Hello from the fake provider.');
});

test('openai: a prompt with an AWS key is blocked; the SDK raises a 403 with Vigil’s reason; the signed record says why', async () => {
  const seen = h.fake.received.length;
  const d0 = h.audit.ofType(DECISION).length;
  const x0 = h.audit.ofType(EXCHANGE).length;
  const out = await viaVigilEnv('openai-client.mjs', 'blocked');
  assert.equal(out.error?.status, 403);
  assert.match(out.error?.message ?? '', /Blocked by Vigil: contains a credential or private key \(policy credentials\.block\)/);
  assert.equal(h.fake.received.length, seen, 'never forwarded');
  const rec = await decisionRecord(d0, 'request');
  assert.equal(rec.decision.effect, 'block');
  assert.deepEqual(rec.decision.policyIds, ['credentials.block']);
  // The exchange is recorded for review, but the key it was blocked for is not kept in the chain.
  await h.audit.waitForType(EXCHANGE, x0 + 1);
  const recorded = JSON.stringify(h.audit.ofType(EXCHANGE)[x0]?.body.interaction);
  assert.match(recorded, /fix my config: aws_access_key_id = \[credential aws_access_key_id withheld by Vigil\]/);
  assert.doesNotMatch(recorded, /AKIAZ7Q3N4WXK2M5PLRT/);
});

for (const [client, name] of [['openai-client.mjs', 'openai'], ['anthropic-client.mjs', 'anthropic']] as const) {
  test(`${name}: a card number reaches the provider replaced (valid JSON, right content-length); an email passes with a warning`, async () => {
    const seen = h.fake.received.length;
    const d0 = h.audit.ofType(DECISION).length;
    const x0 = h.audit.ofType(EXCHANGE).length;
    const card = await viaVigilEnv(client, 'card');
    assert.equal(card.text, 'Hello from the fake provider.');
    const got = h.fake.received[seen];
    assert.ok(got, 'forwarded');
    const text = got.body.toString('utf8');
    assert.equal(Number(got.headers['content-length']), got.body.length);
    const json = JSON.parse(text) as { messages: { content: string }[] };
    assert.equal(json.messages[0]?.content, 'Please charge my card [REDACTED credit_card by Vigil] for the order');
    assert.doesNotMatch(text, /4111/);
    const redacted = await decisionRecord(d0, 'request');
    assert.equal(redacted.decision.effect, 'redact');
    assert.deepEqual(redacted.decision.policyIds, ['pii.redact-financial']);
    await h.audit.waitForType(EXCHANGE, x0 + 1);
    const exchange = h.audit.ofType(EXCHANGE)[x0]?.body;
    assert.match(JSON.stringify(exchange?.interaction), /REDACTED credit_card/, 'the exchange is recorded as sent');
    assert.doesNotMatch(JSON.stringify(exchange?.interaction), /4111/);

    const d1 = h.audit.ofType(DECISION).length;
    const mail = await viaVigilEnv(client, 'email');
    assert.equal(mail.text, 'Hello from the fake provider.');
    assert.match(h.fake.received.at(-1)?.body.toString('utf8') ?? '', /jane\.doe@example\.org/);
    const warned = await decisionRecord(d1, 'request');
    assert.equal(warned.decision.effect, 'warn');
    assert.deepEqual(warned.decision.policyIds, ['pii.warn-contact']);
  });

  for (const mode of ['hijack', 'hijack-stream']) {
    test(`${name}: an injected tool result followed by a call sending data out is blocked at the tool call (${mode})`, async () => {
      const d0 = h.audit.ofType(DECISION).length;
      const out = await viaVigilEnv(client, mode);
      assert.ok(out.error, `the SDK raised an error instead of returning ${JSON.stringify(out.toolCalls)}`);
      assert.match(out.error.message, /Blocked by Vigil: the agent's run looks hijacked/);
      if (mode === 'hijack') assert.equal(out.error.status, 403);
      const req = await decisionRecord(d0, 'request');
      assert.equal(req.decision.effect, 'warn', 'the request itself only carries the injected text');
      assert.ok(req.decision.policyIds.includes('injection.warn-third-party'));
      const res = await decisionRecord(d0, 'response');
      assert.equal(res.decision.effect, 'block');
      assert.ok(res.decision.policyIds.includes('agent.block-after-injection'));
    });
  }
}

test('openai: a stream that starts printing a credential is cut with a provider-shaped stream error', async () => {
  const d0 = h.audit.ofType(DECISION).length;
  const out = await viaVigilEnv('openai-client.mjs', 'leak-stream');
  assert.match(out.error?.message ?? '', /Blocked by Vigil: contains a credential or private key/);
  assert.doesNotMatch((out.chunks ?? []).join(''), /Keep it safe/, 'nothing after the cut');
  const res = await decisionRecord(d0, 'response');
  assert.equal(res.decision.effect, 'block');
  assert.equal(h.audit.ofType(EXCHANGE).at(-1)?.body.cut !== null, true);
});

test('anthropic: chat, streaming chat, tool use, and a blocked private key', async () => {
  const n = h.audit.ofType(EXCHANGE).length;
  assert.equal((await viaVigilEnv('anthropic-client.mjs', 'chat')).text, 'Hello from the fake provider.');
  const s = await viaVigilEnv('anthropic-client.mjs', 'chat-stream');
  assert.equal(s.text, 'Hello from the fake provider.');
  assert.ok((s.times?.at(-1) ?? 0) - (s.times?.[0] ?? 0) >= GAP_MS * 3);
  const t = await viaVigilEnv('anthropic-client.mjs', 'tools');
  assert.deepEqual(t.toolCalls, [{ name: 'get_weather', input: { city: 'Paris' } }]);
  const b = await viaVigilEnv('anthropic-client.mjs', 'blocked');
  assert.equal(b.error?.status, 403);
  assert.match(b.error?.message ?? '', /Blocked by Vigil: contains a credential or private key/);
  await h.audit.waitForType(EXCHANGE, n + 4);
  const recs = h.audit.ofType(EXCHANGE).slice(n).map((r) => r.body);
  assert.deepEqual(recs.map((r) => r.provider), ['anthropic', 'anthropic', 'anthropic', 'anthropic']);
  assert.equal((recs[1]?.output as { text: string }).text, 'Hello from the fake provider.');
  assert.equal((recs[2]?.output as { toolCalls: { arguments: string }[] }).toolCalls[0]?.arguments, '{"city":"Paris"}');
  assert.match((recs[3]?.blocked as { rule: string }).rule, /^credentials\.block\b/);
});

test('the signed chain holding every record verifies intact', async () => {
  const reader = new AuditReader(databasePath(h.dataDir));
  try {
    const report = await verifyChain({ source: reader, sourceName: 'audit.db', crypto: nodeAuditCrypto(), pinnedKeys: null, checkpointNote: null, seen: null, threads: 0 });
    assert.equal(report.status, 'intact', JSON.stringify(report.problem));
    assert.ok(report.records >= h.audit.records.length);
  } finally {
    reader.close();
  }
});
