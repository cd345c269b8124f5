import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OUTPUT_DIR, type VigilBrowser } from './fixtures/browser.ts';
import { openComposer, paste, startCaptureSession, type CaptureSession } from './fixtures/capture-session.ts';
import type { ComposerSite } from './fixtures/composer-pages.ts';
import { clickOverlayButton } from './fixtures/overlay.ts';
import { until } from './fixtures/worker.ts';

let session: CaptureSession;
let browser: VigilBrowser;
let site: ComposerSite;

/** Real events through the real capture path: a blocked key, a warned email, an ordinary message. */
async function makeEvents(): Promise<void> {
  const page = await openComposer(browser, session.site('textarea'));
  await paste(page, 'deploy with aws_access_key_id = AKIAZ3MSPLE7QWERTY5T');
  await page.locator('vigil-overlay[data-effect="block"]').waitFor({ state: 'attached', timeout: 10_000 });
  await clickOverlayButton(page, 'Remove it');
  await paste(page, 'send the report to jane.doe@example.org');
  await page.locator('vigil-overlay[data-effect="warn"]').waitFor({ state: 'attached', timeout: 10_000 });
  await clickOverlayButton(page, 'Remove it');
  await page.keyboard.type('Summarise the plot of Hamlet in three sentences.');
  await page.locator('#f button').click();
  await page.waitForFunction(() => document.body.dataset.sent === '1', undefined, { timeout: 10_000 });
  await page.close();
}

before(async () => {
  session = await startCaptureSession(['textarea']);
  browser = session.browser;
  site = session.site('textarea');
  await makeEvents();
  mkdirSync(OUTPUT_DIR, { recursive: true });
});
after(() => session?.close());

async function openPanel(): Promise<Page> {
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 440, height: 1100 });
  await panel.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/sidepanel/index.html`);
  await until('the timeline rows', () => panel.locator('.timeline tbody tr').count(), (n) => n >= 3);
  return panel;
}

test('the side panel shows the timeline, filters it, opens details with the keyboard, and verifies the chain', async () => {
  const panel = await openPanel();
  const host = site.origin.replace('http://', '');
  const rows = panel.locator('.timeline tbody tr', { hasText: host });
  assert.ok((await rows.count()) >= 3);

  await panel.locator('.f-effect').selectOption('block');
  const blocked = panel.locator('.timeline tbody tr');
  assert.ok((await blocked.count()) >= 1);
  for (const text of await blocked.allInnerTexts()) assert.match(text, /block/i);

  await blocked.first().focus();
  await panel.keyboard.press('Enter');
  const detail = panel.locator('.detail');
  await detail.waitFor();
  const detailText = await detail.innerText();
  assert.match(detailText, /aws/i, 'the finding is listed');
  assert.match(detailText, /Policies\s+\S+/, 'the policy that fired is named');
  assert.equal(await panel.evaluate(() => document.activeElement?.id), 'detail-title', 'focus moves to the detail');
  await panel.getByRole('button', { name: 'Back to the timeline' }).click();
  await panel.locator('.f-effect').selectOption('');

  await panel.getByRole('button', { name: 'Verify now' }).click();
  await panel.locator('vigil-audit-status [data-status="intact"]').waitFor({ timeout: 30_000 });
  assert.match(await panel.locator('vigil-audit-status #verify-result').innerText(), /Intact: \d+ records/);
  assert.equal(await panel.locator('.charts figure').count(), 2, 'activity and risk charts');
  await panel.close();
});

test('the popup shows today\'s counts from the chain', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
  await popup.locator('vigil-protection [data-protection="on"]').waitFor({ timeout: 10_000 });
  const count = (k: string) => popup.locator(`vigil-protection [data-count="${k}"] b`).innerText().then(Number);
  await until('the counts', () => count('events'), (n) => n >= 3);
  assert.ok((await count('block')) >= 1);
  assert.ok((await count('warn')) >= 1);
  await popup.close();
});

test('screenshots of the popup and the side panel, light and dark, with real data', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const popup = await browser.context.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 340, height: 560 });
    await popup.goto(`chrome-extension://${browser.extensionId}/extension/src/ui/popup/index.html`);
    await popup.locator('vigil-protection [data-protection="on"]').waitFor({ timeout: 10_000 });
    await until('the counts', () => popup.locator('vigil-protection [data-count="events"] b').innerText(), (t) => t !== '–');
    await popup.screenshot({ path: join(OUTPUT_DIR, `popup-${scheme}.png`), fullPage: true });
    await popup.close();

    const panel = await openPanel();
    await panel.emulateMedia({ colorScheme: scheme });
    await panel.reload();
    await until('the timeline rows', () => panel.locator('.timeline tbody tr').count(), (n) => n >= 3);
    await panel.getByRole('button', { name: 'Verify now' }).click();
    await panel.locator('vigil-audit-status [data-status="intact"]').waitFor({ timeout: 30_000 });
    await panel.screenshot({ path: join(OUTPUT_DIR, `sidepanel-${scheme}.png`), fullPage: true });
    await panel.close();
  }
});
