import { CaptureReply, type CaptureRequest, type HelloRequest } from '../common/capture-messages.ts';
import { onSettingsChanged, readSettings, siteEnabled } from '../common/settings.ts';
import { Capture } from './capture.ts';
import { adapterById, adapterForHost } from './sites/index.ts';

/**
 * Content script entry, injected at document_start into the built-in AI sites and the sites the user
 * added. Picks the site's adapter, then captures while protection is on for this site.
 */
async function main(): Promise<void> {
  const settings = await readSettings();
  const builtin = adapterForHost(location.hostname);
  const userSite = settings.userSites.find((s) => s.origin === location.origin);
  const adapter = builtin ?? (userSite ? adapterById(userSite.adapter) : undefined);
  if (!adapter) return;
  // Built-in sites are switched off by id, user-added ones by origin.
  const siteKey = builtin ? builtin.id : location.origin;
  const ask = async (request: CaptureRequest): Promise<CaptureReply> => CaptureReply.parse(await chrome.runtime.sendMessage(request));
  const capture = new Capture(adapter, builtin ? builtin.id : location.host, ask);
  capture.setEnabled(siteEnabled(settings, siteKey));
  capture.start();
  onSettingsChanged((next) => capture.setEnabled(siteEnabled(next, siteKey)));
  // The background learns that this tab is captured by message, not by a mark in the page: anything
  // in the DOM would tell every site, the AI providers included, that the user runs Vigil.
  // Capture runs whether or not the background hears this (it may be restarting).
  chrome.runtime.sendMessage({ type: 'hello', site: siteKey, origin: location.origin, adapter: adapter.id } satisfies HelloRequest).catch(() => {});
}

void main();
