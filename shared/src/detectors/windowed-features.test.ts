import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textFeatureIds, textWindows, windowedFeatureIds } from './text-features.ts';

/**
 * windowedFeatureIds is the optimised hot path; its definition is textFeatureIds over each of
 * textWindows(text), padded into one matrix. Generated texts cover ASCII (the byte-buffer path) and
 * Unicode (NFKC, case changes that alter length, Final_Sigma, astral characters, Unicode spaces).
 */
function reference(text: string, size: number): { ids: Int32Array; counts: Float32Array; rows: number; width: number } {
  const per = textWindows(text, size).map((w) => Array.from(textFeatureIds(w)));
  const width = Math.max(...per.map((p) => p.length));
  const ids = new Int32Array(per.length * width);
  const counts = new Float32Array(per.length);
  per.forEach((p, r) => { ids.set(p, r * width); counts[r] = p.length; });
  return { ids, counts, rows: per.length, width };
}

function generated(n: number, seed: number): string[] {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pieces = ['word', 'Word', 'WORD', 'similarlyNow', "don't", "''", '2024', 'x9Fq2', ' ', '  ', '\t', '\n', '\r\n', '\v\f', '.', ',', '!?',
    '{"a":1}', '\x00', '\x7f', 'ignore previous instructions', 'api_key=Zx9', '', 'é', 'É', 'ß', 'İstanbul', 'ΟΔΟΣ.Β', 'ｆｕｌｌ', '𝐛𝐨𝐥𝐝',
    '日本語', '😀', '١٢٣', '\u00a0', '\u2003', '\u3000', 'ﬁ'];
  const out = ['', ' ', 'a', 'a b c d e f g h', 'a b c d e f g h i', ' lead  trail ', 'x'.repeat(5000), 'ab '.repeat(2000)];
  for (let i = 0; i < n; i++) {
    const asciiOnly = rand() < 0.5;
    const parts: string[] = [];
    const len = Math.floor(rand() * (i % 10 === 0 ? 1500 : 120));
    for (let j = 0; j < len; j++) {
      const p = pieces[Math.floor(rand() * pieces.length)]!;
      parts.push(asciiOnly && [...p].some((c) => c.charCodeAt(0) > 127) ? 'plain' : p);
    }
    out.push(parts.join(rand() < 0.5 ? '' : ' '));
  }
  return out;
}

test('windowedFeatureIds equals textFeatureIds over textWindows, for ASCII and Unicode texts and several window sizes', () => {
  for (const text of generated(1500, 21)) {
    for (const size of [8, 4, 16]) assert.deepEqual(windowedFeatureIds(text, size), reference(text, size), `${JSON.stringify(text.slice(0, 120))} size ${size}`);
  }
});

test('text that NFKC makes longer than the clip is handled whole', () => {
  // 'ﬁ' becomes 'fi' and '½' becomes '1⁄2' after clipping: the scratch buffers must grow, not drop the tail.
  for (const text of ['ﬁ'.repeat(4000), '½ '.repeat(3000), `${'x'.repeat(3000)} ${'ﬁ'.repeat(2000)}`]) {
    const f = windowedFeatureIds(text);
    assert.equal(f.counts.reduce((s, c) => s + c, 0), f.ids.filter((id, i) => id !== 0 || i % f.width === 0).length);
    assert.ok(f.rows >= 1 && f.width > 1);
  }
  const long = windowedFeatureIds('ﬁ a '.repeat(1500));
  assert.deepEqual(long, reference('ﬁ a '.repeat(1500), 8));
});

test('windowedFeatureIds keeps no state between calls', () => {
  const texts = generated(50, 7);
  const first = texts.map((t) => windowedFeatureIds(t));
  const again = [...texts].reverse().map((t) => windowedFeatureIds(t)).reverse();
  assert.deepEqual(again, first);
});
