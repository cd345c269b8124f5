import { ContentRequest, type CaptureReply, type HelloReply } from '../common/capture-messages.ts';
import { onSettingsChanged, readSettings, siteEnabled, updateSettings, type Settings } from '../common/settings.ts';
import { UI_PORT_NAME, type HostStatus, type ProtectionState, type UiMessage } from '../common/status.ts';
import { UiRequest } from '../common/ui-requests.ts';
import { syncCaptureScript } from './content-scripts.ts';
import { Evaluator } from './evaluator.ts';
import { HostConnection } from './host-connection.ts';
import { closeOffscreen, decideOffscreen, warmOffscreen } from './offscreen-client.ts';
import { Outbox } from './outbox.ts';
import { Routing } from './routing.ts';

/** UI pages (popup, side panel) currently listening for status. */
const uiPorts = new Set<chrome.runtime.Port>();
const post = (message: UiMessage) => {
  for (const port of uiPorts) port.postMessage(message);
};

let settings: Settings | null = null;
let outboxCount = 0;
/** Set when the host is connected but could not decide (e.g. its decision service is not running). */
let hostError: string | undefined;

const protection = (): ProtectionState => ({
  enabled: settings?.protection ?? true,
  degraded: !host.status.connected || hostError !== undefined,
  outbox: outboxCount,
  routing: routing.status,
  ...(hostError ? { hostError } : {}),
});
const broadcastProtection = () => post({ type: 'protection', protection: protection() });

const host = new HostConnection((status: HostStatus) => {
  post({ type: 'status', status });
  if (status.connected) void flushOutbox();
  else void warmOffscreen().catch(() => {});
  void routing.apply(settings?.protection ?? true);
  broadcastProtection();
});
const routing = new Routing(host, broadcastProtection);
const outbox = new Outbox();

const evaluator = new Evaluator(host, outbox, decideOffscreen, () => {
  void outbox.count().then((n) => {
    outboxCount = n;
    broadcastProtection();
  });
});

async function flushOutbox(): Promise<void> {
  try {
    await evaluator.flush();
    if (hostError !== undefined) {
      hostError = undefined;
      broadcastProtection();
    }
    void closeOffscreen();
  } catch (err) {
    hostError = host.status.connected ? (err as Error).message : undefined;
    broadcastProtection();
  }
}

// Retry what is queued while the host is up but was not able to decide.
setInterval(() => {
  if (host.status.connected && outboxCount > 0) void flushOutbox();
}, 15_000);

async function capture(request: ContentRequest, sender: chrome.runtime.MessageSender): Promise<CaptureReply | HelloReply> {
  const s = settings ?? (settings = await readSettings());
  if (request.type === 'hello') {
    const key = `${request.origin} ${request.adapter}`;
    captureStarts.set(key, (captureStarts.get(key) ?? 0) + 1);
    return { enabled: siteEnabled(s, request.site) };
  }
  const started = performance.now();
  const reply = await evaluator.evaluate(request);
  const ms = Math.round(performance.now() - started);
  if (reply.decidedBy === 'device') hostError ??= host.status.connected ? 'the host did not decide in time' : undefined;
  void outbox.count().then((n) => {
    outboxCount = n;
    broadcastProtection();
  });
  repliesTotal++;
  lastReplies.push({ tab: sender.tab?.id, kind: request.kind, reply, ms });
  if (lastReplies.length > 50) lastReplies.shift();
  return reply;
}

/** Our own pages (popup, side panel, also when opened in a tab); content scripts report the web page's URL. */
const fromOwnPage = (sender: chrome.runtime.MessageSender) => sender.id === chrome.runtime.id && Boolean(sender.url?.startsWith(chrome.runtime.getURL('')));

chrome.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (sender.tab && !fromOwnPage(sender)) {
    // From a content script, i.e. from inside a web page: validate everything.
    const request = ContentRequest.safeParse(raw);
    if (!request.success) return false;
    capture(request.data, sender).then(sendResponse, (err: Error) => sendResponse({ error: err.message }));
    return true;
  }
  const ui = UiRequest.safeParse(raw);
  if (ui.success && fromOwnPage(sender)) {
    host.request(ui.data.request, 30_000).then(sendResponse, (err: Error) => sendResponse({ type: 'error', code: 'DAEMON_UNAVAILABLE', message: err.message }));
    return true;
  }
  return false;
});

chrome.runtime.onConnect.addListener((port) => {
  // Only our own pages may listen: content scripts share our id but run at the page's URL.
  const own = port.sender?.id === chrome.runtime.id && port.sender.url?.startsWith(chrome.runtime.getURL(''));
  if (port.name !== UI_PORT_NAME || !own) return;
  uiPorts.add(port);
  port.onDisconnect.addListener(() => uiPorts.delete(port));
  port.postMessage({ type: 'status', status: host.status } satisfies UiMessage);
  port.postMessage({ type: 'protection', protection: protection() } satisfies UiMessage);
});

chrome.runtime.onInstalled.addListener(() => {
  void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: false });
});

onSettingsChanged((next) => {
  settings = next;
  syncCaptureScript().catch((err: Error) => console.error('vigil: capture script registration failed', err.message));
  void routing.apply(next.protection);
  broadcastProtection();
});

/** How many capture scripts started per origin and adapter (tests wait on it after loading a page). */
const captureStarts = new Map<string, number>();

/** The latest decisions with how long the background took for each (outbox write + host round trip). */
const lastReplies: { tab?: number; kind: string; reply: CaptureReply; ms: number }[] = [];
let repliesTotal = 0;

/** Handle for tests and benchmarks driving the worker through DevTools (Playwright's serviceWorker.evaluate). */
(globalThis as unknown as { vigil: unknown }).vigil = {
  status: () => host.status,
  protection,
  request: (type: string, fields: Record<string, unknown> = {}) => host.request({ type, ...fields }),
  addSite: (origin: string, adapter: string) => updateSettings((s) => ({ ...s, userSites: [...s.userSites.filter((u) => u.origin !== origin), { origin, adapter }] })),
  setProtection: (on: boolean) => updateSettings((s) => ({ ...s, protection: on })),
  outboxCount: () => outbox.count(),
  flush: flushOutbox,
  lastReplies: () => lastReplies,
  captureStarts: (origin: string, adapter: string) => captureStarts.get(`${origin} ${adapter}`) ?? 0,
  repliesTotal: () => repliesTotal,
  proxySettings: () => chrome.proxy.settings.get({}),
};

void readSettings().then(async (s) => {
  settings = s;
  await syncCaptureScript().catch((err: Error) => console.error('vigil: capture script registration failed', err.message));
  outboxCount = await outbox.count();
  broadcastProtection();
});
host.start();
