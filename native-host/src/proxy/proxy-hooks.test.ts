import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProxyAgent, request } from 'undici';
import { openSecretStore } from '../keychain/secret-store.ts';
import { createLogger } from '../log/logger.ts';
import { loadOrCreateCa } from './ca/authority.ts';
import { LeafIssuer } from './ca/leaf-issuer.ts';
import type { Flow, ProxyAddon } from './flow.ts';
import { hostMatcher } from './hosts.ts';
import { ProxyServer } from './server.ts';
import { startFakeProvider, type FakeProvider } from './testing/fake-provider.ts';
import { createTestCa } from './testing/test-ca.ts';
import { Upstream } from './upstream.ts';

// The hook contract, exercised with a real server and a purpose-built addon.
const seen: string[] = [];
const addon: ProxyAddon = {
  name: 'test',
  request(flow) {
    seen.push('request');
    if (flow.requestBody && flow.requestBody.includes('REWRITE')) flow.requestBody = Buffer.from(flow.requestBody.toString().replace('REWRITE', 'rewritten'));
    if (flow.path.startsWith('/v1/answer')) return { status: 418, headers: { 'content-type': 'text/plain' }, body: 'answered', rule: 'test', reason: 'test' };
  },
  responseHeaders: (flow: Flow) => void seen.push(`headers ${flow.status}`),
  responseChunk: (flow: Flow) => (flow.requestBody?.includes('CUT') && flow.bytesOut > 0 ? 'cut' : undefined),
  responseEnd: () => void seen.push('end'),
  error: () => void seen.push('error'),
};

let dir: string;
let fake: FakeProvider;
let server: ProxyServer;
let agent: ProxyAgent;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-hooks-'));
  const testCa = await createTestCa();
  fake = await startFakeProvider(testCa, { gapMs: 20 });
  const ca = await loadOrCreateCa(dir, await openSecretStore({ dataDir: dir, mode: 'file' }), ['api.openai.com']);
  server = new ProxyServer({
    intercept: hostMatcher(['api.openai.com']), interceptPatterns: ['api.openai.com'], issuer: new LeafIssuer(ca),
    upstream: new Upstream({ override: [`api.openai.com=127.0.0.1:${fake.port}`], extraCaPem: testCa.certPem }), addons: [addon], log: createLogger({ component: 't', level: 'error' }),
  });
  const port = await server.listen(0);
  agent = new ProxyAgent({ uri: `http://127.0.0.1:${port}`, requestTls: { ca: ca.certPem } });
});
after(async () => {
  await agent.close();
  await server.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: string) => request(`https://api.openai.com${path}`, { method: 'POST', dispatcher: agent, body, headers: { 'content-type': 'application/json' } });

test('a request hook can rewrite the body (content-length follows) or answer itself', async () => {
  seen.length = 0;
  const r = await post('/v1/chat/completions', JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'REWRITE me' }] }));
  await r.body.text();
  assert.match(fake.received.at(-1)?.body.toString() ?? '', /rewritten me/);
  const a = await request('https://api.openai.com/v1/answer', { dispatcher: agent });
  assert.equal(a.statusCode, 418);
  assert.equal(await a.body.text(), 'answered');
  assert.deepEqual(seen, ['request', 'headers 200', 'end', 'request', 'end']);
});

test('a chunk hook can cut a stream; the error hook fires and the proxy keeps serving', async () => {
  seen.length = 0;
  const r = await post('/v1/chat/completions', JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'CUT' }] }));
  await assert.rejects(r.body.text());
  assert.ok(seen.includes('error'));
  const ok = await post('/v1/chat/completions', JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
  assert.equal(ok.statusCode, 200);
  await ok.body.text();
});
