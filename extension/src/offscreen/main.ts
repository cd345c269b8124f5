import { OffscreenRequest } from '../common/offscreen-messages.ts';
import { GIBBERISH_WEIGHT } from '@vigil/shared/detectors/index';
import { injectionScore } from './bayes.ts';
import { gibberishScore } from './charlm.ts';
import { offlineDecision } from './offline-verdict.ts';

/**
 * The offscreen document: the background creates it while the host is unreachable and asks it to
 * check captured events on this device. Only the background talks to it (same extension, no tab).
 */
chrome.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
  const request = OffscreenRequest.safeParse(raw);
  if (!request.success || sender.id !== chrome.runtime.id || sender.tab) return false;
  offlineDecision(request.data.interaction, injectionScore, { score: gibberishScore, weight: GIBBERISH_WEIGHT }).then(sendResponse, (err: Error) => sendResponse({ error: err.message }));
  return true;
});
