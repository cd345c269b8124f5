import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Decision, Effect } from '@vigil/shared';
import type { CompiledPolicySet, PolicyInfo } from './policy-set.ts';

/** One Cedar request: the principal, the action kind, the resource, and what the detectors saw. */
export interface PolicyRequest {
  principal: { type: 'User' | 'Agent'; id: string };
  action: string;
  resource: { type: 'Provider' | 'Site' | 'Tool'; id: string };
  context: PolicyContext;
}

export interface PolicyContext {
  direction: 'request' | 'response';
  source: string;
  destination: string;
  secrets: string[];
  pii: string[];
  risk: number;
  scores: { bayes: number; lstm: number; iforest: number; cusum: number };
  injection: boolean;
  trajectory: boolean;
  followsInjection: boolean;
  tool: string;
  args: string;
  linkHosts: string[];
  imageHosts: string[];
  history: boolean;
}

/** What the policies said about one action: the strongest effect and every forbid that fired. */
export interface PolicyOutcome extends Decision {
  /** Finding types a redact policy asked to rewrite; empty array with effect redact = all personal data. */
  redactTypes: string[];
  /** Every forbid that fired, with its own effect. */
  fired: { id: string; effect: Exclude<Effect, 'allow'>; reason: string }[];
  /** Policies that failed to evaluate (Cedar skips them); audited so a broken rule does not go unnoticed. */
  errors: string[];
}

const RANK: Record<Effect, number> = { allow: 0, warn: 1, redact: 2, block: 3 };

export function stronger(a: Effect, b: Effect): Effect {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Evaluates one request against a pre-parsed set. Cedar returns every satisfied forbid on deny. */
export function authorize(set: CompiledPolicySet, req: PolicyRequest): PolicyOutcome {
  const answer = cedar.statefulIsAuthorized({
    principal: { type: `Vigil::${req.principal.type}`, id: req.principal.id },
    action: { type: 'Vigil::Action', id: req.action },
    resource: { type: `Vigil::${req.resource.type}`, id: req.resource.id },
    context: req.context as unknown as cedar.Context,
    preparsedPolicySetId: set.key,
    entities: [],
  });
  if (answer.type === 'failure') {
    // Cedar could not evaluate the request at all: nothing vouches for it, so it is blocked.
    const reason = `policy evaluation failed: ${answer.errors.map((e) => e.message).join('; ')}`;
    return { effect: 'block', policyIds: ['cedar.error'], reasons: [reason], redactTypes: [], fired: [{ id: 'cedar.error', effect: 'block', reason }], errors: answer.errors.map((e) => e.message) };
  }
  const { decision, diagnostics } = answer.response;
  const errors = diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
  if (decision === 'allow') return { effect: 'allow', policyIds: [], reasons: [], redactTypes: [], fired: [], errors };
  const fired = diagnostics.reason.map((id) => set.policies.get(id)).filter((p): p is PolicyInfo => p?.kind === 'forbid');
  if (fired.length === 0) {
    // Denied with no forbid satisfied: no permit matched (the baseline was removed or narrowed). Cedar denies by default, so do we.
    const reason = 'no policy permits this action';
    return { effect: 'block', policyIds: ['cedar.default-deny'], reasons: [reason], redactTypes: [], fired: [{ id: 'cedar.default-deny', effect: 'block', reason }], errors };
  }
  return combine(fired, errors);
}

/** The strongest effect among the fired forbids, with every reason, strongest first (a user sees why, all of it). */
export function combine(fired: PolicyInfo[], errors: string[] = []): PolicyOutcome {
  const redactTypes = [...new Set(fired.filter((p) => p.effect === 'redact').flatMap((p) => p.redact))];
  return { ...ordered(fired.map((p) => ({ id: p.id, effect: p.effect, reason: p.reason }))), redactTypes, fired: fired.map((p) => ({ id: p.id, effect: p.effect, reason: p.reason })), errors };
}

type Fired = PolicyOutcome['fired'][number];

function ordered(fired: Fired[]): Decision {
  const sorted = [...fired].sort((a, b) => RANK[b.effect] - RANK[a.effect]);
  return { effect: sorted[0]?.effect ?? 'allow', policyIds: sorted.map((f) => f.id), reasons: [...new Set(sorted.map((f) => f.reason))] };
}

/** Merges the outcomes of an interaction's actions into one decision: each policy once, strongest effects first. */
export function mergeOutcomes(outcomes: PolicyOutcome[]): PolicyOutcome {
  const fired = new Map<string, Fired>();
  for (const o of outcomes) for (const f of o.fired) if (!fired.has(f.id)) fired.set(f.id, f);
  const all = [...fired.values()];
  return {
    ...ordered(all),
    fired: all,
    redactTypes: [...new Set(outcomes.flatMap((o) => o.redactTypes))],
    errors: [...new Set(outcomes.flatMap((o) => o.errors))],
  };
}
