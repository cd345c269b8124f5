import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionVector } from './action-features.ts';

/** The straightforward definition the optimised actionVector must match bit for bit. */
function referenceActionVector(text: string): Float32Array {
  const n = Math.max(1, text.length);
  let digits = 0, upper = 0, punct = 0, nonAscii = 0, space = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c > 127) nonAscii++;
    else if (c === 32 || c === 10 || c === 9) space++;
    else if (!(c >= 97 && c <= 122)) punct++;
  }
  let entropy = 0;
  for (const k of counts.values()) entropy -= (k / n) * Math.log2(k / n);
  const longest = text.split(/\s+/).reduce((m, t) => Math.max(m, t.length), 0);
  const urls = (text.match(/https?:\/\//g) ?? []).length;
  return Float32Array.of(Math.log1p(text.length), entropy, digits / n, upper / n, punct / n, nonAscii / n, space / n, Math.log1p(longest), Math.log1p(urls));
}

test('actionVector equals the reference definition on generated texts', () => {
  let s = 5;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  // Pieces chosen to hit every branch: every \s variant, URLs (also overlapping "http" runs), non-ASCII, surrogates.
  const pieces = ['word', 'Upper', '12345', ' ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\v', '\f', '!?', '{"a":1}',
    'https://x.org/p', 'http://', 'httphttps://', 'hhttp://', 'é', 'ß', '日本語', '😀', 'api_key=Zx9', '    ', ''];
  const texts = ['', ' ', 'a', 'http://', ' https://a https://b '];
  for (let i = 0; i < 2000; i++) {
    const parts: string[] = [];
    const len = Math.floor(rand() * 200);
    for (let j = 0; j < len; j++) parts.push(pieces[Math.floor(rand() * pieces.length)]!);
    texts.push(parts.join(rand() < 0.5 ? '' : ' '));
  }
  for (const t of texts) assert.deepEqual(actionVector(t), referenceActionVector(t), JSON.stringify(t));
  // Scratch state must not leak between calls.
  assert.deepEqual(actionVector('aaa'), referenceActionVector('aaa'));
});
