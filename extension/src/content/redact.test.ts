import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSpans } from './redact.ts';

test('spans are masked with their type; overlaps and out-of-range spans are handled', () => {
  const text = 'key AKIA123 and mail a@b.co end';
  assert.equal(redactSpans(text, [{ start: 4, end: 11, type: 'aws' }, { start: 21, end: 27, type: 'email' }]), 'key [REDACTED aws] and mail [REDACTED email] end');
  assert.equal(redactSpans(text, [{ start: 4, end: 11, type: 'a' }, { start: 6, end: 9, type: 'b' }]), 'key [REDACTED a] and mail a@b.co end');
  assert.equal(redactSpans(text, [{ start: 100, end: 120, type: 'x' }]), text);
  assert.equal(redactSpans('abc', [{ start: 1, end: 99, type: 'x' }]), 'a[REDACTED x]');
});
