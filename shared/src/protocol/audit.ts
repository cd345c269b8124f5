import { z } from 'zod';
import { Base, MessageId } from './base.ts';

/**
 * Requests that change the audit chain's signing state, answered by the daemon (the chain's one
 * writer). `vigil audit rotate-key` sends this when a daemon runs, so the daemon's writer switches
 * keys itself instead of finding a rotation by another process and refusing to append until restart.
 */
export const AuditRotateKeyRequest = z
  .object({
    ...Base,
    type: z.literal('audit.rotateKey'),
    /** Why, recorded in the signed key-rotation record. */
    reason: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AuditRotateKeyRequest = z.infer<typeof AuditRotateKeyRequest>;

export const AuditRotateKeyReply = z.object({
  id: MessageId,
  type: z.literal('audit.rotateKey'),
  /** seq of the key-rotation record (signed by the old key) that introduces the new key. */
  seq: z.number().int().positive(),
  /** Id of the new key: hex of the first 8 bytes of SHA-256(raw public key). */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type AuditRotateKeyReply = z.infer<typeof AuditRotateKeyReply>;
