import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Interaction } from '@vigil/shared';
import { DaemonMetrics } from '../metrics/metrics.ts';
import { createLogger } from '../log/logger.ts';
import { MemoryAudit } from '../proxy/testing/harness.ts';
import { scanText } from './detectors/ensemble.ts';
import { CusumMonitor } from './detectors/cusum.ts';
import { loadModels, type LoadedModels } from './detectors/model-loader.ts';
import { scanRun } from './detectors/run-scan.ts';
import { PipelineService } from './pipeline-service.ts';
import type { Detector } from './verdict.ts';

// The service in-process with the real models, behind a detector that can be made slow: the time
// budget and what happens on timeout are settings, and both outcomes must be audited.
let dir: string;
let models: LoadedModels;
let delayMs = 0;
const audit = new MemoryAudit();
let service: PipelineService;

const detector: Detector = {
  scan: async (t, opts) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return scanText(models, t, opts);
  },
  scanRun: (s) => scanRun(models, s),
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-pipeline-'));
  models = await loadModels();
  service = new PipelineService({ detector, policyDir: join(dir, 'policies') });
  await service.start({ options: { dataDir: dir, proxy: { port: 0, upstreamOverride: [] } }, log: createLogger({ component: 'test', level: 'error' }), audit, metrics: new DaemonMetrics() });
  await service.ready();
});
after(async () => {
  await service.stop();
  await rm(dir, { recursive: true, force: true });
});

const prompt = (text: string): Interaction => ({ id: 'p', ts: '', source: 'proxy', provider: 'openai', endpoint: 'chat.completions', messages: [{ role: 'user', text }], tools: [], attachments: [], streamed: false });
const body = (text: string) => ({ model: 'm', messages: [{ role: 'user', content: text }] });

async function settings(s: object): Promise<void> {
  await writeFile(join(dir, 'policies', 'settings.json'), JSON.stringify(s));
  const event = await service.policies.reload();
  assert.equal(event.ok, true);
}

test('the first start seeds the policy folder with the default pack and audits the load', () => {
  const loaded = audit.ofType('policy.loaded');
  assert.equal(loaded.length, 1);
  assert.ok((loaded[0]?.body.policyIds as string[]).includes('credentials.block'));
  assert.equal(service.status().policyHash, loaded[0]?.body.hash);
});

test('within budget the decision stands; over budget the setting decides (closed blocks, open decides on the rules alone), and the timeout is audited', async () => {
  await settings({ budgetMs: 2000 });
  const ok = await service.evaluateRequest(prompt('key AKIAZ7Q3N4WXK2M5PLRT'), body('key AKIAZ7Q3N4WXK2M5PLRT'));
  assert.equal(ok.decision.effect, 'block');
  assert.equal(ok.timedOut, false);

  delayMs = 300;
  try {
    await settings({ budgetMs: 20, onTimeout: 'closed' });
    const closed = await service.evaluateRequest(prompt('hello'), body('hello'));
    assert.equal(closed.timedOut, true);
    assert.equal(closed.decision.effect, 'block');
    assert.deepEqual(closed.decision.policyIds, ['settings.on-timeout']);
    const rec = audit.records.find((r) => r.seq === closed.auditSeq);
    assert.equal(rec?.type, 'interaction.decision');
    assert.equal(rec?.body.timedOut, true);

    await settings({ budgetMs: 20, onTimeout: 'open' });
    const open = await service.evaluateRequest(prompt('hello'), body('hello'));
    assert.equal(open.decision.effect, 'allow');
    assert.ok(open.decision.policyIds.includes('settings.on-timeout'));
    assert.match(open.decision.reasons.at(-1) ?? '', /longer than 20 ms; the policy fails open, so this was decided on the deterministic rules only/);
    assert.equal(audit.records.find((r) => r.seq === open.auditSeq)?.body.timedOut, true);
    // Failing open never lets through what the rules alone can see: a credential is still blocked.
    const key = await service.evaluateRequest(prompt('key AKIAZ7Q3N4WXK2M5PLRT'), body('key AKIAZ7Q3N4WXK2M5PLRT'));
    assert.equal(key.timedOut, true);
    assert.equal(key.decision.effect, 'block');
    assert.ok(key.decision.policyIds.includes('credentials.block'));
  } finally {
    delayMs = 0;
    await settings({ budgetMs: 2000 });
  }
});

test('an invalid policy file is rejected into the audit with Cedar’s error and line; decisions keep using the previous set', async () => {
  const before = service.status().policyHash;
  await writeFile(join(dir, 'policies', 'zz-mine.cedar'), '@id("mine")\n@effect("warn")\nforbid(principal, action, resource)\nwhen { context.secrets.contains(42) };\n');
  const event = await service.policies.reload();
  assert.equal(event.ok, false);
  const rec = audit.ofType('policy.rejected').at(-1);
  assert.ok(rec);
  assert.match(String(rec.body.message), /zz-mine\.cedar:4:\d+: .*/);
  assert.equal(rec.body.keptHash, before);
  assert.equal(service.status().policyHash, before);
  const still = await service.evaluateRequest(prompt('key AKIAZ7Q3N4WXK2M5PLRT'), body('key AKIAZ7Q3N4WXK2M5PLRT'));
  assert.equal(still.decision.policyIds[0], 'credentials.block');
  await rm(join(dir, 'policies', 'zz-mine.cedar'));
  assert.equal((await service.policies.reload()).ok, true);
});

test('a redaction that cannot be placed in the body blocks instead of forwarding the number', async () => {
  // The interaction says one thing, the body another: the span has nowhere to go.
  const d = await service.evaluateRequest(prompt('card 4111 1111 1111 1111'), { model: 'm', messages: [{ role: 'user', content: 'something else' }] });
  assert.equal(d.decision.effect, 'block');
  assert.match(d.decision.reasons.at(-1) ?? '', /could not be located/);
  assert.equal(d.body, undefined);
});

test('a burst of requests to one destination raises its CUSUM score past the alarm and the burst policy warns', async () => {
  const cusum = new CusumMonitor(models.cusum);
  const watched = new PipelineService({ detector: { ...detector, observeTraffic: async (d, r, b) => cusum.observe(d, r, b) }, policyDir: join(dir, 'policies'), trafficIntervalMs: 3_600_000 });
  await watched.start({ options: { dataDir: dir, proxy: { port: 0, upstreamOverride: [] } }, log: createLogger({ component: 'test', level: 'error' }), audit: null, metrics: new DaemonMetrics() });
  try {
    const ask = () => watched.evaluateRequest({ ...prompt('what time is it?'), provider: 'groq' }, body('what time is it?'));
    // Forty quiet intervals of one request each: the baseline (and the warm-up) of the destination's series.
    for (let i = 0; i < 40; i++) {
      assert.ok(!(await ask()).decision.policyIds.includes('traffic.warn-burst'));
      await watched.closeTrafficInterval();
    }
    // Then a sustained burst: forty requests an interval.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 40; j++) await ask();
      await watched.closeTrafficInterval();
    }
    const after = await ask();
    assert.equal(after.decision.effect, 'warn');
    assert.deepEqual(after.decision.policyIds, ['traffic.warn-burst']);
    assert.ok((after.evaluation?.verdict.scores.cusum ?? 0) >= 1);
  } finally {
    await watched.stop();
  }
});
