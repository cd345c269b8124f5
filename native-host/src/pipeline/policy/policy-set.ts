import { createHash } from 'node:crypto';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { ErrorCodes, VigilError, type Effect } from '@vigil/shared';
import type { PolicyFile } from './policy-files.ts';

/** What Vigil reads from a policy's annotations. */
export interface PolicyInfo {
  id: string;
  file: string;
  line: number;
  kind: 'permit' | 'forbid';
  /** For forbids: block, redact or warn (a forbid without @effect blocks). */
  effect: Exclude<Effect, 'allow'>;
  reason: string;
  /** For redact: the finding types to rewrite; empty = every personal-data finding of the action. */
  redact: string[];
}

/** One problem in a policy file, located for the person editing it. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A validated policy set, pre-parsed inside Cedar under `key`. */
export interface CompiledPolicySet {
  key: string;
  /** sha256 over the files' names and contents: what the audit records as the set's identity. */
  hash: string;
  policies: Map<string, PolicyInfo>;
  files: string[];
}

const EFFECTS = new Set(['block', 'redact', 'warn']);

/** Cedar reports positions as byte offsets; people read lines and columns. */
function position(text: string, byteOffset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function problem(file: string, text: string, offset: number, message: string): PolicyProblem {
  return { file, ...position(text, offset), message };
}

function describe(e: cedar.DetailedError): string {
  const label = e.sourceLocations?.find((l) => l.label)?.label;
  return [e.message, label, e.help].filter(Boolean).join('; ');
}

export function formatProblems(problems: PolicyProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
}

/**
 * Parses every file, reads the annotations, validates the whole set against the schema (strict
 * mode) and pre-parses it for evaluation. Throws POLICY_INVALID with every problem located by file,
 * line and column; nothing is pre-parsed when anything is wrong.
 */
export function compilePolicySet(files: PolicyFile[], schema: string): CompiledPolicySet {
  const problems: PolicyProblem[] = [];
  const policies = new Map<string, PolicyInfo>();
  const texts: Record<string, string> = {};
  // Where each policy starts in its file, to turn validation offsets (relative to the policy) into lines.
  const origin = new Map<string, { file: PolicyFile; start: number }>();

  for (const file of files) {
    const parts = cedar.policySetTextToParts(file.text);
    if (parts.type === 'failure') {
      for (const e of parts.errors) problems.push(problem(file.name, file.text, e.sourceLocations?.[0]?.start ?? 0, describe(e)));
      continue;
    }
    if (parts.policy_templates.length) problems.push(problem(file.name, file.text, 0, 'policy templates are not supported; write static policies'));
    let cursor = 0;
    parts.policies.forEach((text, n) => {
      const found = file.text.indexOf(text, cursor);
      const start = found >= 0 ? Buffer.byteLength(file.text.slice(0, found)) : 0;
      if (found >= 0) cursor = found + text.length;
      const json = cedar.policyToJson(text);
      if (json.type === 'failure') {
        for (const e of json.errors) problems.push(problem(file.name, file.text, start + (e.sourceLocations?.[0]?.start ?? 0), describe(e)));
        return;
      }
      const ann = json.json.annotations ?? {};
      const id = ann.id ?? `${file.name}#${n + 1}`;
      const at = position(file.text, start);
      if (policies.has(id)) {
        problems.push({ file: file.name, ...at, message: `duplicate policy id "${id}" (also in ${policies.get(id)?.file})` });
        return;
      }
      const kind = json.json.effect;
      const effect = ann.effect ?? 'block';
      if (kind === 'forbid' && !EFFECTS.has(effect)) problems.push({ file: file.name, ...at, message: `@effect("${effect}") must be "block", "redact" or "warn"` });
      if (kind === 'permit' && ann.effect !== undefined) problems.push({ file: file.name, ...at, message: '@effect applies to forbid policies only' });
      policies.set(id, {
        id, file: file.name, line: at.line, kind, effect: effect as PolicyInfo['effect'],
        reason: ann.reason ?? `policy ${id}`,
        redact: (ann.redact ?? '').split(/[\s,]+/).filter(Boolean),
      });
      texts[id] = text;
      origin.set(id, { file, start });
    });
  }
  if (problems.length === 0) {
    const answer = cedar.validate({ schema, policies: { staticPolicies: texts }, validationSettings: { mode: 'strict' } });
    if (answer.type === 'failure') {
      for (const e of answer.errors) problems.push({ file: 'vigil.cedarschema', line: 0, column: 0, message: describe(e) });
    } else {
      for (const v of answer.validationErrors) {
        const o = origin.get(v.policyId);
        const offset = (o?.start ?? 0) + (v.error.sourceLocations?.[0]?.start ?? 0);
        problems.push(o ? problem(o.file.name, o.file.text, offset, describe(v.error)) : { file: '?', line: 0, column: 0, message: describe(v.error) });
      }
    }
  }
  if (problems.length) {
    // Strict validation reports one error per action a policy applies to; one per place is enough.
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.file === p.file && q.line === p.line && q.column === p.column) === i);
    problems.splice(0, problems.length, ...unique);
    throw new VigilError(ErrorCodes.POLICY_INVALID, `policy set rejected:\n${formatProblems(problems)}`, { problems });
  }
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.name}\0${f.text}\0`);
  const digest = hash.digest('hex');
  // cedar-wasm keeps every pre-parsed set until the process ends and has no call to drop one. Keyed
  // by content, a reload of unchanged files replaces its own identical entry instead of adding one,
  // and a set still held elsewhere (a previous version, a `policy test` run) keeps its own key.
  const key = `vigil-${digest}`;
  const pre = cedar.preparsePolicySet(key, { staticPolicies: texts });
  if (pre.type === 'failure') throw new VigilError(ErrorCodes.POLICY_INVALID, `policy set rejected: ${pre.errors.map(describe).join('; ')}`);
  return { key, hash: digest, policies, files: files.map((f) => f.name) };
}
