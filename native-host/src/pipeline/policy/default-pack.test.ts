import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanText } from '../detectors/ensemble.ts';
import { loadModels } from '../detectors/model-loader.ts';
import { scanRun } from '../detectors/run-scan.ts';
import { DEFAULT_PACK_DIR, PACKAGE_POLICY_DIR, readPolicyFiles, readSchema } from './policy-files.ts';
import { compilePolicySet } from './policy-set.ts';
import { readPolicyTests, runPolicyTests } from './policy-tests.ts';

// The shipped pack's own test cases (policies/tests/default-pack.yaml), with the real detectors for
// the cases that give text: what `vigil policy test` runs, here in CI.
test('the default policy pack passes its policy tests', async () => {
  const set = compilePolicySet(await readPolicyFiles(DEFAULT_PACK_DIR), await readSchema());
  const cases = await readPolicyTests(join(PACKAGE_POLICY_DIR, 'tests', 'default-pack.yaml'));
  assert.ok(cases.length >= 15);
  const models = await loadModels();
  const results = await runPolicyTests(set, cases, { scan: (t) => scanText(models, t), scanRun: (s) => scanRun(models, s) });
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: expected ${r.expected}, got ${r.got.effect} [${r.got.policyIds.join(', ')}] ${r.got.errors.join('; ')}`);
  assert.deepEqual(failed, []);
  // Every policy of the pack is exercised by at least one case.
  const fired = new Set(results.flatMap((r) => r.got.policyIds));
  const untested = [...set.policies.values()].filter((p) => p.kind === 'forbid' && !fired.has(p.id)).map((p) => p.id);
  assert.deepEqual(untested, []);
});
