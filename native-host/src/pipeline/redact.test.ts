import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactString } from './redact.ts';

test('redactString rewrites each span once, whatever order the spans come in', () => {
  const text = 'card 4111 and mail jo@example.org end';
  const spans = [{ start: 19, end: 33, type: 'email' }, { start: 5, end: 9, type: 'credit_card' }];
  assert.equal(redactString(text, spans), 'card [REDACTED credit_card by Vigil] and mail [REDACTED email by Vigil] end');
});

test('overlapping spans become one, named by the first; a longer later span leaves no tail behind', () => {
  const text = 'key=abcdef123456 rest';
  assert.equal(redactString(text, [{ start: 4, end: 10, type: 'a' }, { start: 6, end: 16, type: 'b' }]), 'key=[REDACTED a by Vigil] rest');
  assert.equal(redactString(text, [{ start: 4, end: 16, type: 'a' }, { start: 6, end: 9, type: 'b' }]), 'key=[REDACTED a by Vigil] rest');
  // A chain of overlaps: the third overlaps the second, not the first.
  assert.equal(redactString(text, [{ start: 4, end: 8, type: 'a' }, { start: 7, end: 12, type: 'b' }, { start: 11, end: 16, type: 'c' }]), 'key=[REDACTED a by Vigil] rest');
});

test('the marker can be chosen by the caller', () => {
  assert.equal(redactString('x secret y', [{ start: 2, end: 8, type: 't' }], (t) => `<${t}>`), 'x <t> y');
});
