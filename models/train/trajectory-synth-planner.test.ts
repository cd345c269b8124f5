import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plannerRuns } from './trajectory-synth-planner.ts';
import { parseCall } from '../../native-host/src/pipeline/detectors/step-features.ts';

const declaredTools = (request: string) => [...request.matchAll(/"name":"([\w.-]+)"/g)].map((m) => m[1]!);
const calledTools = (steps: { action?: string }[]) => steps.filter((s) => s.action).map((s) => parseCall(s.action!).name);

test('planner runs: seeded, about half unsafe, in the plan-then-steps shape with every tool declared in the request', () => {
  const rows = plannerRuns(400, 21);
  assert.deepEqual(plannerRuns(400, 21), rows, 'same seed, same runs');
  const unsafe = rows.filter((r) => r.label === 1).length;
  assert.ok(unsafe >= 180 && unsafe <= 220, `${unsafe} unsafe of 400`);
  for (const r of rows) {
    assert.equal(r.steps[0]!.role, 'user');
    assert.match(r.steps[1]!.thought ?? '', /^The workflow generated for the problem is \[/);
    assert.ok(r.steps.some((s) => s.role === 'user' && /^At step \d+, you need to /.test(s.content ?? '')));
    const declared = declaredTools(r.steps[0]!.content!);
    for (const name of calledTools(r.steps)) assert.ok(declared.includes(name), `${name} is declared in the request`);
  }
  for (const v of ['direct', 'observation', 'memory', 'backdoor', 'none']) assert.ok(rows.some((r) => r.group === `planner:${v}`), v);
});

test('planner runs: an unsafe run calls a tool the task does not need; a safe run calls only the task\'s own tools', () => {
  for (const r of plannerRuns(300, 5)) {
    // The task's own tools are the ones the plan of a plain run would use: lower-case names here, attack tools in CamelCase.
    const attackCalls = calledTools(r.steps).filter((n) => /[A-Z]/.test(n));
    if (r.label === 1) assert.ok(attackCalls.length > 0, `${r.family} calls the attack tool`);
    else assert.equal(attackCalls.length, 0, `${r.family} never calls an attack tool`);
  }
});
