import { z } from 'zod';
import { PROTOCOL_VERSION } from '../version.ts';

/** Fields every request carries: a caller-chosen id echoed in the reply, and the optional protocol version. */
export const MessageId = z.union([z.number().int(), z.string().max(128)]);
export const Base = { id: MessageId, v: z.literal(PROTOCOL_VERSION).optional() };
