import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreFlags, vigilFlags } from './secrets-eval.ts';

test('a finding flags every line it covers: each line of a PEM key counts, the lines around it do not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-eval-'));
  try {
    // Synthetic key body (random-looking base64 written for this test).
    const body = ['q3Vx8Lm2Pz7Rk4Wt9Yb1Nc6Hd0Gf5Js', 'Ae3Ui8Op2Zx7Cv4Bn9Mq1Wr6Ty0Kl5Hg', 'Ps3Df8Gh2Jk7Lz4Xc9Vb1Nm6Qw0Er5Ty'];
    writeFileSync(join(dir, 'f'), ['intro', '-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', 'outro'].join('\n'));
    const flagged = vigilFlags(dir, ['f']);
    const key = (line: number) => `f\u0000${line}`;
    assert.deepEqual([...flagged].sort(), [2, 3, 4, 5, 6].map(key).sort());
    const r = scoreFlags(flagged, new Set([2, 3, 4, 5, 6].map(key)), new Set([1, 7].map(key)));
    assert.deepEqual([r.found, r.recall, r.decoysFlagged], [5, 1, 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
