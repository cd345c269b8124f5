import type { Interaction } from '@vigil/shared';
import type { Logger } from '../../log/logger.ts';
import type { Evaluation } from '../../pipeline/evaluate.ts';
import type { ExchangeDecision, InteractionEvaluator } from '../../pipeline/pipeline-service.ts';
import type { Answer, Flow, ProxyAddon } from '../flow.ts';
import type { ToolCallOut } from '../providers/adapter.ts';

interface FlowState {
  request: Evaluation | null;
  /** How much of the streamed output has been decided: tool calls and characters of text. */
  checkedCalls: number;
  checkedText: number;
  held: boolean;
}

/** Text worth a mid-stream decision: a link, a key block, or a long unbroken token. Everything else waits for the end. */
const SUSPICIOUS = /https?:\/\/|-----BEGIN|[A-Za-z0-9_+/=-]{24,}/;

/**
 * Carries out the pipeline's decisions on proxied traffic. Requests: block (403 in the provider's
 * error shape), redact (the rewritten body is forwarded; content-length follows), warn and allow
 * (forwarded, recorded). Responses: an agent's non-streamed reply is held until its tool calls are
 * decided; a stream is held only at the chunk that completes a tool call or a suspicious line, and
 * cut with the provider's stream error when the decision is block.
 */
export function enforceAddon(evaluator: InteractionEvaluator, log: Logger): ProxyAddon {
  const state = new WeakMap<Flow, FlowState>();

  const note = (flow: Flow, phase: 'request' | 'response', d: ExchangeDecision) => {
    flow.decisions.push({ phase, effect: d.decision.effect, policyIds: d.decision.policyIds, reasons: d.decision.reasons, auditSeq: d.auditSeq });
  };

  const respond = async (flow: Flow, st: FlowState, output: { text: string; toolCalls: ToolCallOut[] }, final: boolean): Promise<ExchangeDecision | null> => {
    if (!flow.interaction) return null;
    try {
      const d = await evaluator.evaluateResponse(flow.interaction, st.request, output, { final });
      if (final || d.decision.effect === 'block') note(flow, 'response', d);
      return d;
    } catch (err) {
      log.error('response evaluation failed', { flow: flow.id, err: (err as Error).message });
      return null;
    }
  };

  return {
    name: 'enforce',

    async request(flow): Promise<Answer | void> {
      if (!flow.adapter || !flow.requestBody) return;
      const subject = requestSubject(flow);
      let d: ExchangeDecision;
      try {
        d = await evaluator.evaluateRequest(subject.interaction, subject.body);
      } catch (err) {
        // Not a timeout (those are decided by the policy setting) but a broken pipeline: fail closed.
        log.error('request evaluation failed', { flow: flow.id, err: (err as Error).message });
        return blockAnswer(flow, ['Vigil could not evaluate this request'], ['pipeline.error']);
      }
      note(flow, 'request', d);
      state.set(flow, { request: d.evaluation, checkedCalls: 0, checkedText: 0, held: false });
      if (d.decision.effect === 'block') return blockAnswer(flow, d.decision.reasons, d.decision.policyIds);
      if (d.decision.effect === 'redact' && d.body !== undefined) {
        flow.requestBody = Buffer.from(d.body, 'utf8');
        // The exchange is recorded as it was sent: the audit keeps the placeholder, not the number.
        if (flow.interaction && flow.adapter) flow.interaction = { ...flow.interaction, ...flow.adapter.parseRequest(JSON.parse(d.body), flow.path) };
      }
    },

    responseHeaders(flow) {
      const st = state.get(flow);
      // An agent acts on a tool call as soon as it has the whole reply: hold non-streamed replies to agents.
      if (st && (flow.status ?? 0) < 400 && (flow.interaction?.tools.length ?? 0) > 0) {
        flow.holdResponse = true;
        st.held = !String(flow.responseHeaders?.['content-type'] ?? '').includes('text/event-stream');
      }
    },

    async responseBody(flow): Promise<Answer | void> {
      const st = state.get(flow);
      if (!st) return;
      const d = await respond(flow, st, flow.output, true);
      if (d?.decision.effect === 'block') return blockAnswer(flow, d.decision.reasons, d.decision.policyIds);
    },

    responseChunk(flow): Promise<'cut' | void> | void {
      const st = state.get(flow);
      if (!st || st.held || flow.cut || (flow.status ?? 0) >= 400) return;
      const calls = completedCalls(flow.output.toolCalls);
      const lineEnd = flow.output.text.lastIndexOf('\n') + 1;
      const newText = flow.output.text.slice(st.checkedText, lineEnd);
      const worth = calls.length > st.checkedCalls || (newText.length > 0 && SUSPICIOUS.test(newText));
      if (!worth) return;
      st.checkedCalls = calls.length;
      st.checkedText = Math.max(st.checkedText, lineEnd);
      return respond(flow, st, { text: flow.output.text.slice(0, lineEnd), toolCalls: calls }, false).then((d) => {
        if (d?.decision.effect !== 'block') return;
        flow.cut = { reason: blockReason(d.decision.reasons, d.decision.policyIds) };
        return 'cut';
      });
    },

    responseEnd(flow) {
      const st = state.get(flow);
      // Held replies were decided whole; cut and answered ones already have their decision.
      if (!st || st.held || flow.cut || flow.answered || (flow.status ?? 0) >= 400) return;
      void respond(flow, st, flow.output, true);
    },
  };
}

/** The parsed request, or (a body no adapter could read) its raw text as one prompt, so a key in it is still caught. */
function requestSubject(flow: Flow): { interaction: Interaction; body: unknown } {
  const text = flow.requestBody?.toString('utf8') ?? '';
  if (flow.interaction) {
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // parsed interactions come from JSON bodies; unreachable in practice
    }
    return { interaction: flow.interaction, body };
  }
  return {
    interaction: {
      id: flow.id, ts: new Date(flow.startedAt).toISOString(), source: 'proxy', provider: flow.adapter?.id ?? flow.host,
      endpoint: flow.path.split('?')[0] ?? '', messages: [{ role: 'user', text }], tools: [], attachments: [], streamed: false,
    },
    body: null,
  };
}

/** Tool calls whose arguments are complete: they parse as JSON, or a later call has started. */
function completedCalls(calls: ToolCallOut[]): ToolCallOut[] {
  let n = 0;
  calls.forEach((c, i) => {
    if (i < calls.length - 1 || isJson(c.arguments)) n = i + 1;
  });
  return calls.slice(0, n);
}

function isJson(s: string): boolean {
  if (!s) return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export function blockReason(reasons: string[], policyIds: string[]): string {
  return `Blocked by Vigil: ${reasons.join('; ') || 'a policy forbids this'} (policy ${policyIds.join(', ') || 'unknown'}).`;
}

function blockAnswer(flow: Flow, reasons: string[], policyIds: string[]): Answer {
  const reason = blockReason(reasons, policyIds);
  return {
    status: 403,
    headers: { 'content-type': 'application/json', 'x-vigil-blocked': policyIds.join(',') },
    body: flow.adapter ? flow.adapter.errorBody(403, reason) : JSON.stringify({ error: { message: reason } }),
    rule: policyIds.join(','),
    reason,
  };
}
