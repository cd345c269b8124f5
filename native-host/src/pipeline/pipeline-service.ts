import type { DecisionReply, Interaction, InteractionEvaluateRequest } from '@vigil/shared';
import { ErrorCodes, VigilError, isVigilError } from '@vigil/shared';
import type { AuditSink, DaemonService, HandlerReply, ServiceContext } from '../daemon/service.ts';
import { withholdSecrets } from '../audit/withhold-secrets.ts';
import type { Logger } from '../log/logger.ts';
import type { Action } from './decompose/action.ts';
import { decomposeRequest, decomposeResponse } from './decompose/decompose.ts';
import { locateInBody } from './decompose/locate.ts';
import { createDetectionWorker, type DetectionWorker } from './detectors/detection-worker.ts';
import { evaluateActions, type Evaluation } from './evaluate.ts';
import { policyDir } from './policy/policy-files.ts';
import { PolicyStore, type ReloadEvent } from './policy/policy-store.ts';
import { redactJsonBody, redactMessages } from './redact.ts';
import { recentReplies, type StoredReply } from './seen-events.ts';
import { rulesOnlyDetector, type Detector } from './verdict.ts';

export interface ModelOutput {
  text: string;
  toolCalls: { name: string; arguments: string }[];
}

/** A decision as the proxy enforces it. */
export interface ExchangeDecision {
  evaluation: Evaluation | null;
  decision: Evaluation['decision'];
  /** For redact: the request body to forward instead. */
  body?: string;
  auditSeq: number | null;
  timedOut: boolean;
}

/** What the proxy calls; the pipeline service is the implementation, tests may pass another detector. */
export interface InteractionEvaluator {
  evaluateRequest(interaction: Interaction, body: unknown): Promise<ExchangeDecision>;
  /** `final` false: a mid-stream check, recorded only when it blocks (the final one records the whole output). */
  evaluateResponse(interaction: Interaction, request: Evaluation | null, output: ModelOutput, opts: { final: boolean }): Promise<ExchangeDecision>;
}

/** How many recent capture eventIds are remembered for idempotent replays of the extension's outbox. */
const SEEN_EVENTS = 10_000;
/** CUSUM's parameters (models/cusum.json) were chosen for one-minute intervals. */
const TRAFFIC_INTERVAL_MS = 60_000;

/**
 * The daemon's decision-maker: owns the detection worker and the running policy set, decides about
 * interactions from the proxy (evaluateRequest / evaluateResponse) and the extension
 * (`interaction.evaluate`), and writes every decision to the audit chain before it is acted on.
 */
export class PipelineService implements DaemonService, InteractionEvaluator {
  readonly name = 'pipeline';
  private worker: DetectionWorker | null = null;
  private detector: Detector | null = null;
  private detectorReady: Promise<unknown> = Promise.resolve();
  private policiesReady: Promise<void> = Promise.resolve();
  private stopping = false;
  private store: PolicyStore | null = null;
  private audit: AuditSink | null = null;
  private log: Logger | null = null;
  private readonly seen = new Map<string, Promise<StoredReply>>();
  /** Requests and bytes per destination in the current interval, and each destination's latest CUSUM score. */
  private readonly traffic = new Map<string, { requests: number; bytes: number }>();
  private readonly cusum = new Map<string, number>();
  private trafficTimer: NodeJS.Timeout | null = null;

  /** `detector` replaces the worker (the CLI and tests run the same functions in-process). */
  constructor(private readonly opts: { detector?: Detector; policyDir?: string; modelDir?: string; trafficIntervalMs?: number } = {}) {}

  readonly handlers = {
    'interaction.evaluate': (req: InteractionEvaluateRequest): Promise<HandlerReply> => this.onEvaluate(req),
  };

