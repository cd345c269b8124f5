import contentScript from '../content/content-script.ts?script&iife';
import { readSettings, type Settings } from '../common/settings.ts';
import { SITE_MATCHES } from '../content/sites/index.ts';

const ID = 'vigil-capture';

/** Match pattern for a user-added origin; Chrome match patterns carry no port, the script checks the exact origin. */
const originPattern = (origin: string) => {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
};

/**
 * Registers the capture script for the built-in AI sites and the user's own sites. Registered from the
 * worker (not the manifest) so that adding a site needs no extension update. Runs at document_start
 * so the capture-phase listeners are in place before the site's own scripts add theirs.
 */
async function register(settings: Settings): Promise<void> {
  const matches = [...new Set([...SITE_MATCHES, ...settings.userSites.map((s) => originPattern(s.origin))])];
  const script: chrome.scripting.RegisteredContentScript = { id: ID, matches, js: [contentScript], runAt: 'document_start', allFrames: false, persistAcrossSessions: true };
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [ID] });
  if (existing.length) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
}

let queue: Promise<void> = Promise.resolve();

/**
 * Brings the registration up to date with the stored settings. Calls run one at a time and each reads
 * the settings when it runs: at start-up the first registration and a site added in the same moment
 * otherwise race, and the one holding the older site list could land last, leaving the new site
 * without capture until the next change.
 */
export function syncCaptureScript(): Promise<void> {
  const run = queue.then(async () => register(await readSettings()));
  queue = run.catch(() => undefined);
  return run;
}
