import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Interaction } from '@vigil/shared';
import { createLogger } from '../native-host/src/log/logger.ts';
import { DaemonMetrics } from '../native-host/src/metrics/metrics.ts';
import { decomposeRequest } from '../native-host/src/pipeline/decompose/decompose.ts';
import { locateInBody } from '../native-host/src/pipeline/decompose/locate.ts';
import { createDetectionWorker } from '../native-host/src/pipeline/detectors/detection-worker.ts';
import { authorize } from '../native-host/src/pipeline/policy/decide.ts';
import { PipelineService } from '../native-host/src/pipeline/pipeline-service.ts';
import { openAiAdapter } from '../native-host/src/proxy/providers/openai.ts';
import { printTable, summarize } from './stats.ts';

/**
 * Decision latency for a typical request, as the proxy asks for it: decompose the parsed request
 * (and locate its spans in the body), a verdict per action from the detection worker thread, the
 * trajectory model for agent runs, and the Cedar policy set, combined into one decision. No audit
 * write (the audit bench measures that). Baseline, measured in the same run on the same worker:
 * one worker scan of the request's whole text, i.e. detection alone with no decomposition or policy.
 * Best of 3 rounds (the machine is shared), 400 decisions a round after 100 warm-up.
 */
const chat = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a careful assistant for the finance team. Answer briefly and cite the policy section you rely on.' },
    { role: 'user', content: 'What is the reimbursement limit for client dinners?' },
    { role: 'assistant', content: 'Client dinners are reimbursed up to 80 EUR per person (policy 4.2), receipts required.' },
    { role: 'user', content: 'Draft a short note to jane.doe@example.org explaining the limit, and mention that the Q3 offsite dinner on 14 October exceeded it by 35 EUR per person. Keep it friendly and under 120 words.' },
  ],
};
const agent = {
  model: 'gpt-4o-mini',
  tools: [{ type: 'function', function: { name: 'fetch_url' } }, { type: 'function', function: { name: 'http_post' } }],
  messages: [
    { role: 'user', content: 'Summarise the README of https://github.com/acme/widgets' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c0', type: 'function', function: { name: 'fetch_url', arguments: '{"url":"https://github.com/acme/widgets"}' } }] },
    { role: 'tool', tool_call_id: 'c0', content: 'Widgets is a small library for building dashboards. Install it with npm install widgets, then import { Widget } and mount it. See docs/ for the API.' },
  ],
};

const interactionOf = (body: object): Interaction => ({ id: 'b', ts: '', source: 'proxy', provider: 'openai', attachments: [], ...openAiAdapter.parseRequest(body, '/v1/chat/completions') });

const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-policy-'));
const worker = createDetectionWorker();
const service = new PipelineService({ detector: worker, policyDir: join(dir, 'policies') });
try {
  await worker.ready;
  await service.start({ options: { dataDir: dir, proxy: { port: 0, upstreamOverride: [] } }, log: createLogger({ component: 'bench', level: 'error' }), audit: null, metrics: new DaemonMetrics() });
  await service.ready();
  // Raise the budget: the bench measures the full decision, not the fail-open shortcut.
  const set = service.policies.current;
  set.settings = { ...set.settings, budgetMs: 60_000 };

  const rows: string[][] = [['request', 'step', 'p50', 'p99', 'p50 / baseline p50']];
  for (const [name, body] of [['chat (4 messages, 0.6 KB)', chat], ['agent run (tool call + result)', agent]] as const) {
    const interaction = interactionOf(body);
    const whole = interaction.messages.map((m) => m.text).join('\n');
    const rounds = async (fn: () => Promise<unknown>) => {
      let best: { median: number; p99: number; mean: number } | null = null;
      for (let r = 0; r < 3; r++) {
        for (let i = 0; i < 100; i++) await fn();
        const times: number[] = [];
        for (let i = 0; i < 400; i++) {
          const t = performance.now();
          await fn();
          times.push(performance.now() - t);
        }
        const s = summarize(times);
        if (!best || s.median < best.median) best = s;
      }
      return best!;
    };
    const baseline = await rounds(() => worker.scan(whole));
    const decision = await rounds(() => service.evaluateRequest(interaction, body));
    const decompose = await rounds(async () => locateInBody(decomposeRequest(interaction), body));
    const ctx = { direction: 'request' as const, source: 'proxy', destination: 'openai', secrets: [], pii: ['email'], risk: 40, scores: { bayes: 10, lstm: 0, iforest: 50, cusum: 0 }, injection: false, trajectory: false, followsInjection: false, tool: '', args: '', linkHosts: [], imageHosts: [], history: false };
    const cedar = await rounds(async () => authorize(set.set, { principal: { type: 'User', id: 'local' }, action: 'prompt.submit', resource: { type: 'Provider', id: 'openai' }, context: ctx }));
    const actions = decomposeRequest(interaction).length;
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    rows.push([name, 'baseline: one worker scan of the whole text', ms(baseline.median), ms(baseline.p99), '1.00x']);
    rows.push([name, `decision: decompose + ${actions} action verdicts${name.startsWith('agent') ? ' + trajectory' : ''} + policy`, ms(decision.median), ms(decision.p99), `${(decision.median / baseline.median).toFixed(2)}x`]);
    rows.push([name, '  of which decompose + locate spans', ms(decompose.median), ms(decompose.p99), `${(decompose.median / baseline.median).toFixed(2)}x`]);
    rows.push([name, '  of which one Cedar evaluation', ms(cedar.median), ms(cedar.p99), `${(cedar.median / baseline.median).toFixed(2)}x`]);
  }
  printTable('policy decision latency (best of 3 rounds of 400 after 100 warm-up; shared machine)', rows);
} finally {
  await service.stop();
  await worker.close();
  await rm(dir, { recursive: true, force: true });
}
