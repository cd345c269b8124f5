import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ErrorCodes, VigilError, type ActionKind } from '@vigil/shared';
import { linkHosts } from '../decompose/links.ts';
import type { Detector } from '../verdict.ts';
import { authorize, type PolicyContext, type PolicyOutcome, type PolicyRequest } from './decide.ts';
import type { CompiledPolicySet } from './policy-set.ts';

const ACTIONS = ['system.prompt', 'prompt.submit', 'prompt.paste', 'file.upload', 'tool.call', 'tool.result', 'model.output', 'web.content'] as const satisfies readonly ActionKind[];

/**
 * One policy test case. `context` gives the detectors' output directly (pure policy logic); `text`
 * runs the real detectors on a text first, so a case can say "this prompt is blocked" end to end.
 * Unset context fields take neutral defaults (nothing found, scores 0, direction "request").
 */
export const PolicyTestCase = z
  .object({
    name: z.string(),
    action: z.enum(ACTIONS),
    principal: z.enum(['User', 'Agent']).default('User'),
    resource: z.object({ type: z.enum(['Provider', 'Site', 'Tool']), id: z.string() }).strict().default({ type: 'Provider', id: 'openai' }),
    text: z.string().optional(),
    context: z.record(z.string(), z.unknown()).default({}),
    expect: z.enum(['allow', 'warn', 'redact', 'block']),
    /** Policies that must be among those that fired. */
    policies: z.array(z.string()).optional(),
  })
  .strict();
export type PolicyTestCase = z.infer<typeof PolicyTestCase>;

export const PolicyTestFile = z.array(PolicyTestCase);

export interface PolicyTestResult {
  name: string;
  ok: boolean;
  expected: string;
  got: PolicyOutcome;
  missing: string[];
}

/** Reads a test file: YAML (which includes JSON) with a list of cases. */
export async function readPolicyTests(file: string): Promise<PolicyTestCase[]> {
  const text = await readFile(file, 'utf8');
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new VigilError(ErrorCodes.POLICY_INVALID, `${file}: ${(err as Error).message}`);
  }
  const parsed = PolicyTestFile.safeParse(raw);
  if (!parsed.success) throw new VigilError(ErrorCodes.POLICY_INVALID, `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function defaultContext(): PolicyContext {
  return {
    direction: 'request', source: 'proxy', destination: 'openai', secrets: [], pii: [], risk: 0,
    scores: { bayes: 0, lstm: 0, iforest: 0, cusum: 0 }, injection: false, trajectory: false, followsInjection: false,
    tool: '', args: '', linkHosts: [], imageHosts: [], history: false,
  };
}

/** Runs the cases against a compiled set; `detector` is needed only by cases that give `text`. */
export async function runPolicyTests(set: CompiledPolicySet, cases: PolicyTestCase[], detector?: Detector): Promise<PolicyTestResult[]> {
  const results: PolicyTestResult[] = [];
  for (const c of cases) {
    const context = defaultContext();
    if (c.text !== undefined) {
      if (!detector) throw new VigilError(ErrorCodes.POLICY_TEST_FAILED, `case "${c.name}" gives text but no detector is available`);
      const s = await detector.scan(c.text);
      Object.assign(context, {
        secrets: [...new Set(s.secrets.map((f) => f.type))], pii: [...new Set(s.pii.map((f) => f.type))], risk: s.risk,
        scores: { ...context.scores, bayes: Math.round(100 * (s.scores.bayes ?? 0)), iforest: Math.round(100 * (s.scores.iforest ?? 0)) },
        injection: s.injection.flagged, ...linkHosts(c.text),
      });
    }
    Object.assign(context, c.context, { scores: { ...context.scores, ...((c.context.scores as object | undefined) ?? {}) } });
    const req: PolicyRequest = { principal: { type: c.principal, id: 'test' }, action: c.action, resource: c.resource, context };
    const got = authorize(set, req);
    const missing = (c.policies ?? []).filter((id) => !got.policyIds.includes(id));
    results.push({ name: c.name, ok: got.effect === c.expect && missing.length === 0, expected: c.expect, got, missing });
  }
  return results;
}
