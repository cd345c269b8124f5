import type { InteractionEvaluateRequest } from '@vigil/shared';
import { OffscreenReply, type OffscreenRequest } from '../common/offscreen-messages.ts';
import type { LocalDecision } from './evaluator.ts';

const OFFSCREEN_PATH = 'extension/src/offscreen/index.html';
let creating: Promise<void> | null = null;

/**
 * Opens the offscreen document that runs the on-device model. The service worker cannot: MV3 workers
 * may not use dynamic import() (onnxruntime-web needs it) and should stay small.
 */
async function ensureDocument(): Promise<void> {
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
  if (existing.length) return;
  creating ??= chrome.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: [chrome.offscreen.Reason.WORKERS], justification: 'Checks captured prompts on this device while the Vigil host is unreachable.' })
    .finally(() => (creating = null));
  await creating;
}

export async function decideOffscreen(interaction: InteractionEvaluateRequest['interaction']): Promise<LocalDecision> {
  await ensureDocument();
  const request: OffscreenRequest = { target: 'offscreen', type: 'decide', interaction };
  const reply = OffscreenReply.parse(await chrome.runtime.sendMessage(request));
  if ('error' in reply) throw new Error(reply.error);
  return reply;
}

/** Closes the document once the host is back: it holds the model in memory for nothing. */
export async function closeOffscreen(): Promise<void> {
  try {
    await chrome.offscreen.closeDocument();
  } catch {
    // none open
  }
}

/**
 * Loads the on-device model as soon as the host goes away, so the first offline warning does not
 * wait for the ~14 MB runtime to compile.
 */
export async function warmOffscreen(): Promise<void> {
  const interaction = { id: 'warm-up', ts: new Date().toISOString(), source: 'extension' as const, provider: 'vigil', endpoint: 'about:blank', messages: [{ role: 'user' as const, text: 'warm up' }], tools: [], attachments: [], streamed: false };
  await decideOffscreen(interaction);
}
