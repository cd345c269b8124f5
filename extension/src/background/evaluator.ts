import { DecisionReply, type InteractionEvaluateRequest } from '@vigil/shared';
import type { CaptureReply, CaptureRequest } from '../common/capture-messages.ts';
import type { HostConnection } from './host-connection.ts';
import type { Outbox } from './outbox.ts';

/** A local decision, made on this device while the host is unreachable. */
export type LocalDecision = Pick<CaptureReply, 'decision' | 'verdict'>;

/** The host audits before it answers; allow it a few seconds, then decide on-device. */
const HOST_DECISION_TIMEOUT_MS = 3000;

type Waiter = { resolve(reply: DecisionReply): void; reject(err: Error): void };

/**
 * Turns captured events into decisions. Every event goes into the outbox first; the outbox is then
 * flushed to the host strictly in insertion order, one request at a time, so the audit chain sees
 * events in the order they happened. When the host cannot answer, the event is decided on-device
 * (offscreen model + rules), stays in the outbox marked offline, and reaches the chain on a later flush.
 */
export class Evaluator {
  private pumping: Promise<void> | null = null;
  private again = false;
  private readonly waiters = new Map<number, Waiter>();

  constructor(
    private readonly host: HostConnection,
    private readonly outbox: Outbox,
    private readonly decideLocally: (interaction: InteractionEvaluateRequest['interaction']) => Promise<LocalDecision>,
    private readonly onFlushed: () => void = () => {},
  ) {}

  async evaluate(req: CaptureRequest): Promise<CaptureReply> {
    const eventId = crypto.randomUUID();
    const now = new Date().toISOString();
    const interaction: InteractionEvaluateRequest['interaction'] = {
      id: eventId,
      ts: now,
      source: 'extension',
      provider: req.site,
      endpoint: req.url,
      messages: req.text ? [{ role: 'user', text: req.text }] : [],
      tools: [],
      attachments: req.attachments,
      streamed: false,
    };
    const key = await this.outbox.add({ interaction, capture: { kind: req.kind, site: req.site, url: req.url, eventId, createdAt: now } });
    if (this.host.status.connected) {
      try {
        const reply = await this.waitFor(key);
        return { eventId, decision: reply.decision, verdict: reply.verdict, ...(reply.redacted ? { redacted: reply.redacted } : {}), decidedBy: 'host' };
      } catch {
        // Fall through to the on-device decision; the event stays queued.
      }
    }
    await this.outbox.markOffline(key);
    const local = await this.decideLocally(interaction);
    return { eventId, ...local, decidedBy: 'device' };
  }

  /** Sends queued events to the host in order; safe to call any time (one flush runs at once). */
  flush(): Promise<void> {
    if (this.pumping) {
      // The running pass may already have seen an empty outbox: make sure another pass follows it.
      this.again = true;
      return this.pumping;
    }
    const pass = async (): Promise<void> => {
      do {
        this.again = false;
        await this.pump();
      } while (this.again);
    };
    this.pumping = pass().finally(() => {
      this.pumping = null;
      this.onFlushed();
    });
    return this.pumping;
  }

  private waitFor(key: number): Promise<DecisionReply> {
    const done = new Promise<DecisionReply>((resolve, reject) => this.waiters.set(key, { resolve, reject }));
    void this.flush().catch(() => {});
    return done;
  }

  private async pump(): Promise<void> {
    try {
      for (let entry = await this.outbox.first(); entry?.key !== undefined; entry = await this.outbox.first()) {
        const key = entry.key;
        const reply = await this.host.request({ type: 'interaction.evaluate', interaction: entry.interaction, capture: entry.capture }, HOST_DECISION_TIMEOUT_MS);
        if (reply.type === 'error') {
          // A request the host can never accept would block the queue forever; drop it loudly.
          if (reply.code === 'INVALID_MESSAGE') {
            console.warn('vigil: the host refused an outbox event as invalid; dropping it', reply.message);
            await this.outbox.remove(key);
            this.waiters.get(key)?.reject(new Error(reply.message));
            this.waiters.delete(key);
            continue;
          }
          throw new Error(`${reply.code}: ${reply.message}`);
        }
        const decision = DecisionReply.safeParse(reply);
        if (!decision.success) throw new Error(`unexpected reply "${reply.type}" to interaction.evaluate`);
        // Answer the page first: the record is durable in the chain already, and if the worker dies
        // before the removal the host recognises the replayed eventId.
        this.waiters.get(key)?.resolve(decision.data);
        this.waiters.delete(key);
        await this.outbox.remove(key);
      }
    } catch (err) {
      for (const waiter of this.waiters.values()) waiter.reject(err as Error);
      this.waiters.clear();
      throw err;
    }
  }
}
