import type { Decision, Interaction, Verdict } from '@vigil/shared';
import type { Action } from './decompose/action.ts';
import { linkHosts } from './decompose/links.ts';
import type { ScanResult } from './detectors/ensemble.ts';
import type { RunScanResult } from './detectors/run-scan.ts';
import { authorize, mergeOutcomes, type PolicyContext, type PolicyOutcome, type PolicyRequest } from './policy/decide.ts';
import type { CompiledPolicySet } from './policy/policy-set.ts';
import { isAgentRun, mergeVerdict, runSteps, scanActions, where, type Detector } from './verdict.ts';

/** One span to rewrite: in an action's text, with the finding type that put it there. */
export interface RedactSpan {
  action: number;
  start: number;
  end: number;
  type: string;
}

/** What the policies decided about one action, for the audit's explanation. */
export interface ActionDecision {
  action: string;
  effect: PolicyOutcome['effect'];
  policyIds: string[];
  findings: string[];
}

export interface Evaluation {
  decision: Decision;
  verdict: Verdict;
  actions: Action[];
  perAction: ActionDecision[];
  redactions: RedactSpan[];
  /** Policies that failed to evaluate (Cedar skipped them). */
  policyErrors: string[];
  policyHash: string;
  scans: ScanResult[];
  run: RunScanResult | null;
}

export interface EvaluateDeps {
  detector: Detector;
  policies: CompiledPolicySet;
  /** The destination's latest CUSUM score, when traffic to it is being watched. */
  cusum?: number;
}

/** Who acts and where: an API client that declares tools is an agent; chat sites and plain prompts are the user. */
function principal(interaction: Interaction): PolicyRequest['principal'] {
  return interaction.source === 'proxy' && interaction.tools.length > 0 ? { type: 'Agent', id: interaction.provider } : { type: 'User', id: 'local' };
}

function resource(interaction: Interaction, a: Action): PolicyRequest['resource'] {
  if ((a.kind === 'tool.call' || a.kind === 'tool.result' || a.kind === 'web.content') && a.tool?.name) return { type: 'Tool', id: a.tool.name };
  return { type: interaction.source === 'proxy' ? 'Provider' : 'Site', id: interaction.provider };
}

/**
 * Decides about `actions` (all of them, or only those from `firstNew` on when earlier ones were
 * already decided and are here as the run's context): scan each, score the run when it is an agent
 * run, ask the policies about each action, and merge into one decision with the spans to redact.
 */
export async function evaluateActions(interaction: Interaction, actions: Action[], deps: EvaluateDeps, prior?: { scans: ScanResult[]; firstNew: number }): Promise<Evaluation> {
  const firstNew = prior?.firstNew ?? 0;
  const fresh = await scanActions(deps.detector, actions.slice(firstNew), deps.cusum);
  const scans = [...(prior?.scans.slice(0, firstNew) ?? []), ...fresh];
  const run = isAgentRun(actions) ? await deps.detector.scanRun(runSteps(actions)) : null;

  const outcomes: PolicyOutcome[] = [];
  const perAction: ActionDecision[] = [];
  const redactions: RedactSpan[] = [];
  let injectedBefore = false;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    const s = scans[i]!;
    const followsInjection = injectedBefore;
    if ((a.kind === 'tool.result' || a.kind === 'web.content') && s.injection.flagged) injectedBefore = true;
    if (i < firstNew) continue;
    const hosts = a.kind === 'model.output' || a.kind === 'web.content' || a.kind === 'tool.call' ? linkHosts(a.text) : { linkHosts: [], imageHosts: [] };
    const context: PolicyContext = {
      direction: a.direction,
      source: interaction.source,
      destination: interaction.provider,
      secrets: typesOf(s.secrets),
      pii: typesOf(s.pii),
      risk: s.risk,
      scores: { bayes: pct(s.scores.bayes), lstm: pct(run?.trajectory.score), iforest: pct(s.scores.iforest), cusum: pct(s.scores.cusum) },
      injection: s.injection.flagged,
      trajectory: run?.trajectory.flagged ?? false,
      followsInjection,
      tool: a.tool?.name ?? '',
      args: a.tool?.args ?? '',
      ...hosts,
      history: a.history,
    };
    const outcome = authorize(deps.policies, { principal: principal(interaction), action: a.kind, resource: resource(interaction, a), context });
    outcomes.push(outcome);
    if (outcome.effect !== 'allow') perAction.push({ action: where(a), effect: outcome.effect, policyIds: outcome.policyIds, findings: context.secrets.concat(context.pii) });
    if (outcome.effect === 'redact') {
      const wanted = new Set(outcome.redactTypes);
      for (const f of s.pii) if (wanted.size === 0 || wanted.has(f.type)) redactions.push({ action: i, start: f.start, end: f.end, type: f.type });
    }
  }
  const merged = mergeOutcomes(outcomes);
  return {
    decision: { effect: merged.effect, policyIds: merged.policyIds, reasons: merged.reasons },
    verdict: mergeVerdict(actions, scans, run),
    actions, perAction, redactions, policyErrors: merged.errors, policyHash: deps.policies.hash, scans, run,
  };
}

function typesOf(findings: { type: string }[]): string[] {
  const out: string[] = [];
  for (const f of findings) if (!out.includes(f.type)) out.push(f.type);
  return out;
}

/** Cedar has no floating point: model scores go in as whole percentages. */
function pct(x: number | undefined): number {
  return x === undefined ? 0 : Math.round(100 * x);
}
