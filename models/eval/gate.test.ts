import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runEval } from './run.ts';

/** CI gate: the evaluation must not fall more than 2 points below the figures in MODEL_CARD.md. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const present = existsSync(`${dataDir}injection/test.jsonl`);

if (!present && process.env.CI !== 'true') console.log(`eval gate skipped: no datasets at ${dataDir}`);

test('evaluation scores hold the model card figures', { skip: !present && process.env.CI !== 'true', timeout: 300_000 }, async () => {
  assert.ok(present, `datasets folder required under CI: ${dataDir}`);
  const card = readFileSync(`${repoRoot}models/MODEL_CARD.md`, 'utf8');
  const block = /```json gate\n(.*)\n```/.exec(card);
  assert.ok(block?.[1], 'MODEL_CARD.md has no gate block');
  const want = JSON.parse(block[1]) as Record<string, number>;
  const r = await runEval(dataDir);
  const got: Record<string, number> = {
    injection_auc: 100 * r.injection.ensemble.overall!.auc,
    trajectory_auc: 100 * r.trajectories.auc,
    secrets_recall: 100 * r.secrets.vigil.recall,
    ...Object.fromEntries(Object.entries(r.pii).map(([k, v]) => [`pii_f1_${k}`, 100 * v.f1])),
  };
  for (const [k, v] of Object.entries(want)) assert.ok((got[k] ?? -Infinity) >= v - 2, `${k}: ${got[k]?.toFixed(1)} < card ${v} - 2`);
});
