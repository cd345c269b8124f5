import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRows } from './injection-synthetic.ts';

test('the second round of synthetic families leaves the first round row for row as it was', () => {
  const first = syntheticRows(7, { families: false });
  const both = syntheticRows(7, { families: true });
  assert.deepEqual(both.slice(0, first.length), first);
  assert.ok(both.length > first.length);
  assert.deepEqual(syntheticRows(7, { families: true }), both, 'seeded: the same rows every time');
});

test('second round: attacks, benign look-alikes and clean documents, each injected document next to its clean one', () => {
  const rows = syntheticRows(7, { families: true }).slice(syntheticRows(7, { families: false }).length);
  const by = (s: string) => rows.filter((r) => r.source === `synthetic-${s}`);
  for (const s of ['persuasion', 'extraction', 'email-injected', 'code-injected']) assert.ok(by(s).length > 0 && by(s).every((r) => r.label === 1), s);
  for (const s of ['benign-task', 'email-clean', 'code-clean']) assert.ok(by(s).length > 0 && by(s).every((r) => r.label === 0), s);
  assert.ok([...by('email-clean'), ...by('code-clean')].every((r) => r.kind === 'document'));
  // An injected email is a clean one with one more line.
  const clean = new Set(by('email-clean').map((r) => r.text));
  for (const r of by('email-injected')) {
    const lines = r.text.split('\n');
    assert.ok(lines.some((_, i) => clean.has([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'))), r.text);
  }
});
