import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { VigilBrowser } from './fixtures/browser.ts';
import { composer, openComposer, paste, startCaptureSession, type CaptureSession } from './fixtures/capture-session.ts';
import type { ComposerKind } from './fixtures/composer-pages.ts';
import { sw, until } from './fixtures/worker.ts';
import { accessibleText, clickOverlayButton, overlayButtons } from './fixtures/overlay.ts';

const AWS_KEY = 'AKIAZ3MSPLE7QWERTY5T';
const AWS_TEXT = `please debug this: aws_access_key_id = ${AWS_KEY}`;
const EMAIL_TEXT = 'write to me at jane.doe@example.org about it';

let session: CaptureSession;
let browser: VigilBrowser;

before(async () => {
  session = await startCaptureSession(['prosemirror', 'textarea', 'quill']);
  browser = session.browser;
});
after(() => session?.close());

const sent = async (page: Page) => Number(await page.locator('body').getAttribute('data-sent'));
const open = (kind: ComposerKind) => openComposer(browser, session.site(kind));

const overlay = (page: Page, effect: string) => page.locator(`vigil-overlay[data-effect="${effect}"]`);

test('a page cannot see Vigil while nothing is shown: no attribute or element of ours in its DOM', async () => {
  const page = await open('textarea');
  await paste(page, 'hello');
  const marks = await page.evaluate(() => ({
    attributes: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).map((a) => a.name)).filter((n) => /vigil/i.test(n)),
    elements: Array.from(document.querySelectorAll('*')).map((e) => e.localName).filter((n) => /vigil/i.test(n)),
  }));
  assert.deepEqual(marks, { attributes: [], elements: [] });
  await page.close();
});

for (const kind of ['prosemirror', 'textarea', 'quill'] as const) {
  test(`${kind}: pasting an AWS key shows the block overlay within 100 ms and the submit does not happen`, async () => {
    const page = await open(kind);
    // One harmless paste first: the 100 ms budget is for a page in use, not for the first message a
    // freshly started browser sends (that one is logged by the bench and the report, not asserted).
    const decided = await sw<number>(browser, 'vigil.repliesTotal()');
    await paste(page, 'hello');
    await until('the first decision', () => sw<number>(browser, 'vigil.repliesTotal()'), (n) => n > decided);
    await composer(page).fill('');
    await paste(page, AWS_TEXT);
    await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
    const ms = Number(await overlay(page, 'block').getAttribute('data-ms'));
    const by = await overlay(page, 'block').getAttribute('data-decided-by');
    const background = (await sw<{ ms: number }[]>(browser, 'vigil.lastReplies().slice(-1)'))[0]?.ms;
    console.log(`# ${kind}: block overlay ${ms} ms after the paste (decided by ${by}; ${background} ms of it in the background: outbox + host)`);
    // Vigil's own share (content script, messaging, overlay) is always held to its budget; the whole
    // 100 ms only when the host and the outbox answered in their usual time (this machine is shared).
    assert.equal(by, 'host');
    assert.ok(background !== undefined && ms - background < 50, `content script and overlay took ${ms - (background ?? 0)} ms`);
    if (background! < 80) assert.ok(ms < 100, `overlay after ${ms} ms`);
    assert.match(await accessibleText(page), /credential|secret|AWS|aws/i);
    assert.deepEqual(await overlayButtons(page), ['Remove it', 'Redact it', 'Close'], 'no "send anyway" on a block');
    await clickOverlayButton(page, 'Close');

    // Enter in the composer and the send button: both held, neither reaches the page.
    await composer(page).press('Enter');
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

test('text dragged into the composer is checked like a paste', async () => {
  const page = await open('textarea');
  await page.evaluate((t) => ((window as unknown as { dragText: string }).dragText = t), AWS_TEXT);
  await page.dragAndDrop('#drag-source', '#userInput');
  await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
  const last = await sw<{ kind: string }[]>(browser, 'vigil.lastReplies().slice(-1)');
  assert.equal(last[0]?.kind, 'drop');
  await page.close();
});

test('after a single-page-app navigation re-renders the composer, capture and the held send still work', async () => {
  const page = await open('prosemirror');
  await page.evaluate(() => (window as unknown as { navigateSpa(p: string): void }).navigateSpa('/c/another-conversation'));
  await paste(page, AWS_TEXT);
  await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
  await clickOverlayButton(page, 'Close');
  await page.locator('#f button').click();
  await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
  assert.equal(await sent(page), 0);
  await page.close();
});

test('with protection switched off nothing is captured, and switching it on again resumes at once', async () => {
  const page = await open('quill');
  const before = await sw<number>(browser, 'vigil.repliesTotal()');
  await sw(browser, 'vigil.setProtection(false)');
  await page.waitForTimeout(300);
  await paste(page, AWS_TEXT);
  await page.waitForTimeout(800);
  assert.equal(await page.locator('vigil-overlay').count(), 0);
  assert.equal(await sw<number>(browser, 'vigil.repliesTotal()'), before, 'the background was not asked');
  await page.evaluate(() => (document.querySelector('.ql-editor')!.innerHTML = '<p><br></p>'));
  await sw(browser, 'vigil.setProtection(true)');
  await page.waitForTimeout(300);
  await paste(page, AWS_TEXT);
  await overlay(page, 'block').waitFor({ state: 'attached', timeout: 10_000 });
  await page.close();
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
