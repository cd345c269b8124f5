import { z } from 'zod';
import { DecisionSchema, InteractionSchema, VerdictSchema } from '@vigil/shared';

/** Background → offscreen document: decide about one interaction on this device. */
export const OffscreenRequest = z.object({ target: z.literal('offscreen'), type: z.literal('decide'), interaction: InteractionSchema }).strict();
export type OffscreenRequest = z.infer<typeof OffscreenRequest>;

export const OffscreenReply = z.union([z.object({ verdict: VerdictSchema, decision: DecisionSchema }), z.object({ error: z.string() })]);
export type OffscreenReply = z.infer<typeof OffscreenReply>;
