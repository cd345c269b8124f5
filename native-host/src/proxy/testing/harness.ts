import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditSink } from '../../daemon/service.ts';
import { createLogger } from '../../log/logger.ts';
import { DaemonMetrics } from '../../metrics/metrics.ts';
import { ProxyService } from '../service.ts';
import { startFakeProvider, type FakeProvider } from './fake-provider.ts';
import { createTestCa, type TestCa } from './test-ca.ts';

/** An AuditSink that keeps records in memory, for assertions. */
export class MemoryAudit implements AuditSink {
  readonly records: { type: string; body: Record<string, unknown> }[] = [];
  append(type: string, body: unknown): Promise<number> {
    this.records.push({ type, body: body as Record<string, unknown> });
    return Promise.resolve(this.records.length);
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
  close(): Promise<void>;
}

/** A real proxy service (file key store, temp data dir) pointed at a local fake provider. */
export async function startHarness(opts: { gapMs?: number; extraOverride?: string[]; timeouts?: NonNullable<ConstructorParameters<typeof ProxyService>[0]>['timeouts'] } = {}): Promise<Harness> {
  process.env.VIGIL_KEYSTORE = 'file';
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-proxy-'));
  const testCa = await createTestCa();
  const upstreamCaFile = join(dataDir, 'upstream-ca.pem');
  await writeFile(upstreamCaFile, testCa.certPem);
  const fake = await startFakeProvider(testCa, { gapMs: opts.gapMs });
  const audit = new MemoryAudit();
  const proxy = new ProxyService({ timeouts: opts.timeouts });
  const log = createLogger({ component: 'proxy-test', level: 'error' });
  await proxy.start({
    options: { dataDir, proxy: { port: 0, upstreamOverride: [`api.openai.com=127.0.0.1:${fake.port}`, `api.anthropic.com=127.0.0.1:${fake.port}`, ...(opts.extraOverride ?? [])], upstreamCa: upstreamCaFile } },
    log,
    audit,
    metrics: new DaemonMetrics(),
  });
  const port = proxy.status().proxyPort as number;
  const vigilCaPem = await readFile(join(dataDir, 'ca', 'vigil-ca.pem'), 'utf8');
  return {
    dataDir, testCa, upstreamCaFile, fake, proxy, port, vigilCaPem, audit,
    async close() {
      await proxy.stop();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
