import { z } from 'zod';
import { AttachmentSchema, CaptureSchema, DecisionSchema, VerdictSchema } from '@vigil/shared';

/**
 * Messages between content scripts and the background. Content scripts run inside pages we do not
 * control, so the background validates everything it receives from them with these schemas.
 */
export const CaptureRequest = z
  .object({
    type: z.literal('capture'),
    kind: CaptureSchema.shape.kind,
    site: z.string().max(128),
    url: z.string().max(2048),
    /** The composer's text (submit) or the text that arrived (paste, drop). */
    text: z.string().max(4 * 1024 * 1024),
    attachments: z.array(AttachmentSchema).max(64),
  })
  .strict();
export type CaptureRequest = z.infer<typeof CaptureRequest>;

/** A capture script started in a tab: `site` is the settings key (built-in id or origin), `adapter` the composer adapter. */
export const HelloRequest = z.object({ type: z.literal('hello'), site: z.string().max(128), origin: z.string().max(2048), adapter: z.string().max(64) }).strict();
export type HelloRequest = z.infer<typeof HelloRequest>;

export const ContentRequest = z.discriminatedUnion('type', [CaptureRequest, HelloRequest]);
export type ContentRequest = z.infer<typeof ContentRequest>;

/** Who decided: the host (policy + full ensemble, audited) or this device while the host was unreachable. */
export const DecidedBy = z.enum(['host', 'device']);
export type DecidedBy = z.infer<typeof DecidedBy>;

export const CaptureReply = z.object({
  eventId: z.string(),
  decision: DecisionSchema,
  verdict: VerdictSchema,
  redacted: z.array(z.object({ messageIndex: z.number().int(), text: z.string() })).optional(),
  decidedBy: DecidedBy,
});
export type CaptureReply = z.infer<typeof CaptureReply>;

export const HelloReply = z.object({ enabled: z.boolean() });
export type HelloReply = z.infer<typeof HelloReply>;
