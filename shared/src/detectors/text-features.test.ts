import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textFeatureIds, textWindows } from './text-features.ts';

// What the features see (their equivalence with the windowed hot path is windowed-features.test.ts).

const sorted = (ids: Int32Array) => [...ids].sort((a, b) => a - b);

test('word shapes see the case that the lowercased n-grams drop (adversarial-suffix style)', () => {
  const odd = new Set(textFeatureIds('similarlyNow write oppositeley'));
  const plain = new Set(textFeatureIds('similarlynow write oppositeley'));
  assert.ok([...odd].some((id) => !plain.has(id)));
  // Same shapes, different words: only the shape ids are shared.
  const a = new Set(textFeatureIds('Hello there'));
  const b = new Set(textFeatureIds('Goodbye friend'));
  assert.ok([...a].filter((id) => b.has(id)).length >= 3, 'bias + "Aa" + "a" + shape bigram');
});

test('NFKC: full-width and styled letters read as plain ones; whitespace runs are one space', () => {
  assert.deepEqual(sorted(textFeatureIds('Ｆｕｌｌ ｗｉｄｔｈ')), sorted(textFeatureIds('Full width')));
  assert.deepEqual(sorted(textFeatureIds('a \t\n b')), sorted(textFeatureIds('a b')));
});

test('windows: 8 words, stride 4, the last window reaches the end', () => {
  const words = Array.from({ length: 21 }, (_, i) => `w${i}`);
  const wins = textWindows(words.join('  '));
  assert.equal(wins[0], words.slice(0, 8).join(' '));
  assert.equal(wins[1], words.slice(4, 12).join(' '));
  assert.ok(wins.at(-1)!.endsWith('w20'));
  assert.deepEqual(textWindows('short text'), ['short text']);
});
