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

/** How well the user is protected right now; shown by the popup. */
export const ProtectionState = z.object({
  /** The global switch. */
  enabled: z.boolean(),
  /** True while decisions come from this device instead of the host (host down or not deciding). */
  degraded: z.boolean(),
  /** Events captured but not yet in the audit chain. */
  outbox: z.number().int().nonnegative(),
  routing: z.object({ active: z.boolean(), proxyPort: z.number().optional(), hosts: z.array(z.string()).optional(), error: z.string().optional() }),
  /** Why the host last failed to decide, when it is connected but not deciding. */
  hostError: z.string().optional(),
});
export type ProtectionState = z.infer<typeof ProtectionState>;

/** Messages from the background to UI pages over a `vigil-ui` port. */
export const UiMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: HostStatus }),
  z.object({ type: z.literal('protection'), protection: ProtectionState }),
]);
export type UiMessage = z.infer<typeof UiMessage>;

export const UI_PORT_NAME = 'vigil-ui';
