import { z } from 'zod';

/**
 * Requests UI pages may have the background forward to the host: read-only dashboard questions.
 * Anything else from a page is refused, so a compromised UI cannot drive the host.
 */
export const UI_FORWARDED_TYPES = ['dashboard.events', 'dashboard.summary', 'dashboard.verify', 'dashboard.policy'] as const;

export const UiRequest = z
  .object({ type: z.literal('ui.request'), request: z.object({ type: z.enum(UI_FORWARDED_TYPES) }).passthrough() })
  .strict();
export type UiRequest = z.infer<typeof UiRequest>;

/** Ask the background to forward `request` and return the host's reply (or `{type:'error'}`). */
export async function askHost(request: { type: (typeof UI_FORWARDED_TYPES)[number] } & Record<string, unknown>): Promise<unknown> {
  return chrome.runtime.sendMessage({ type: 'ui.request', request } satisfies UiRequest);
}
