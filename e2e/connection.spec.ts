import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { daemonPid, launchVigilBrowser, OUTPUT_DIR, type VigilBrowser } from './fixtures/browser.ts';
import { extensionIdFromKey } from '../native-host/src/install/extension-id.ts';

let browser: VigilBrowser;
let popup: Page;

before(async () => {
  browser = await launchVigilBrowser();
  popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
});
after(async () => {
  const pid = browser ? daemonPid(browser) : null;
  await browser?.close();
  if (pid) process.kill(pid, 'SIGTERM');
});

const card = () => popup.locator('vigil-host-status [role="status"]');

test('the extension has the stable id the host manifest allows', () => {
  assert.equal(browser.extensionId, extensionIdFromKey());
});

test('the popup shows the real host connected, with its version', async () => {
  await card().and(popup.locator('[data-state="connected"]')).waitFor({ timeout: 15_000 });
  assert.match(await card().innerText(), /Host connected/);
  assert.equal(await popup.locator('vigil-host-status .version').innerText(), '0.1.0');
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await popup.setViewportSize({ width: 340, height: 220 });
  await popup.screenshot({ path: join(OUTPUT_DIR, 'popup-connected.png') });
});

test('killing the daemon shows disconnected, then connected again once the host restarts', async () => {
  const pid = daemonPid(browser);
  assert.ok(pid, 'vigil status reports the daemon the browser started');
  process.kill(pid, 'SIGKILL');
  await popup.locator('vigil-host-status [data-state="disconnected"]').waitFor({ timeout: 10_000 });
  assert.match(await card().innerText(), /Host disconnected/);
  await popup.locator('vigil-host-status [data-state="connected"]').waitFor({ timeout: 20_000 });
  const restarted = daemonPid(browser);
  assert.ok(restarted && restarted !== pid, `a new daemon runs (was ${pid}, now ${restarted})`);
});

test('the side panel page shows the same status', async () => {
  const panel = await browser.context.newPage();
  await panel.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/sidepanel/index.html`);
  await panel.locator('vigil-host-status [data-state="connected"]').waitFor({ timeout: 10_000 });
  await panel.close();
});
