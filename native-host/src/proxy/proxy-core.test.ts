import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { proxyClient, startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
let client: ReturnType<typeof proxyClient>;
before(async () => {
  h = await startHarness();
  client = proxyClient(h);
});
after(async () => {
  await client.agent.close();
  await h.close();
});

const post: ReturnType<typeof proxyClient>['post'] = (...args) => client.post(...args);

test('intercepts api.openai.com, parses the chat request and the response, records the exchange', async () => {
  const before = h.audit.records.length;
  const res = await post('https://api.openai.com/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi there' }] });
  assert.equal(res.statusCode, 200);
  const json = (await res.body.json()) as { choices: { message: { content: string } }[] };
  assert.equal(json.choices[0]?.message.content, 'Hello from the fake provider.');
  await h.audit.waitFor(before + 1);
  const rec = h.audit.records[before];
  assert.equal(rec?.type, 'proxy.exchange');
  assert.equal(rec?.body.provider, 'openai');
  assert.equal(rec?.body.parsed, true);
  assert.deepEqual((rec?.body.interaction as { messages: unknown[] }).messages, [{ role: 'user', text: 'hi there' }]);
  assert.equal((rec?.body.output as { text: string }).text, 'Hello from the fake provider.');
});

test('invalid JSON on an intercepted path is forwarded byte for byte and recorded as unparsed', async () => {
  const before = h.audit.records.length;
  const body = '{"model": "gpt-4o", "messages": [oops';
  const res = await post('https://api.openai.com/v1/chat/completions', body);
  await res.body.text();
  const got = h.fake.received.at(-1);
  assert.equal(got?.body.toString('utf8'), body);
  await h.audit.waitFor(before + 1);
  const rec = h.audit.records[before]?.body;
  assert.equal(rec?.parsed, false);
  assert.match(String(rec?.unparsed), /invalid JSON/);
});

test('an unknown path on an intercepted host passes through unparsed', async () => {
  const before = h.audit.records.length;
  const res = await request('https://api.openai.com/v1/models?x=1', { dispatcher: client.agent });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-fake-path'], '/v1/models?x=1');
  await res.body.text();
  await h.audit.waitFor(before + 1);
  assert.equal(h.audit.records[before]?.body.unparsed, 'no adapter for this path');
});

test('keep-alive: many requests reuse one client connection', async () => {
  for (let i = 0; i < 20; i++) {
    const res = await post('https://api.openai.com/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: `n${i}` }] });
    assert.equal(res.statusCode, 200);
    await res.body.text();
  }
});

test('serves the PAC script on 127.0.0.1', async () => {
  const res = await request(`http://127.0.0.1:${h.port}/proxy.pac`);
  const text = await res.body.text();
  assert.match(text, /FindProxyForURL/);
  assert.match(text, new RegExp(`PROXY 127\\.0\\.0\\.1:${h.port}`));
  assert.match(text, /api\.anthropic\.com/);
});
