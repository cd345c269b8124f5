import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProxyAgent, request } from 'undici';
import type { AuditSink } from '../../daemon/service.ts';
import { createLogger } from '../../log/logger.ts';
import { DaemonMetrics } from '../../metrics/metrics.ts';
import { openAuditStore } from '../../audit/open-store.ts';
import { PipelineService } from '../../pipeline/pipeline-service.ts';
import type { PolicySettings } from '../../pipeline/settings.ts';
import { ProxyService } from '../service.ts';
import { startFakeProvider, type FakeProvider } from './fake-provider.ts';
import { createTestCa, type TestCa } from './test-ca.ts';

/** A client of the harness's proxy trusting its CA, and a JSON POST through it. */
export function proxyClient(h: Pick<Harness, 'port' | 'vigilCaPem'>): { agent: ProxyAgent; post(url: string, body: string | object, headers?: Record<string, string>): ReturnType<typeof request> } {
  const agent = new ProxyAgent({ uri: `http://127.0.0.1:${h.port}`, requestTls: { ca: h.vigilCaPem } });
  return {
    agent,
    post: (url, body, headers = {}) =>
      request(url, { method: 'POST', dispatcher: agent, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
  };
}

/**
 * An AuditSink that keeps records in memory, for assertions; with `chain`, every record also goes to
 * a real signed audit store and keeps the seq it got there, so tests can read it back with the reader.
 */
export class MemoryAudit implements AuditSink {
  readonly records: { type: string; body: Record<string, unknown>; seq: number }[] = [];
  constructor(private readonly chain: AuditSink | null = null) {}
  async append(type: string, body: unknown): Promise<number> {
    const entry = { type, body: body as Record<string, unknown>, seq: 0 };
    this.records.push(entry);
    entry.seq = this.chain ? await this.chain.append(type, body) : this.records.length;
    return entry.seq;
  }
  ofType(type: string): { type: string; body: Record<string, unknown>; seq: number }[] {
    return this.records.filter((r) => r.type === type);
  }
  /** Waits until at least n records of `type` arrived. */
  async waitForType(type: string, n: number, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (this.ofType(type).length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    if (this.ofType(type).length < n) throw new Error(`expected ${n} ${type} records, got ${this.ofType(type).length}`);
  }
  /** Waits until at least n records arrived (records are written after the response ends). */
  async waitFor(n: number, ms = 3000): Promise<void> {
    const until = Date.now() + ms;
    while (this.records.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    if (this.records.length < n) throw new Error(`expected ${n} audit records, got ${this.records.length}`);
  }
}

export interface Harness {
  dataDir: string;
  testCa: TestCa;
  upstreamCaFile: string;
  fake: FakeProvider;
  proxy: ProxyService;
  port: number;
  /** The Vigil CA (what clients must trust). */
  vigilCaPem: string;
  audit: MemoryAudit;
  pipeline: PipelineService | null;
  close(): Promise<void>;
}

/** A real proxy service (file key store, temp data dir) pointed at a local fake provider. */
export async function startHarness(opts: {
  gapMs?: number;
  extraOverride?: string[];
  timeouts?: NonNullable<ConstructorParameters<typeof ProxyService>[0]>['timeouts'];
  /** Run the real pipeline (detection worker, default policy pack in `<dataDir>/policies`) and enforce its decisions. */
  pipeline?: { settings?: Partial<PolicySettings> };
  /** Write records to a real signed chain in `<dataDir>/audit.db` as well (read back with AuditReader). */
  signedChain?: boolean;
} = {}): Promise<Harness> {
  // The file key store keeps tests off the user's keychain; the previous value comes back at close().
  const keystoreBefore = process.env.VIGIL_KEYSTORE;
  process.env.VIGIL_KEYSTORE = 'file';
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-proxy-'));
  const testCa = await createTestCa();
  const upstreamCaFile = join(dataDir, 'upstream-ca.pem');
  await writeFile(upstreamCaFile, testCa.certPem);
  const fake = await startFakeProvider(testCa, { gapMs: opts.gapMs });
  const log0 = createLogger({ component: 'audit-test', level: 'error' });
  const chain = opts.signedChain ? await openAuditStore({ dataDir, log: log0, signThreads: 1 }) : null;
  const audit = new MemoryAudit(chain);
  const log = createLogger({ component: 'proxy-test', level: 'error' });
  let pipeline: PipelineService | null = null;
  if (opts.pipeline) {
    const dir = join(dataDir, 'policies');
    await mkdir(dir, { recursive: true });
    // The shared test machine is slower than a user's: a generous budget keeps decisions deterministic.
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ budgetMs: 5000, ...opts.pipeline.settings }));
    pipeline = new PipelineService({ policyDir: dir });
    await pipeline.start({ options: { dataDir, proxy: { port: 0, upstreamOverride: [] } }, log, audit, metrics: new DaemonMetrics() });
  }
  const proxy = new ProxyService({ timeouts: opts.timeouts, ...(pipeline ? { evaluator: pipeline } : {}) });
  await proxy.start({
    options: { dataDir, proxy: { port: 0, upstreamOverride: [`api.openai.com=127.0.0.1:${fake.port}`, `api.anthropic.com=127.0.0.1:${fake.port}`, ...(opts.extraOverride ?? [])], upstreamCa: upstreamCaFile } },
    log,
    audit,
    metrics: new DaemonMetrics(),
  });
  const port = proxy.status().proxyPort as number;
  const vigilCaPem = await readFile(join(dataDir, 'ca', 'vigil-ca.pem'), 'utf8');
  return {
    dataDir, testCa, upstreamCaFile, fake, proxy, port, vigilCaPem, audit, pipeline,
    async close() {
      await proxy.stop();
      await pipeline?.stop();
      await chain?.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
      if (keystoreBefore === undefined) delete process.env.VIGIL_KEYSTORE;
      else process.env.VIGIL_KEYSTORE = keystoreBefore;
    },
  };
}
