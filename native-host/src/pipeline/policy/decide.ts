import { setFlagsFromString } from 'node:v8';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Decision, Effect } from '@vigil/shared';
import type { CompiledPolicySet, PolicyInfo } from './policy-set.ts';

/*
 * Under sustained load Node 20's V8 aborted the whole process ("Fatal error: unreachable code" in
 * Deoptimizer::DoComputeBuiltinContinuation) when optimized code that had inlined the JS-to-Wasm
 * call into Cedar was deoptimized lazily on the way back from Wasm (`authorize`, every time).
 * Measured: 5 crashes in 15 runs of 6000 agent decisions (and 4 in 7 runs of bench/policy.ts);
 * 0 in 12 runs with inlining of JS-to-Wasm calls turned off, on the command line or by this line.
 * The flag only stops TurboFan inlining those call wrappers, a few ns per call.
 */
setFlagsFromString('--no-turbo-inline-js-wasm-calls');

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
    const messages: string[] = [];
    for (const e of answer.errors) messages.push(e.message);
    return blocked('cedar.error', `policy evaluation failed: ${messages.join('; ')}`, messages);
  }
  const { decision, diagnostics } = answer.response;
  const errors: string[] = [];
  for (const e of diagnostics.errors) errors.push(`${e.policyId}: ${e.error.message}`);
  if (decision === 'allow') return { effect: 'allow', policyIds: [], reasons: [], redactTypes: [], fired: [], errors };
  const fired: PolicyInfo[] = [];
  for (const id of diagnostics.reason) {
    const p = set.policies.get(id);
    if (p?.kind === 'forbid') fired.push(p);
  }
  // Denied with no forbid satisfied: no permit matched (the baseline was removed or narrowed). Cedar denies by default, so do we.
  if (fired.length === 0) return blocked('cedar.default-deny', 'no policy permits this action', errors);
  return combine(fired, errors);
}

function blocked(id: string, reason: string, errors: string[]): PolicyOutcome {
  return { effect: 'block', policyIds: [id], reasons: [reason], redactTypes: [], fired: [{ id, effect: 'block', reason }], errors };
}

type Fired = PolicyOutcome['fired'][number];

/** The strongest effect among the fired forbids, with every reason, strongest first (a user sees why, all of it). */
export function combine(policies: PolicyInfo[], errors: string[] = []): PolicyOutcome {
  const fired: Fired[] = [];
  const redactTypes: string[] = [];
  for (const p of policies) {
    fired.push({ id: p.id, effect: p.effect, reason: p.reason });
    if (p.effect === 'redact') for (const t of p.redact) if (!redactTypes.includes(t)) redactTypes.push(t);
  }
  return { ...ordered(fired), redactTypes, fired, errors };
}

/** Strongest first, stable; the lists are a handful of policies long. */
function ordered(fired: Fired[]): Decision {
  const sorted: Fired[] = [];
  for (const f of fired) {
    let i = sorted.length;
    while (i > 0 && RANK[sorted[i - 1]!.effect] < RANK[f.effect]) i--;
    sorted.splice(i, 0, f);
  }
  const policyIds: string[] = [];
  const reasons: string[] = [];
  for (const f of sorted) {
    policyIds.push(f.id);
    if (!reasons.includes(f.reason)) reasons.push(f.reason);
  }
  return { effect: sorted[0]?.effect ?? 'allow', policyIds, reasons };
}

/** Merges the outcomes of an interaction's actions into one decision: each policy once, strongest effects first. */
export function mergeOutcomes(outcomes: PolicyOutcome[]): PolicyOutcome {
  const fired: Fired[] = [];
  const seen = new Set<string>();
  const redactTypes: string[] = [];
  const errors: string[] = [];
  for (const o of outcomes) {
    for (const f of o.fired) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      fired.push(f);
    }
    for (const t of o.redactTypes) if (!redactTypes.includes(t)) redactTypes.push(t);
    for (const e of o.errors) if (!errors.includes(e)) errors.push(e);
  }
  return { ...ordered(fired), fired, redactTypes, errors };
}
