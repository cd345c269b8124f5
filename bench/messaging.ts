// Native-messaging round trip: 1,000 pings from the extension's service worker through Chrome to the
// real host, against a baseline of 1,000 pings straight over the daemon's unix socket in the same run.
// Run: npm run build && node --import tsx bench/messaging.ts
import { dataPaths } from '../native-host/src/config/paths.ts';
import { DaemonClient } from '../native-host/src/daemon/client.ts';
import { daemonPid, launchVigilBrowser } from '../e2e/fixtures/browser.ts';
import { summarize, printTable } from './stats.ts';

const N = 1000;
const browser = await launchVigilBrowser();
try {
  await browser.worker.evaluate(async () => {
    const v = (globalThis as unknown as { vigil: { status(): { connected: boolean } } }).vigil;
    for (let i = 0; i < 200 && !v.status().connected; i++) await new Promise((r) => setTimeout(r, 50));
  });
  const viaBrowser: number[] = await browser.worker.evaluate(async (n) => {
    const v = (globalThis as unknown as { vigil: { request(type: string): Promise<unknown> } }).vigil;
    for (let i = 0; i < 50; i++) await v.request('ping');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await v.request('ping');
      times.push(performance.now() - t);
    }
    return times;
  }, N);

  const client = await DaemonClient.connect(dataPaths(browser.dataDir).socket);
  for (let i = 0; i < 50; i++) await client.request({ type: 'ping' });
  const direct: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await client.request({ type: 'ping' });
    direct.push(performance.now() - t);
  }
  client.close();

  const b = summarize(viaBrowser);
  const d = summarize(direct);
  printTable(`native messaging round trip, ${N} pings`, [
    ['path', 'median ms', 'p99 ms', 'median ratio vs socket'],
    ['socket (baseline)', d.median.toFixed(3), d.p99.toFixed(3), '1.00x'],
    ['extension -> Chrome -> host', b.median.toFixed(3), b.p99.toFixed(3), `${(b.median / d.median).toFixed(2)}x`],
  ]);
} finally {
  const pid = daemonPid(browser);
  await browser.close();
  if (pid) process.kill(pid, 'SIGTERM');
}
