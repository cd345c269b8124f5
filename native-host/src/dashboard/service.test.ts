import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Reply, type Request } from '@vigil/shared';
import { openSecretStore } from '../keychain/secret-store.ts';
import { createLogger } from '../log/logger.ts';
import { openAuditStore } from '../audit/open-store.ts';
import { databasePath } from '../audit/checkpoint-file.ts';
import { tempDir } from '../verify/testing/chain-fixture.ts';
import { DaemonMetrics } from '../metrics/metrics.ts';
import { DashboardService, policyDir } from './service.ts';

const log = createLogger({ component: 'dashboard-test', level: 'error' });

const decision = (site: string, kind: string, effect: string, risk: number, offline = false) => ({
  interaction: { id: `i-${site}-${kind}`, provider: site, endpoint: 'https://x/', messages: [{ role: 'user', text: 'secret' }] },
  capture: { kind, site, eventId: `e-${site}-${kind}`, createdAt: new Date().toISOString(), ...(offline ? { offline } : {}) },
  verdict: { risk, findings: [{ detector: 'secrets', type: 'aws-access-key', span: { start: 0, end: 20 }, score: 1, explain: 'aws-access-key (rule aws)' }], scores: { bayes: 0.1 }, explanations: ['1 credential(s): aws-access-key'] },
  decision: { effect, policyIds: ['block-secrets'], reasons: ['credentials must not leave'] },
});

async function started(dataDir: string) {
  const service = new DashboardService();
  await service.start({ options: { dataDir, proxy: { port: 0, upstreamOverride: [] } }, log, audit: null, metrics: new DaemonMetrics() });
  /** Calls a handler the way the daemon does, and validates the reply as the extension will. */
  const ask = async (request: Request) => {
    const handler = service.handlers[request.type] as ((r: Request) => Promise<unknown>) | undefined;
    assert.ok(handler, `the dashboard answers ${request.type}`);
    return Reply.parse(await handler(request));
  };
  return { service, ask };
}

test('events, summary and verify read a real chain written by the real store', async () => {
  const dataDir = tempDir('vigil-dash-');
  const store = await openAuditStore({ dataDir, log, secretStore: await openSecretStore({ dataDir, mode: 'file' }), checkpointIntervalMs: 0 });
  await store.append('decision', decision('chatgpt', 'paste', 'block', 90));
  await store.append('decision', decision('claude', 'submit', 'warn', 40, true));
  await store.append('proxy.exchange', { id: 'f1', host: 'api.openai.com', method: 'POST', path: '/v1/chat/completions', provider: 'openai', blocked: null });
  await store.append('decision', decision('gemini', 'paste', 'allow', 0));
  await store.close();

  const { ask } = await started(dataDir);
  const events = await ask({ id: 1, type: 'dashboard.events', limit: 10 });
  assert.equal(events.type, 'dashboard.events');
  if (events.type !== 'dashboard.events') return;
  // Newest first; the chain-start and shutdown checkpoint records are not shown.
  assert.deepEqual(events.events.map((e) => [e.site, e.action, e.effect]), [
    ['gemini', 'paste', 'allow'],
    ['openai', 'POST /v1/chat/completions', 'allow'],
    ['claude', 'submit', 'warn'],
    ['chatgpt', 'paste', 'block'],
  ]);
  const claude = events.events[2]!;
  assert.equal(claude.offline, true);
  assert.equal(claude.source, 'extension');
  assert.deepEqual(claude.policyIds, ['block-secrets']);
  assert.equal(claude.findings[0]?.type, 'aws-access-key');

  const older = await ask({ id: 2, type: 'dashboard.events', limit: 2, beforeSeq: events.events[1]!.seq });
  assert.deepEqual(older.type === 'dashboard.events' && older.events.map((e) => e.site), ['claude', 'chatgpt']);

  const summary = await ask({ id: 3, type: 'dashboard.summary', since: Date.now() - 60_000 });
  assert.deepEqual(summary.type === 'dashboard.summary' && summary.today, { events: 4, allow: 2, warn: 1, redact: 0, block: 1 });
  const none = await ask({ id: 4, type: 'dashboard.summary', since: Date.now() + 60_000 });
  assert.equal(none.type === 'dashboard.summary' && none.today.events, 0);

  const intact = await ask({ id: 5, type: 'dashboard.verify' });
  assert.equal(intact.type === 'dashboard.verify' && intact.status, 'intact');
  assert.ok(intact.type === 'dashboard.verify' && intact.records >= 5);

  // Tamper with one stored body: verify now names that record.
  const db = new Database(databasePath(dataDir));
  db.prepare("UPDATE records SET body = replace(body, 'block', 'allow') WHERE seq = ?").run(claude.seq - 1);
  db.close();
  const tampered = await ask({ id: 6, type: 'dashboard.verify' });
  assert.equal(tampered.type === 'dashboard.verify' && tampered.status, 'tampered');
  assert.equal(tampered.type === 'dashboard.verify' && tampered.problem?.seq, claude.seq - 1);
});

test('an empty data dir answers empty, not an error', async () => {
  const { ask } = await started(tempDir('vigil-dash-empty-'));
  const events = await ask({ id: 1, type: 'dashboard.events', limit: 5 });
  assert.deepEqual(events.type === 'dashboard.events' && [events.events, events.headSeq], [[], 0]);
  const verify = await ask({ id: 2, type: 'dashboard.verify' });
  assert.equal(verify.type === 'dashboard.verify' && verify.status, 'empty');
});

test('policy files are shown read-only and the PAC routes only provider hosts to the given port', async () => {
  const dataDir = tempDir('vigil-dash-policy-');
  mkdirSync(policyDir(dataDir), { recursive: true });
  writeFileSync(join(policyDir(dataDir), 'baseline.cedar'), 'permit(principal, action, resource);\n');
  writeFileSync(join(policyDir(dataDir), 'notes.txt'), 'not a policy');
  const { ask } = await started(dataDir);
  const policy = await ask({ id: 1, type: 'dashboard.policy' });
  assert.deepEqual(policy.type === 'dashboard.policy' && policy.files.map((f) => f.name), ['baseline.cedar']);

  const pac = await ask({ id: 2, type: 'routing.pac', port: 40123 });
  assert.ok(pac.type === 'routing.pac');
  const FindProxyForURL = new Function('shExpMatch', `${pac.script}; return FindProxyForURL;`)((h: string, p: string) => new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test(h)) as (url: string, host: string) => string;
  assert.equal(FindProxyForURL('https://api.openai.com/v1/x', 'api.openai.com'), 'PROXY 127.0.0.1:40123');
  assert.equal(FindProxyForURL('https://example.com/', 'example.com'), 'DIRECT');
  assert.ok(pac.hosts.includes('claude.ai'));
});