  async start(ctx: ServiceContext): Promise<void> {
    this.audit = ctx.audit;
    this.log = ctx.log;
    // Answers given before a restart: the extension's outbox may replay those events now.
    if (ctx.audit) {
      try {
        for (const [eventId, reply] of recentReplies(ctx.options.dataDir)) this.seen.set(eventId, Promise.resolve(reply));
      } catch (err) {
        ctx.log.warn('could not read recent decisions back from the audit chain', { err: (err as Error).message });
      }
    }
    if (this.opts.detector) this.detector = this.opts.detector;
    else {
      const worker = createDetectionWorker(this.opts.modelDir);
      this.worker = worker;
      this.detector = worker;
      ctx.metrics.modelStatus('warming');
      this.detectorReady = worker.ready.then(
        (r) => {
          ctx.metrics.modelStatus('warm');
          ctx.log.info('detection worker ready', r);
        },
        (err: Error) => {
          ctx.metrics.modelStatus('failed');
          ctx.log.error('detection worker failed to start; decisions will time out', { err: err.message });
        },
      );
    }
    const store = new PolicyStore(this.opts.policyDir ?? policyDir(ctx.options.dataDir), (event) => this.onReload(event));
    this.store = store;
    // Compiling the pack keeps Cedar busy on this thread for 0.4-0.8 s cold, so it runs once the
    // worker has loaded its models (off-thread, during the rest of start-up): the daemon answers
    // ping meanwhile, and decisions, which need both, wait for both (withBudget).
    this.policiesReady = this.detectorReady.then(async () => {
      if (this.stopping) return;
      await store.load();
      if (!this.stopping) store.watch();
    });
    this.policiesReady.catch((err: Error) => ctx.log.error('policies failed to load', { err: err.message }));
    this.trafficTimer = setInterval(() => void this.closeTrafficInterval(), this.opts.trafficIntervalMs ?? TRAFFIC_INTERVAL_MS);
    this.trafficTimer.unref();
  }

  async stop(): Promise<void> {
    // Not waiting for a first load still in progress: it sees the flag and does not start watching.
    this.stopping = true;
    if (this.trafficTimer) clearInterval(this.trafficTimer);
    this.store?.close();
    await this.worker?.close();
    this.worker = null;
  }

  status(): Record<string, unknown> {
    const p = this.store?.loaded;
    return p ? { policyHash: p.set.hash, policyDir: p.dir } : {};
  }

  /** Resolves once the policy folder has been compiled the first time (tests, the bench). */
  ready(): Promise<void> {
    return this.policiesReady;
  }

  /** The running policy store (for `dashboard.policy` and tests). */
  get policies(): PolicyStore {
    if (!this.store) throw new VigilError(ErrorCodes.SERVICE_UNAVAILABLE, 'pipeline not started');
    return this.store;
  }

  private onReload(event: ReloadEvent): void {
    if (event.ok) this.log?.info('policy set loaded', { hash: event.hash, policies: event.policyIds.length });
    else this.log?.error('policy set rejected; the previous one keeps running', { problems: event.message });
    this.audit?.append(event.ok ? 'policy.loaded' : 'policy.rejected', event).catch((err: Error) => this.log?.error('audit append failed', { err: err.message }));
  }

  /**
   * Runs `work` under the request budget. The budget starts once detection is running: a request
   * that arrives while the models load waits for them rather than being decided without them. On a
   * timeout, fail-closed gives no evaluation (the caller blocks); fail-open decides again on the
   * deterministic rules alone, so what is let through is never a credential the rules can see.
   */
  private async withBudget(work: (detector: Detector) => Promise<Evaluation>): Promise<{ evaluation: Evaluation | null; timedOut: boolean; ms: number }> {
    await this.detectorReady;
    await this.policiesReady;
    const { budgetMs, onTimeout } = this.policies.current.settings;
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
    const evaluation = await Promise.race([work(this.detect()), timeout]).finally(() => clearTimeout(timer));
    if (evaluation !== null || onTimeout === 'closed') return { evaluation, timedOut: evaluation === null, ms: performance.now() - t0 };
    const rules = await work(rulesOnlyDetector);
    const reason = `evaluation took longer than ${budgetMs} ms; the policy fails open, so this was decided on the deterministic rules only`;
    rules.decision = { effect: rules.decision.effect, policyIds: [...rules.decision.policyIds, 'settings.on-timeout'], reasons: [...rules.decision.reasons, reason] };
    return { evaluation: rules, timedOut: true, ms: performance.now() - t0 };
  }

