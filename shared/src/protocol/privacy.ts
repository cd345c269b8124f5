import { z } from 'zod';
import { Base, MessageId } from './base.ts';

/** The three opt-in channels (PRIVACY.md). Each is off until the user turns it on. */
export const PrivacyChannel = z.enum(['crash', 'telemetry', 'update']);
export type PrivacyChannel = z.infer<typeof PrivacyChannel>;

const ChannelChange = z.object({ enabled: z.boolean().optional(), endpoint: z.url().max(2048).nullable().optional() }).strict();

export const PrivacyGetRequest = z.object({ ...Base, type: z.literal('privacy.get') }).strict();

/**
 * A user's explicit choice from the popup or the CLI. `accept: true` records acceptance of the
 * PRIVACY.md version the host ships; a channel cannot be turned on without it.
 */
export const PrivacySetRequest = z
  .object({
    ...Base,
    type: z.literal('privacy.set'),
    accept: z.boolean().optional(),
    channels: z.object({ crash: ChannelChange.optional(), telemetry: ChannelChange.optional(), update: ChannelChange.optional() }).strict().optional(),
  })
  .strict();

/** Asks for the exact bytes each enabled channel would send next. */
export const PrivacyPreviewRequest = z.object({ ...Base, type: z.literal('privacy.preview') }).strict();

const ChannelView = z.object({
  enabled: z.boolean(),
  endpoint: z.string().nullable(),
  /** on = sending; off; needs-acceptance = on but PRIVACY.md changed since the user accepted; no-endpoint. */
  state: z.enum(['on', 'off', 'needs-acceptance', 'no-endpoint']),
});

export const PrivacyReply = z.object({
  id: MessageId,
  type: z.literal('privacy'),
  version: z.number().int(),
  acceptedVersion: z.number().int().nullable(),
  channels: z.object({ crash: ChannelView, telemetry: ChannelView, update: ChannelView }),
  latestVersion: z.string().nullable(),
});
export type PrivacyReply = z.infer<typeof PrivacyReply>;

export const PrivacyPreviewReply = z.object({
  id: MessageId,
  type: z.literal('privacy.preview'),
  requests: z.array(z.object({ channel: PrivacyChannel, url: z.string(), bytes: z.string() })),
});
export type PrivacyPreviewReply = z.infer<typeof PrivacyPreviewReply>;
