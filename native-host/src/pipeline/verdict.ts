import type { Finding, ModelScores, Verdict } from '@vigil/shared';
import type { Action } from './decompose/action.ts';
import { scanTextRulesOnly, type ScanResult } from './detectors/ensemble.ts';
import type { RunScanResult } from './detectors/run-scan.ts';
import { stepText, type RunStep } from './detectors/step-features.ts';

/** What the pipeline needs from detection: the worker in the daemon, the same functions in-process in the CLI. */
export interface Detector {
  scan(text: string, opts?: { cusum?: number }): Promise<ScanResult>;
  scanRun(steps: RunStep[]): Promise<RunScanResult>;
  /** Feeds one closed interval of traffic to a destination; returns the CUSUM score (≥ 1 = alarm). */
  observeTraffic?(destination: string, requests: number, bytes: number): Promise<number>;
}

/** What the detectors saw in one action. */
export interface ActionScan {
  scan: ScanResult;
}

const EMPTY: ScanResult = { risk: 0, findings: [], scores: {}, explanations: [], injection: { score: 0, flagged: false }, secrets: [], pii: [] };

/** Scans each action's text; actions without text get an empty result rather than a worker round trip. */
export async function scanActions(detector: Detector, actions: Action[], cusum?: number): Promise<ScanResult[]> {
  return Promise.all(actions.map((a) => (a.text ? detector.scan(a.text, cusum === undefined ? {} : { cusum }) : Promise.resolve(EMPTY))));
}

/** An agent run as the trajectory model reads it: user turns, the agent's calls and text, what the environment returned. */
export function runSteps(actions: Action[]): RunStep[] {
  const steps: RunStep[] = [];
  for (const a of actions) {
    if (a.kind === 'prompt.submit' || a.kind === 'prompt.paste') steps.push({ role: 'user', content: a.text });
    else if (a.kind === 'tool.call') steps.push({ role: 'agent', action: a.text });
    else if (a.kind === 'model.output') steps.push({ role: 'agent', content: a.text });
    else if (a.kind === 'tool.result' || a.kind === 'web.content') steps.push({ role: 'environment', content: a.text });
  }
  return steps;
}

export function isAgentRun(actions: Action[]): boolean {
  return actions.some((a) => a.kind === 'tool.call' || a.kind === 'tool.result' || a.kind === 'web.content');
}

/**
 * The interaction's verdict: the highest risk and model scores over its actions, every finding
 * (explain names the action it came from; spans are offsets in that action's text) and every explanation.
 */
export function mergeVerdict(actions: Action[], scans: ScanResult[], run: RunScanResult | null): Verdict {
  const findings: Finding[] = [];
  const explanations = new Set<string>();
  const scores: ModelScores = {};
  let risk = 0;
  scans.forEach((s, i) => {
    const a = actions[i]!;
    risk = Math.max(risk, s.risk);
    for (const f of s.findings) findings.push({ ...f, explain: `${f.explain} in ${where(a)}` });
    for (const e of s.explanations) explanations.add(`${where(a)}: ${e}`);
    for (const k of ['bayes', 'iforest', 'cusum'] as const) {
      const v = s.scores[k];
      if (v !== undefined) scores[k] = Math.max(scores[k] ?? 0, v);
    }
  });
  if (run) {
    scores.lstm = run.trajectory.score;
    risk = Math.max(risk, Math.round(100 * run.trajectory.score));
    if (run.trajectory.flagged) explanations.add(`agent run: the sequence of actions looks hijacked (p=${run.trajectory.score.toFixed(2)})`);
  }
  return { risk, findings, scores, explanations: [...explanations] };
}

export function where(a: Action): string {
  const at = a.messageIndex !== undefined ? ` (message ${a.messageIndex})` : a.attachmentIndex !== undefined ? ` (attachment ${a.attachmentIndex})` : a.toolCallIndex !== undefined ? ` (call ${a.toolCallIndex})` : '';
  return `${a.kind}${a.tool?.name ? ` ${a.tool.name}` : ''}${at}`;
}

/**
 * Detection without the models: the deterministic credential and personal-data rules, in-process and
 * in well under a millisecond. Used when the models miss the time budget and the policy fails open,
 * so a timeout lets through what the models would have judged, never a credential the rules see.
 */
export const rulesOnlyDetector: Detector = {
  scan: async (text) => scanTextRulesOnly(text),
  scanRun: async (steps) => ({ ...scanTextRulesOnly(steps.map(stepText).join('\n')), trajectory: { score: 0, flagged: false } }),
};
