// Content-script cost per keystroke and per paste on a long (100 KB) conversation page, and the
// service worker's JS heap. Baseline in the same run and the same browser: the same page served from
// an origin Vigil does not capture on (no content script). Main-thread script time comes from CDP
// Performance metrics (it includes the content script's isolated world). The machine is shared:
// each figure is the best of ROUNDS rounds.
// Run: npm run build && node --import tsx bench/extension.ts
import type { CDPSession, Page } from 'playwright-core';
import { daemonPid, launchVigilBrowser, type VigilBrowser } from '../e2e/fixtures/browser.ts';
import { closeServer, serveComposer, type ComposerSite } from '../e2e/fixtures/composer-pages.ts';
import { sw, waitConnected, warmUp } from '../e2e/fixtures/worker.ts';
import { printTable } from './stats.ts';

const KEYS = 200;
const PASTES = 30;
const ROUNDS = 3;
const PASTE_TEXT = 'Here is the paragraph from our design doc that I would like you to tighten up a little. '.repeat(3);

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

interface Cost { scriptMsPerOp: number; wallMsPerOp: number }

async function measure(page: Page, op: () => Promise<void>, n: number): Promise<Cost> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let best: Cost = { scriptMsPerOp: Infinity, wallMsPerOp: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    await page.locator('#prompt-textarea').click();
    const s0 = await metric(cdp, 'ScriptDuration');
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await op();
    const wall = (performance.now() - t0) / n;
    const script = ((await metric(cdp, 'ScriptDuration')) - s0) * 1000 / n;
    best = { scriptMsPerOp: Math.min(best.scriptMsPerOp, script), wallMsPerOp: Math.min(best.wallMsPerOp, wall) };
    // Page-side code as strings: this file is typechecked without DOM types.
    await page.evaluate(`document.getElementById('prompt-textarea').innerHTML = '<p><br></p>'`);
  }
  await cdp.detach();
  return best;
}

/** JS heap of the extension's service worker, through a browser-level CDP session attached to it. */
async function workerHeapMb(browser: VigilBrowser): Promise<number> {
  const session = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(browser.extensionId));
    if (!target) throw new Error('no extension service worker target');
    const { sessionId } = (await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
    const answer = new Promise<number>((resolve) => {
      session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
        const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
        if (e.sessionId === sessionId && m.id === 1 && m.result) resolve(m.result.usedSize / 1024 / 1024);
      });
    });
    await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    const mb = await answer;
    await session.send('Target.detachFromTarget', { sessionId });
    return mb;
  } finally {
    await session.detach();
  }
}

async function openPage(browser: VigilBrowser, site: ComposerSite, captured: boolean): Promise<Page> {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const page = await browser.context.newPage();
  await page.goto(site.origin + '/');
  if (captured) await page.locator('html[data-vigil-capture]').waitFor({ state: 'attached' });
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(PASTE_TEXT)})`);
  return page;
}

const captured = await serveComposer('prosemirror', { historyBytes: 100_000 });
const plain = await serveComposer('prosemirror', { historyBytes: 100_000 });
const browser = await launchVigilBrowser();
try {
  await sw(browser, `vigil.addSite(${JSON.stringify(captured.origin)}, 'chatgpt')`);
  await waitConnected(browser);
  await warmUp(browser);
  const heapIdle = await workerHeapMb(browser);

  const withVigil = await openPage(browser, captured, true);
  const without = await openPage(browser, plain, false);
  const pageBytes = (await withVigil.evaluate('document.documentElement.outerHTML.length')) as number;

  const type = (page: Page) => () => page.keyboard.type('a');
  const keysWith = await measure(withVigil, type(withVigil), KEYS);
  const keysWithout = await measure(without, type(without), KEYS);

  // A paste is done when Vigil has its decision (the background records every reply); the baseline
  // page has no one to wait for, so it waits for the editor to have the text.
  const replies = () => sw<number>(browser, 'vigil.repliesTotal()');
  const pasteWith = async () => {
    const n = await replies();
    await withVigil.keyboard.press('Control+V');
    // Poll tightly (each probe is one DevTools round trip, ~2 ms) so the wall time is the decision's.
    for (const deadline = Date.now() + 10_000; (await replies()) <= n; ) if (Date.now() > deadline) throw new Error('no paste decision');
  };
  const pasteWithout = async () => {
    await without.keyboard.press('Control+V');
    await without.waitForFunction(`document.getElementById('prompt-textarea').innerText.length > 0`);
  };
  const pastesWith = await measure(withVigil, pasteWith, PASTES);
  const pastesWithout = await measure(without, pasteWithout, PASTES);
  const heapAfter = await workerHeapMb(browser);
  const outbox = await sw<number>(browser, 'vigil.outboxCount()');

  const f = (x: number) => x.toFixed(3);
  printTable(`Content script on a ${(pageBytes / 1024).toFixed(0)} KB conversation page (best of ${ROUNDS} rounds; shared machine)`, [
    ['operation', 'main-thread script ms/op, Vigil', 'baseline (no content script)', 'extra ms/op', 'wall ms/op, Vigil', 'wall baseline', 'wall ratio'],
    ['keystroke', f(keysWith.scriptMsPerOp), f(keysWithout.scriptMsPerOp), f(keysWith.scriptMsPerOp - keysWithout.scriptMsPerOp), f(keysWith.wallMsPerOp), f(keysWithout.wallMsPerOp), (keysWith.wallMsPerOp / keysWithout.wallMsPerOp).toFixed(2) + '×'],
    ['paste (to decision)', f(pastesWith.scriptMsPerOp), f(pastesWithout.scriptMsPerOp), f(pastesWith.scriptMsPerOp - pastesWithout.scriptMsPerOp), f(pastesWith.wallMsPerOp), f(pastesWithout.wallMsPerOp), (pastesWith.wallMsPerOp / pastesWithout.wallMsPerOp).toFixed(2) + '×'],
  ]);
  printTable('Service worker JS heap', [
    ['state', 'MB', 'ratio to idle'],
    ['idle, connected', heapIdle.toFixed(2), '1.00×'],
    [`after ${KEYS * ROUNDS} keystrokes and ${PASTES * ROUNDS} audited pastes`, heapAfter.toFixed(2), (heapAfter / heapIdle).toFixed(2) + '×'],
  ]);
  process.stdout.write(`outbox after the run: ${outbox} (0 = every paste reached the audit chain)\n`);
} finally {
  const pid = daemonPid(browser);
  await browser.close();
  if (pid) process.kill(pid, 'SIGTERM');
  await closeServer(captured.server);
  await closeServer(plain.server);
}
