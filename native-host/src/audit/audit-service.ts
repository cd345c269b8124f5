import { ErrorCodes, isVigilError } from '@vigil/shared';
import type { AuditSink, DaemonService, HandlerReply, RequestHandlers, ServiceContext } from '../daemon/service.ts';

/** What this service needs from the daemon's audit sink: the writer's own key rotation (AuditStore has it). */
interface KeyRotator {
  rotateKey(reason: string): Promise<{ seq: number; keyId: string }>;
}

const canRotate = (sink: AuditSink | null): sink is AuditSink & KeyRotator => typeof (sink as Partial<KeyRotator> | null)?.rotateKey === 'function';

export const DEFAULT_ROTATION_REASON = 'rotated by the user (vigil audit rotate-key)';

/**
 * The audit chain's write-side requests, answered by the daemon's writer. A key rotation must happen
 * in the process that appends: a rotation written by another process leaves the daemon holding the
 * old key, and the writer then refuses to append (AUDIT_KEY_MISSING) until it is restarted.
 */
export class AuditService implements DaemonService {
  readonly name = 'audit';
  private store: KeyRotator | null = null;

  async start(ctx: ServiceContext): Promise<void> {
    this.store = canRotate(ctx.audit) ? ctx.audit : null;
  }

  async stop(): Promise<void> {
    this.store = null;
  }

  readonly handlers: RequestHandlers = {
    'audit.rotateKey': async (req) => {
      if (!this.store) return { id: req.id, type: 'error', code: ErrorCodes.SERVICE_UNAVAILABLE, message: 'this daemon has no audit store open' } as HandlerReply;
      try {
        const r = await this.store.rotateKey(req.reason ?? DEFAULT_ROTATION_REASON);
        return { id: req.id, type: 'audit.rotateKey', seq: r.seq, keyId: r.keyId } as HandlerReply;
      } catch (err) {
        if (!isVigilError(err)) throw err;
        return { id: req.id, type: 'error', code: err.code, message: err.message } as HandlerReply;
      }
    },
  };
}