  /** Counts one request towards its destination's current interval. */
  private countTraffic(destination: string, bytes: number): number | undefined {
    const t = this.traffic.get(destination) ?? { requests: 0, bytes: 0 };
    t.requests++;
    t.bytes += bytes;
    this.traffic.set(destination, t);
    return this.cusum.get(destination);
  }

  /** Closes the interval (the timer calls this; tests too): every destination seen so far gets a point, quiet ones a zero. */
  async closeTrafficInterval(): Promise<void> {
    const detector = this.detector;
    if (!detector?.observeTraffic) return;
    for (const [destination, t] of this.traffic) {
      try {
        this.cusum.set(destination, await detector.observeTraffic(destination, t.requests, t.bytes));
      } catch (err) {
        this.log?.warn('traffic observation failed', { destination, err: (err as Error).message });
      }
      this.traffic.set(destination, { requests: 0, bytes: 0 });
    }
  }

  /** Fail-closed on a timeout (fail-open is handled in withBudget by a rules-only evaluation). */
  private timeoutDecision(): Evaluation['decision'] {
    const { budgetMs } = this.policies.current.settings;
    return { effect: 'block', policyIds: ['settings.on-timeout'], reasons: [`evaluation took longer than ${budgetMs} ms and the policy fails closed`] };
  }

  private detect(): Detector {
    if (!this.detector) throw new VigilError(ErrorCodes.SERVICE_UNAVAILABLE, 'pipeline not started');
    return this.detector;
  }

  async evaluateRequest(interaction: Interaction, body: unknown): Promise<ExchangeDecision> {
    const actions = decomposeRequest(interaction);
    locateInBody(actions, body);
    const cusum = this.countTraffic(interaction.provider, actions.reduce((n, a) => n + a.text.length, 0));
    const { evaluation, timedOut, ms } = await this.withBudget((detector) => evaluateActions(interaction, actions, { detector, policies: this.policies.current.set, ...(cusum !== undefined ? { cusum } : {}) }));
    let decision = evaluation?.decision ?? this.timeoutDecision();
    let redactedBody: string | undefined;
    if (evaluation && decision.effect === 'redact') {
      const out = redactJsonBody(body, actions, evaluation.redactions);
      if (out === null) decision = { effect: 'block', policyIds: decision.policyIds, reasons: [...decision.reasons, 'the content to redact could not be located in the request, so it cannot be sent redacted'] };
      else redactedBody = out;
    }
    const auditSeq = await this.record('request', interaction, evaluation, decision, { timedOut, ms });
    return { evaluation, decision, ...(redactedBody !== undefined ? { body: redactedBody } : {}), auditSeq, timedOut };
  }

  /** Decides about what the model sent back, in the context of the request's run (for tool calls after injected content). */
  async evaluateResponse(interaction: Interaction, request: Evaluation | null, output: ModelOutput, opts: { final: boolean }): Promise<ExchangeDecision> {
    const prior: Action[] = request?.actions ?? decomposeRequest(interaction);
    const actions = [...prior, ...decomposeResponse(output)];
    const work = (detector: Detector) => evaluateActions(interaction, actions, { detector, policies: this.policies.current.set }, request ? { scans: request.scans, firstNew: prior.length } : { scans: [], firstNew: 0 });
    const { evaluation, timedOut, ms } = await this.withBudget(work);
    // Response checks hold back the end of a stream, never its start: on timeout the output is let through.
    const decision = evaluation?.decision ?? { effect: 'allow' as const, policyIds: ['settings.on-timeout'], reasons: ['response evaluation timed out'] };
    const auditSeq = opts.final || decision.effect === 'block' ? await this.record('response', interaction, evaluation, decision, { timedOut, ms }) : null;
    return { evaluation, decision, auditSeq, timedOut };
  }

