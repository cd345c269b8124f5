import { HostConnection } from './host-connection.ts';
import { UI_PORT_NAME, type HostStatus, type UiMessage } from '../common/status.ts';

/** UI pages (popup, side panel) currently listening for status. */
const uiPorts = new Set<chrome.runtime.Port>();

const broadcast = (status: HostStatus) => {
  const message: UiMessage = { type: 'status', status };
  for (const port of uiPorts) port.postMessage(message);
};

const host = new HostConnection(broadcast);

chrome.runtime.onConnect.addListener((port) => {
  // Only our own pages may listen: content scripts share our id but run at the page's URL.
  const fromOwnPage = port.sender?.id === chrome.runtime.id && port.sender.url?.startsWith(chrome.runtime.getURL(''));
  if (port.name !== UI_PORT_NAME || !fromOwnPage) return;
  uiPorts.add(port);
  port.onDisconnect.addListener(() => uiPorts.delete(port));
  const message: UiMessage = { type: 'status', status: host.status };
  port.postMessage(message);
});

chrome.runtime.onInstalled.addListener(() => {
  void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: false });
});

/** Handle for tests and benchmarks driving the worker through DevTools (Playwright's serviceWorker.evaluate). */
(globalThis as unknown as { vigil: unknown }).vigil = {
  status: () => host.status,
  request: (type: string) => host.request({ type }),
};

host.start();
