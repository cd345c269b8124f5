// Child process for bench/proxy.ts: the real Vigil proxy service, pointed at the local fake provider.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../native-host/src/log/logger.ts';
import { ProxyService } from '../native-host/src/proxy/service.ts';
import { DaemonMetrics } from '../native-host/src/metrics/metrics.ts';

const [upstreamPort, upstreamCa] = process.argv.slice(2);
process.env.VIGIL_KEYSTORE = 'file';
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const svc = new ProxyService();
let records = 0;
await svc.start({
  options: { dataDir, proxy: { port: 0, upstreamOverride: [`api.openai.com=127.0.0.1:${upstreamPort}`], upstreamCa } },
  log: createLogger({ component: 'bench', level: 'error' }),
  // Audit records are counted, not stored: the bench measures the proxy, not the audit store.
  audit: { append: () => Promise.resolve(++records) },
  metrics: new DaemonMetrics(),
});
process.stdout.write(JSON.stringify({ port: svc.status().proxyPort, caPem: readFileSync(join(dataDir, 'ca', 'vigil-ca.pem'), 'utf8') }) + '\n');
