import { z } from 'zod';

/**
 * Requests UI pages may have the background forward to the host: read-only dashboard questions, and
 * the privacy switches (reading them, and the user's explicit choice from the popup). Anything else
 * from a page is refused, so a compromised UI cannot drive the host.
 */
export const UI_FORWARDED_TYPES = ['dashboard.events', 'dashboard.summary', 'dashboard.verify', 'dashboard.policy', 'privacy.get', 'privacy.set'] as const;

export const UiRequest = z
  .object({ type: z.literal('ui.request'), request: z.object({ type: z.enum(UI_FORWARDED_TYPES) }).passthrough() })
  .strict();
export type UiRequest = z.infer<typeof UiRequest>;

/** Ask the background to forward `request` and return the host's reply (or `{type:'error'}`). */
export async function askHost(request: { type: (typeof UI_FORWARDED_TYPES)[number] } & Record<string, unknown>): Promise<unknown> {
  return chrome.runtime.sendMessage({ type: 'ui.request', request } satisfies UiRequest);
}
