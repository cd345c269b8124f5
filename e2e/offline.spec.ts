import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { daemonPid, type VigilBrowser } from './fixtures/browser.ts';
import { openComposer, paste, startCaptureSession, type CaptureSession } from './fixtures/capture-session.ts';
import { accessibleText } from './fixtures/overlay.ts';
import { sw, until, waitConnected } from './fixtures/worker.ts';

let session: CaptureSession;
let browser: VigilBrowser;
const launcher = () => join(browser.dataDir, 'bin', 'vigil-host');

before(async () => {
  session = await startCaptureSession(['textarea']);
  browser = session.browser;
});
after(() => session?.close());

/** Stops the extension's service worker the way Chrome does when it is idle, and waits for the next one. */
async function restartServiceWorker(page: Page): Promise<Worker> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  // Any extension event starts it again; opening the popup connects a port to it.
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
  const worker = await until(
    'the restarted service worker',
    async () => {
      for (const w of browser.context.serviceWorkers()) if (await w.evaluate('typeof vigil').catch(() => null) === 'object') return w;
      return null;
    },
    (w) => w !== null,
  );
  await popup.close();
  return worker!;
}

test('with the host stopped, a pasted secret is still caught on-device, and the offline events reach the chain in order after it returns (across a worker restart)', async () => {
  // Host down: the browser cannot start it again while the launcher is gone.
  renameSync(launcher(), launcher() + '.off');
  try {
    const pid = daemonPid(browser);
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await until('the disconnect', () => sw<{ connected: boolean }>(browser, 'vigil.status()'), (s) => !s.connected);

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
    await popup.locator('vigil-protection [data-protection="degraded"]').waitFor({ timeout: 10_000 });
    assert.match(await popup.locator('vigil-protection .banner').innerText(), /Protection degraded/);
    await popup.close();

    const page = await openComposer(browser, session.site('textarea'));
    const texts = ['first: aws_access_key_id = AKIAZ3MSPLE7QWERTY5T', 'second: mail jane.doe@example.org', 'third: call +44 20 7946 0958 or write to john.smith@example.com'];
    await paste(page, texts[0]!);
    const first = page.locator('vigil-overlay[data-decided-by="device"]');
    await first.waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await first.getAttribute('data-effect'), 'block');
    assert.match(await accessibleText(page), /credential/i);
    assert.match(await accessibleText(page), /Checked on this device/);
    console.log(`# first offline overlay after ${await first.getAttribute("data-ms")} ms (the model was loaded when the host went away)`);
    await page.keyboard.press('Escape');
    await page.locator('#userInput').fill('');
    await paste(page, texts[1]!);
    await page.locator('vigil-overlay[data-effect="warn"][data-decided-by="device"]').waitFor({ state: 'attached', timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.locator('#userInput').fill('');
    await paste(page, texts[2]!);
    const third = page.locator('vigil-overlay[data-decided-by="device"]');
    await third.waitFor({ state: 'attached', timeout: 10_000 });
    console.log(`# third offline paste: ${await third.getAttribute('data-effect')} after ${await third.getAttribute('data-ms')} ms`);
    // The on-device model really ran (it scores every text), not just the rules.
    const local = await sw<{ reply: { decidedBy: string; verdict: { scores: { bayes?: number }; explanations: string[] } } }[]>(browser, 'vigil.lastReplies().slice(-3)');
    for (const { reply } of local) {
      assert.equal(reply.decidedBy, 'device');
      assert.equal(typeof reply.verdict.scores.bayes, 'number');
      assert.ok(!reply.verdict.explanations.some((x) => /model unavailable/.test(x)), JSON.stringify(reply.verdict));
    }
    assert.equal(await sw<number>(browser, 'vigil.outboxCount()'), 3, 'three events wait in the outbox');

    // The worker restarts while the host is still away: the outbox is in IndexedDB, not in memory.
    browser.worker = await restartServiceWorker(page);
    assert.equal(await sw<number>(browser, 'vigil.outboxCount()'), 3, 'the outbox survived the worker restart');
    await page.close();
  } finally {
    renameSync(launcher() + '.off', launcher());
  }

  await waitConnected(browser, 45_000);
  await until('the outbox to drain', () => sw<number>(browser, 'vigil.outboxCount()'), (n) => n === 0, 30_000);
  const reply = await sw<{ events: { seq: number; site: string; action: string; offline?: boolean; effect?: string }[] }>(browser, "vigil.request('dashboard.events', { limit: 50 })");
  const offline = reply.events.filter((e) => e.offline).reverse();
  assert.deepEqual(offline.map((e) => e.action), ['paste', 'paste', 'paste'], JSON.stringify(reply.events));
  assert.ok(offline.every((e, i) => i === 0 || e.seq > offline[i - 1]!.seq), 'in the order they happened');
  // The host decides again with the real policy; what it decided is its business (a cold daemon may
  // hit its time budget), but every replayed event carries a decision.
  console.log(`# replayed offline events decided by the host as: ${offline.map((e) => e.effect).join(', ')}`);
  assert.ok(offline.every((e) => e.effect !== undefined));
});
