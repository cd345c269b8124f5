import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { daemonPid, launchVigilBrowser, type VigilBrowser } from './fixtures/browser.ts';
import { closeServer, serveComposer, type ComposerKind, type ComposerSite } from './fixtures/composer-pages.ts';
import { sw, waitConnected, warmUp } from './fixtures/worker.ts';
import { accessibleText, clickOverlayButton, overlayButtons } from './fixtures/overlay.ts';

const AWS_KEY = 'AKIAZ3MSPLE7QWERTY5T';
const AWS_TEXT = `please debug this: aws_access_key_id = ${AWS_KEY}`;
const EMAIL_TEXT = 'write to me at jane.doe@example.org about it';

let browser: VigilBrowser;
const sites = new Map<ComposerKind, ComposerSite>();

before(async () => {
  browser = await launchVigilBrowser();
  for (const kind of ['prosemirror', 'textarea', 'quill'] as const) {
    const site = await serveComposer(kind);
    sites.set(kind, site);
    await sw(browser, `vigil.addSite(${JSON.stringify(site.origin)}, ${JSON.stringify(site.adapter)})`);
  }
  await waitConnected(browser);
  await warmUp(browser);
});
after(async () => {
  const pid = browser ? daemonPid(browser) : null;
  await browser?.close();
  if (pid) process.kill(pid, 'SIGTERM');
  for (const site of sites.values()) await closeServer(site.server);
});

const sent = async (page: Page) => Number(await page.locator('body').getAttribute('data-sent'));

async function open(kind: ComposerKind): Promise<Page> {
  const site = sites.get(kind)!;
  const page = await browser.context.newPage();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.goto(site.origin + '/');
  await page.locator(`html[data-vigil-capture="${site.adapter}"]`).waitFor({ timeout: 10_000 });
  return page;
}

/** A real paste: the text goes on the clipboard, then Ctrl+V in the composer (a trusted event). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('#f [contenteditable], #f textarea').first().click();
  await page.keyboard.press('Control+V');
}

const overlay = (page: Page, effect: string) => page.locator(`vigil-overlay[data-effect="${effect}"]`);

for (const kind of ['prosemirror', 'textarea', 'quill'] as const) {
  test(`${kind}: pasting an AWS key shows the block overlay within 100 ms and the submit does not happen`, async () => {
    const page = await open(kind);
    await paste(page, AWS_TEXT);
    await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
    const ms = Number(await overlay(page, 'block').getAttribute('data-ms'));
    const by = await overlay(page, 'block').getAttribute('data-decided-by');
    console.log(`# ${kind}: block overlay ${ms} ms after the paste (decided by ${by})`);
    if (by === 'host') assert.ok(ms < 100, `overlay after ${ms} ms`);
    assert.match(await accessibleText(page), /credential|secret|AWS|aws/i);
    assert.deepEqual(await overlayButtons(page), ['Remove it', 'Redact it', 'Close'], 'no "send anyway" on a block');
    await clickOverlayButton(page, 'Close');

    // Enter in the composer and the send button: both held, neither reaches the page.
    await page.locator('#f [contenteditable], #f textarea').first().press('Enter');
    await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
    await clickOverlayButton(page, 'Close');
    await page.locator('#f button').click();
    await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await sent(page), 0, 'the blocked prompt was not sent');

    // "Remove it" empties the composer; then an ordinary message goes through.
    await clickOverlayButton(page, 'Remove it');
    await page.keyboard.type('what is a good name for a cat?');
    await page.locator('#f button').click();
    await page.waitForFunction(() => document.body.dataset.sent === '1', undefined, { timeout: 10_000 });
    assert.equal(await page.locator('#sent li').innerText(), 'what is a good name for a cat?');
    await page.close();
  });
}

test('pasting an email shows a warning that allows sending anyway', async () => {
  const page = await open('textarea');
  await paste(page, EMAIL_TEXT);
  await overlay(page, 'warn').waitFor({ state: 'attached', timeout: 10_000 });
  assert.match(await accessibleText(page), /personal data|email/i);
  assert.ok((await overlayButtons(page)).includes('Keep it'));
  await clickOverlayButton(page, 'Keep it');
  await page.locator('#f button').click();
  await page.waitForFunction(() => document.body.dataset.sent === '1', undefined, { timeout: 10_000 });
  await page.close();
});

test('redact it replaces the secret in the composer', async () => {
  const page = await open('textarea');
  await paste(page, AWS_TEXT);
  await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
  await clickOverlayButton(page, 'Redact it');
  const value = await page.locator('#userInput').inputValue();
  assert.ok(!value.includes(AWS_KEY), value);
  assert.match(value, /REDACTED|\*\*\*|\[/);
  await page.close();
});

test('a synthetic paste dispatched by the page is ignored', async () => {
  const page = await open('prosemirror');
  const before = await sw<number>(browser, 'vigil.lastReplies().length');
  await page.evaluate((t) => (window as unknown as { fakePaste(t: string): void }).fakePaste(t), AWS_TEXT);
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('vigil-overlay').count(), 0);
  const afterCount = await sw<number>(browser, 'vigil.lastReplies().length');
  assert.equal(afterCount, before, 'the background was not asked about it');
  await page.close();
});

test('a file chosen in the file input is checked before the page sees it', async () => {
  const page = await open('prosemirror');
  // Files from disk: Chromium then fires a trusted change event, as when the user picks a file.
  const dir = mkdtempSync(join(tmpdir(), 'vigil-files-'));
  try {
    writeFileSync(join(dir, 'creds.env'), `AWS_ACCESS_KEY_ID=${AWS_KEY}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'shopping: milk, eggs\n');
    await page.locator('#upload').setInputFiles(join(dir, 'creds.env'));
    await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await page.locator('#uploads li').count(), 0, 'the page never saw the file');
    await clickOverlayButton(page, 'Remove the file');
    await page.locator('#upload').setInputFiles(join(dir, 'notes.txt'));
    await page.locator('#uploads li').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#uploads li').innerText(), 'notes.txt');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await page.close();
  }
});

test('the events land as audit records', async () => {
  const events = await sw(browser, "vigil.request('dashboard.events', { limit: 100 })");
  const list = (events as { events: { site: string; action: string; effect?: string }[] }).events;
  const fromCapture = list.filter((e) => e.site.startsWith('127.0.0.1'));
  assert.ok(fromCapture.some((e) => e.action === 'paste' && e.effect === 'block'), JSON.stringify(list.slice(0, 5)));
  assert.ok(fromCapture.some((e) => e.action === 'paste' && e.effect === 'warn'));
  assert.ok(fromCapture.some((e) => e.action === 'submit' && e.effect === 'allow'));
  assert.ok(fromCapture.some((e) => e.action === 'file'));
  const outbox = await sw<number>(browser, 'vigil.outboxCount()');
  assert.equal(outbox, 0, 'nothing left in the outbox');
});
