import { z } from 'zod';

/** What the background knows about the host; pushed to the popup and side panel. */
export const HostStatus = z.object({
  connected: z.boolean(),
  /** Set while connected. */
  hostVersion: z.string().optional(),
  daemonPid: z.number().int().optional(),
  daemonStartedAt: z.string().optional(),
  /** Why the last connection ended or failed, in the browser's words. */
  lastError: z.string().optional(),
  /** When the next reconnect attempt is due, while disconnected. */
  retryAt: z.number().optional(),
  changedAt: z.number(),
});
export type HostStatus = z.infer<typeof HostStatus>;

/** Messages from the background to UI pages over a `vigil-ui` port. */
export const UiMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('status'), status: HostStatus })]);
export type UiMessage = z.infer<typeof UiMessage>;

export const UI_PORT_NAME = 'vigil-ui';
