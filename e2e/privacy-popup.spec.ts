import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AuditReader } from '../native-host/src/audit/reader.ts';
import { databasePath } from '../native-host/src/audit/checkpoint-file.ts';
import { launchVigilBrowser, OUTPUT_DIR, type VigilBrowser } from './fixtures/browser.ts';

// The popup's opt-in switches against the real host: all off by default, and turning one on is
// recorded by the host (settings file and audit chain) as acceptance of the current PRIVACY.md.

let browser: VigilBrowser;
let popup: Page;

before(async () => {
  browser = await launchVigilBrowser();
  popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
});

after(async () => {
  await browser?.close();
});

const status = () => JSON.parse(browser.vigil(['privacy', 'status', '--json'])) as { acceptedVersion: number | null; version: number; channels: Record<string, { enabled: boolean; state: string }> };
const switchFor = (label: string) => popup.getByRole('switch', { name: new RegExp(label) });

test('the three channels show as off by default', async () => {
  for (const label of ['Crash reports', 'Telemetry counters', 'Update checks']) {
    await switchFor(label).and(popup.locator(':enabled')).waitFor({ timeout: 20_000 });
    assert.equal(await switchFor(label).isChecked(), false, `${label} is off`);
  }
  const s = status();
  assert.equal(s.acceptedVersion, null);
  assert.ok(Object.values(s.channels).every((c) => !c.enabled));
});

test('turning telemetry on in the popup is recorded as the user accepting PRIVACY.md', async () => {
  await switchFor('Telemetry counters').check();
  await popup.getByText(/PRIVACY.md version \d+: accepted/).waitFor({ timeout: 10_000 });
  const s = status();
  assert.equal(s.channels.telemetry?.enabled, true);
  assert.equal(s.channels.crash?.enabled, false);
  assert.equal(s.acceptedVersion, s.version);
  // No endpoint is configured, so nothing can be sent yet, and the popup says so.
  assert.equal(s.channels.telemetry?.state, 'no-endpoint');
  await popup.getByText(/no endpoint is configured/).waitFor();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await popup.screenshot({ path: join(OUTPUT_DIR, 'popup-privacy.png') });

  const reader = new AuditReader(databasePath(browser.dataDir));
  try {
    const changes = [...reader.batches(1000)].flat().filter((r) => r.type === 'settings.change').map((r) => JSON.parse(r.body ?? '{}') as { area: string; via: string; change: { accept?: boolean } });
    assert.ok(changes.some((c) => c.area === 'privacy' && c.via === 'native messaging' && c.change.accept === true), 'the choice is in the audit chain');
  } finally {
    reader.close();
  }

  await switchFor('Telemetry counters').uncheck();
  for (let i = 0; i < 50 && status().channels.telemetry?.enabled; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(status().channels.telemetry?.enabled, false);
});

test("the extension's own pages and worker cannot connect anywhere (CSP connect-src 'self')", async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const attempt = (u: string) => fetch(u).then(() => 'connected', (e: Error) => `refused: ${e.message}`);
    assert.match(await popup.evaluate(attempt, url), /^refused/);
    assert.match(await browser.worker.evaluate(attempt, url), /^refused/);
    // Its own packaged files still load.
    assert.equal(await popup.evaluate(attempt, '/manifest.json'), 'connected');
    assert.equal(hits, 0, 'the local server never saw a request');
  } finally {
    server.close();
  }
});
