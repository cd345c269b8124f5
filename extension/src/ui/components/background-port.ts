import { UI_PORT_NAME, UiMessage } from '../../common/status.ts';

/**
 * Listens to the background over a `vigil-ui` port and reconnects when the service worker restarts,
 * so a page never shows stale state. Returns a function that stops listening.
 */
export function listenToBackground(onMessage: (message: UiMessage) => void): () => void {
  let port: chrome.runtime.Port | null = null;
  let stopped = false;
  const connect = () => {
    const current = chrome.runtime.connect({ name: UI_PORT_NAME });
    port = current;
    current.onMessage.addListener((raw: unknown) => {
      const message = UiMessage.safeParse(raw);
      if (message.success) onMessage(message.data);
    });
    current.onDisconnect.addListener(() => {
      if (port === current && !stopped) setTimeout(connect, 250);
    });
  };
  connect();
  return () => {
    stopped = true;
    port?.disconnect();
  };
}

/** Midnight today in the browser's time zone: "today" for the counts. */
export function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
