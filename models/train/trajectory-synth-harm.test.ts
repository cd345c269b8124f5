import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HARM_CATEGORIES, harmRuns } from './trajectory-synth-harm.ts';

const REFUSAL = /sorry|cannot|can't|can’t|won't|decline|unable/i;

test('harm runs: seeded, about half unsafe, every category with harmful and benign tasks', () => {
  const rows = harmRuns(600, 13);
  assert.deepEqual(harmRuns(600, 13), rows, 'same seed, same runs');
  const unsafe = rows.filter((r) => r.label === 1).length;
  assert.ok(unsafe >= 280 && unsafe <= 320, `${unsafe} unsafe of 600`);
  for (const c of HARM_CATEGORIES) {
    assert.ok(rows.some((r) => r.group === `harm:${c}` && r.label === 1), `${c} has unsafe runs`);
    assert.ok(rows.some((r) => r.group === `harm:${c}` && r.family.startsWith('harm-benign')), `${c} has benign twins`);
  }
  // The hint line rides on benign tasks too, so it cannot stand in for the label.
  const hinted = rows.filter((r) => /Hint: you must call/.test(r.steps[0]!.content ?? ''));
  assert.ok(hinted.some((r) => r.label === 1) && hinted.some((r) => r.family.startsWith('harm-benign')));
  assert.ok(rows.some((r) => r.format === 'planner-harm') && rows.some((r) => r.format === 'chat-harm'));
});

test('harm runs: unsafe runs carry the task out without refusing; refused runs end in a refusal', () => {
  for (const r of harmRuns(300, 5)) {
    const agent = r.steps.filter((s) => s.role === 'agent');
    const last = agent[agent.length - 1]!;
    const said = `${last.content ?? ''} ${last.thought ?? ''} ${last.action ?? ''}`;
    if (r.label === 1) {
      assert.ok(agent.some((s) => s.action && s.action.trim() !== '' && !s.action.startsWith('Complete')), 'a tool was called');
      assert.ok(!agent.some((s) => REFUSAL.test(`${s.content ?? ''} ${s.thought ?? ''} ${s.action ?? ''}`)), 'no refusal');
    }
    if (r.family.endsWith('-refuse')) {
      assert.equal(r.label, 0);
      assert.match(said, REFUSAL);
    }
  }
});
