import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { dataPaths } from '../config/paths.ts';
import type { DaemonService, ServiceContext } from '../daemon/service.ts';
import type { InteractionEvaluator } from '../pipeline/pipeline-service.ts';
import { openSecretStore } from '../keychain/secret-store.ts';
import { enforceAddon } from './addons/enforce.ts';
import { metricsAddon } from './addons/metrics.ts';
import { recordAddon } from './addons/record.ts';
import { caPaths, loadOrCreateCa } from './ca/authority.ts';
import { LeafIssuer } from './ca/leaf-issuer.ts';
import { DEFAULT_INTERCEPTED_HOSTS, constraintNames, hostMatcher } from './hosts.ts';
import { ProxyServer, type ProxyServerOptions } from './server.ts';
import { Upstream } from './upstream.ts';

/** What `vigil env`, `vigil run` and `vigil ca` read to find a running proxy. */
export interface ProxyInfo {
  port: number;
  caPath: string;
  bundlePath: string;
  pid: number;
}

export function proxyInfoPath(dataDir: string): string {
  return join(dataPaths(dataDir).runDir, 'proxy.json');
}

/**
 * The proxy as a daemon service: opens the CA (key in the key store), listens on 127.0.0.1, writes
 * `<data-dir>/run/proxy.json` (0600) and the CA bundle for CLI tools, and records each exchange
 * through the daemon's AuditSink.
 */
export class ProxyService implements DaemonService {
  readonly name = 'proxy';
  private server: ProxyServer | null = null;
  private upstream: Upstream | null = null;
  private port = 0;
  private infoPath = '';

  constructor(private readonly extra: { hosts?: readonly string[]; evaluator?: InteractionEvaluator; timeouts?: Pick<ProxyServerOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'idleTimeoutMs'> } = {}) {}

  async start(ctx: ServiceContext): Promise<void> {
    const { dataDir, proxy } = ctx.options;
    const hosts = this.extra.hosts ?? DEFAULT_INTERCEPTED_HOSTS;
    const store = await openSecretStore({ dataDir });
    if (store.warning) ctx.log.warn(store.warning, { component: 'proxy-ca' });
    const ca = await loadOrCreateCa(dataDir, store, constraintNames(hosts));
    if (ca.issued) ctx.log.info('issued a new local CA; run "vigil ca trust" to trust it', { path: ca.certPath, names: ca.names });
    if (proxy.upstreamOverride.length) ctx.log.warn('TEST-ONLY upstream override active', { override: proxy.upstreamOverride });
    const upstream = new Upstream({ override: proxy.upstreamOverride, extraCaPem: proxy.upstreamCa ? await readFile(proxy.upstreamCa, 'utf8') : undefined });
    this.upstream = upstream;
    this.server = new ProxyServer({
      intercept: hostMatcher(hosts), interceptPatterns: hosts, issuer: new LeafIssuer(ca), upstream,
      addons: [...(this.extra.evaluator ? [enforceAddon(this.extra.evaluator, ctx.log)] : []), recordAddon(() => ctx.audit, ctx.log), metricsAddon(ctx.metrics)], log: ctx.log, ...this.extra.timeouts,
    });
    this.port = await this.server.listen(proxy.port);

    const paths = caPaths(dataDir);
    // Tools that take one CA file (curl, Python, Go) replace their roots with it: system roots + Vigil CA.
    await writeFile(paths.bundle, [...rootCertificates, ca.certPem].join('\n'), { mode: 0o644 });
    const runDir = dataPaths(dataDir).runDir;
    await mkdir(runDir, { recursive: true, mode: 0o700 });
    this.infoPath = proxyInfoPath(dataDir);
    const info: ProxyInfo = { port: this.port, caPath: ca.certPath, bundlePath: paths.bundle, pid: process.pid };
    await writeFile(this.infoPath, JSON.stringify(info) + '\n', { mode: 0o600 });
    await chmod(this.infoPath, 0o600);
    ctx.log.info('proxy listening', { port: this.port });
  }

  async stop(): Promise<void> {
    if (this.infoPath) await rm(this.infoPath, { force: true });
    await this.server?.close();
    this.upstream?.destroy();
    this.server = null;
  }

  status(): Record<string, unknown> {
    return { proxyPort: this.port };
  }
}
