import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { DEFAULT_PACK_DIR, PACKAGE_POLICY_DIR } from '../../pipeline/policy/policy-files.ts';

// `vigil policy check` / `vigil policy test` as a user runs them, on a copy of the default pack.
const cli = fileURLToPath(new URL('../main.ts', import.meta.url));
const vigil = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, 'policy', ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-policy-cli-'));
  await cp(DEFAULT_PACK_DIR, join(dir, 'policies'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

test('check: the default pack is valid', () => {
  const r = vigil('check', '--dir', join(dir, 'policies'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /11 policies in 7 files, valid/);
});

test('check: an invalid file exits 1 with file:line:column and Cedar’s error; bad settings too', async () => {
  await writeFile(join(dir, 'policies', 'mine.cedar'), '// my rule\n@id("mine")\n@effect("warn")\nforbid(principal, action, resource)\nwhen { context.pii.contains("email") && context.riks > 3 };\n');
  const r = vigil('check', '--dir', join(dir, 'policies'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /mine\.cedar:5:\d+: .*attribute `riks`.*did you mean `risk`/);
  assert.match(r.stderr, /\[POLICY_INVALID\]/);
  await rm(join(dir, 'policies', 'mine.cedar'));

  await writeFile(join(dir, 'policies', 'settings.json'), '{"budgetMs": -1}');
  const s = vigil('check', '--dir', join(dir, 'policies'));
  assert.equal(s.status, 1);
  assert.match(s.stderr, /settings\.json: budgetMs/);
  await rm(join(dir, 'policies', 'settings.json'));
});

test('test: the pack’s own cases pass; a wrong expectation fails with what fired', async () => {
  const ok = vigil('test', '--dir', join(dir, 'policies'), join(PACKAGE_POLICY_DIR, 'tests', 'default-pack.yaml'));
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /(\d+)\/\1 passed/);

  const cases = join(dir, 'cases.json');
  await writeFile(cases, JSON.stringify([
    { name: 'emails are fine', action: 'prompt.submit', context: { pii: ['email'] }, expect: 'allow' },
    { name: 'cards are redacted', action: 'prompt.submit', context: { pii: ['credit_card'] }, expect: 'redact', policies: ['pii.redact-financial'] },
  ]));
  const bad = vigil('test', '--dir', join(dir, 'policies'), cases);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /FAIL .*emails are fine: warn \[pii\.warn-contact\] — expected allow, got warn/);
  assert.match(bad.stdout, /ok {3}.*cards are redacted: redact/);
  assert.match(bad.stderr, /1 of 2 policy tests failed \[POLICY_TEST_FAILED\]/);
});

test('bad arguments exit 2', () => {
  assert.equal(vigil('frobnicate').status, 2);
  assert.equal(vigil('test', '--dir', join(dir, 'policies')).status, 2);
});
