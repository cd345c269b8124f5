import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { daemonPid, launchVigilBrowser, VIGIL_BIN, type VigilBrowser } from './fixtures/browser.ts';
import { closeServer } from './fixtures/composer-pages.ts';
import { sw, until, waitConnected } from './fixtures/worker.ts';
import { startFakeProvider, type FakeProvider } from '../native-host/src/proxy/testing/fake-provider.ts';
import { createTestCa } from '../native-host/src/proxy/testing/test-ca.ts';

/**
 * The PAC routing with a real proxy: the daemon is started first with its test-only upstream override
 * (api.openai.com → a local fake provider), the browser's host relays to it, and the extension installs
 * the PAC script from the host. `other.example` resolves to a local server: it must be reached directly.
 */
let browser: VigilBrowser;
let fake: FakeProvider;
let other: Server;
let otherPort = 0;
const otherSeen: IncomingHttpHeaders[] = [];

type Protection = { routing: { active: boolean; proxyPort?: number } };

before(async () => {
  const ca = await createTestCa();
  fake = await startFakeProvider(ca, { names: ['api.openai.com'] });
  other = createServer((req, res) => {
    otherSeen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('direct');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherPort = (other.address() as AddressInfo).port;
  browser = await launchVigilBrowser({
    // The profile does not trust Vigil's local CA (that is `vigil ca trust`, tested elsewhere).
    args: ['--ignore-certificate-errors', '--host-resolver-rules=MAP other.example 127.0.0.1'],
    beforeLaunch: async ({ root, dataDir, env }) => {
      const caFile = join(root, 'upstream-ca.pem');
      writeFileSync(caFile, ca.certPem);
      const ready = join(root, 'ready.json');
      const args = ['start', '--data-dir', dataDir, '--ready-file', ready, '--upstream-override', `api.openai.com=127.0.0.1:${fake.port}`, '--upstream-ca', caFile];
      spawn(process.execPath, [VIGIL_BIN, ...args], { env, stdio: 'ignore', detached: true }).unref();
      for (let i = 0; i < 300 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 100));
    },
  });
  await waitConnected(browser);
});
after(async () => {
  const pid = browser ? daemonPid(browser) : null;
  await browser?.close();
  if (pid) process.kill(pid, 'SIGTERM');
  await fake?.close();
  if (other) await closeServer(other);
});

test('with protection on, a request to an intercepted host goes through the proxy and one to any other host does not', async () => {
  const state = await until('the PAC routing', () => sw<Protection>(browser, 'vigil.protection()'), (p) => p.routing.active);
  const settings = await sw<{ value: { mode: string; pacScript?: { data: string } } }>(browser, 'vigil.proxySettings()');
  assert.equal(settings.value.mode, 'pac_script');
  assert.match(settings.value.pacScript!.data, new RegExp(`PROXY 127\\.0\\.0\\.1:${state.routing.proxyPort}`));

  const page = await browser.context.newPage();
  const direct = await page.goto(`http://other.example:${otherPort}/`);
  assert.equal(await direct?.text(), 'direct');
  assert.equal(otherSeen.at(-1)?.host, `other.example:${otherPort}`, 'reached directly: through the proxy it would not resolve');

  const before = fake.received.length;
  // What a chat page does: a request from the page to the provider's API.
  await page.evaluate(() => fetch('https://api.openai.com/v1/models', { mode: 'no-cors' }).then(() => 'ok'));
  await until('the fake provider to get the request', async () => fake.received.length, (n) => n === before + 1);
  assert.equal(fake.received.at(-1)?.path, '/v1/models');
  // The proxy, not the browser, connected upstream: the audit chain has its exchange.
  await until(
    'the proxy exchange in the chain',
    () => sw<{ events: { recordType: string; site: string }[] }>(browser, "vigil.request('dashboard.events', { limit: 50 })"),
    (r) => r.events.some((e) => e.recordType === 'proxy.exchange'),
  );
  await page.close();
});

test('turning protection off removes the routing', async () => {
  await sw(browser, 'vigil.setProtection(false)');
  await until('the routing to be removed', () => sw<Protection>(browser, 'vigil.protection()'), (p) => !p.routing.active);
  const settings = await sw<{ value: { mode: string } }>(browser, 'vigil.proxySettings()');
  assert.notEqual(settings.value.mode, 'pac_script');
  const page = await browser.context.newPage();
  await page.goto(`http://other.example:${otherPort}/`);
  const before = fake.received.length;
  // Without the proxy the browser resolves api.openai.com itself; there is no network here.
  const outcome = await page.evaluate(() => fetch('https://api.openai.com/v1/models', { mode: 'no-cors' }).then(() => 'answered', () => 'failed'));
  assert.equal(outcome, 'failed');
  assert.equal(fake.received.length, before, 'nothing reached the proxy');
  await page.close();
  await sw(browser, 'vigil.setProtection(true)');
  await until('the routing to come back', () => sw<Protection>(browser, 'vigil.protection()'), (p) => p.routing.active);
});