  /** Writes the decision with its explanation; resolves once the record is durable. */
  private async record(phase: 'request' | 'response', interaction: Interaction, evaluation: Evaluation | null, decision: Evaluation['decision'], extra: { timedOut: boolean; ms: number; capture?: InteractionEvaluateRequest['capture']; redacted?: DecisionReply['redacted'] }): Promise<number | null> {
    if (!this.audit) return null;
    const body = {
      phase,
      source: interaction.source,
      site: interaction.provider,
      interactionId: interaction.id,
      // The proxy records the exchange's content itself (proxy.exchange); the extension's is recorded here.
      interaction: interaction.source === 'extension' ? withholdSecrets(interaction) : { provider: interaction.provider, endpoint: interaction.endpoint },
      // Absent rather than null when not known: readers (the dashboard) treat the fields as optional.
      ...(extra.capture ? { capture: extra.capture } : {}),
      decision,
      ...(evaluation ? { verdict: evaluation.verdict } : {}),
      actions: evaluation?.perAction ?? [],
      redactions: evaluation?.redactions.map((r) => ({ action: r.action, type: r.type })) ?? [],
      // What the extension was told to put in the composer: kept so a replayed event gets the same answer.
      ...(extra.redacted ? { redacted: extra.redacted } : {}),
      policyHash: this.store?.current.set.hash ?? null,
      policyErrors: evaluation?.policyErrors ?? [],
      timedOut: extra.timedOut,
      ms: Math.round(extra.ms * 100) / 100,
    };
    return this.audit.append('interaction.decision', body);
  }

  private async onEvaluate(req: InteractionEvaluateRequest): Promise<HandlerReply> {
    const eventId = req.capture?.eventId;
    let pending = eventId ? this.seen.get(eventId) : undefined;
    if (!pending) {
      pending = this.decideExtension(req);
      if (eventId) {
        this.seen.set(eventId, pending);
        if (this.seen.size > SEEN_EVENTS) this.seen.delete(this.seen.keys().next().value as string);
        // A failed evaluation is not an answer: let a replay try again.
        pending.catch(() => this.seen.delete(eventId));
      }
    }
    try {
      const reply: DecisionReply = { id: req.id, ...(await pending) };
      return reply;
    } catch (err) {
      // Expected failures keep their stable code; anything else is the session's INTERNAL.
      if (!isVigilError(err)) throw err;
      return { id: req.id, type: 'error', code: err.code, message: err.message } as HandlerReply;
    }
  }

  private async decideExtension(req: InteractionEvaluateRequest): Promise<StoredReply> {
    const interaction = req.interaction;
    const captureKind = req.capture?.kind;
    const actions = decomposeRequest(interaction, captureKind);
    const cusum = this.countTraffic(interaction.provider, actions.reduce((n, a) => n + a.text.length, 0));
    const { evaluation, timedOut, ms } = await this.withBudget((detector) => evaluateActions(interaction, actions, { detector, policies: this.policies.current.set, ...(cusum !== undefined ? { cusum } : {}) }));
    const decision = evaluation?.decision ?? this.timeoutDecision();
    const redacted = evaluation && decision.effect === 'redact' ? redactMessages(actions, evaluation.redactions) : undefined;
    const auditSeq = await this.record('request', interaction, evaluation, decision, { timedOut, ms, capture: req.capture, ...(redacted ? { redacted } : {}) });
    if (auditSeq === null) throw new VigilError(ErrorCodes.SERVICE_UNAVAILABLE, 'the audit chain is not open: decisions are not given without a record');
    const verdict = evaluation?.verdict ?? { risk: 0, findings: [], scores: {}, explanations: ['evaluation timed out'] };
    return { type: 'decision', decision, verdict, ...(redacted ? { redacted } : {}), auditSeq };
  }
}
