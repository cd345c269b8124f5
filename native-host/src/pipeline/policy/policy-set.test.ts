import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isVigilError } from '@vigil/shared';
import { authorize, type PolicyContext } from './decide.ts';
import { readSchema } from './policy-files.ts';
import { compilePolicySet, type PolicyProblem } from './policy-set.ts';
import { PolicyStore, type ReloadEvent } from './policy-store.ts';
import { waitFor } from '../../testing/wait-for.ts';

let schema: string;
let dir: string;
before(async () => {
  schema = await readSchema();
  dir = await mkdtemp(join(tmpdir(), 'vigil-policy-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  direction: 'request', source: 'proxy', destination: 'openai', secrets: [], pii: [], risk: 0,
  scores: { bayes: 0, lstm: 0, iforest: 0, cusum: 0 }, injection: false, trajectory: false, followsInjection: false,
  tool: '', args: '', linkHosts: [], imageHosts: [], history: false, ...over,
});
const ask = (context: PolicyContext) => ({ principal: { type: 'User' as const, id: 'u' }, action: 'prompt.submit', resource: { type: 'Provider' as const, id: 'openai' }, context });

const PERMIT = { name: '00.cedar', text: '@id("base")\npermit(principal, action, resource);\n' };
const WARN_RISK = { name: 'risk.cedar', text: '// warn on risk\n@id("risk.warn")\n@effect("warn")\n@reason("risky")\nforbid(principal, action, resource)\nwhen { context.risk > 50 };\n' };

function problemsOf(fn: () => unknown): PolicyProblem[] {
  try {
    fn();
  } catch (err) {
    assert.ok(isVigilError(err));
    assert.equal(err.code, 'POLICY_INVALID');
    return err.evidence?.problems as PolicyProblem[];
  }
  assert.fail('expected POLICY_INVALID');
}

test('syntax and schema errors are reported with Cedar’s message, file, line and column', () => {
  const syntax = problemsOf(() => compilePolicySet([PERMIT, { name: 'broken.cedar', text: '// one\n// two\n@id("b")\nforbid(principal, action, resource)\nwhen { context.risk > };\n' }], schema));
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0]?.file, 'broken.cedar');
  assert.equal(syntax[0]?.line, 5);
  assert.match(syntax[0]?.message ?? '', /unexpected token/);

  const typo = problemsOf(() => compilePolicySet([PERMIT, { name: 'typo.cedar', text: '@id("t")\n@effect("warn")\nforbid(principal, action, resource)\nwhen { context.riks > 5 };\n' }], schema));
  assert.deepEqual(typo.map((p) => [p.file, p.line, p.column]), [['typo.cedar', 4, 8]]);
  assert.match(typo[0]?.message ?? '', /attribute `riks` .* not found.*did you mean `risk`/);

  const effect = problemsOf(() => compilePolicySet([PERMIT, { name: 'e.cedar', text: '\n@id("e")\n@effect("deny")\nforbid(principal, action, resource);\n' }], schema));
  assert.deepEqual(effect.map((p) => [p.line, p.message]), [[2, '@effect("deny") must be "block", "redact" or "warn"']]);

  const dup = problemsOf(() => compilePolicySet([PERMIT, { name: 'd.cedar', text: '@id("base")\nforbid(principal, action, resource);\n' }], schema));
  assert.match(dup[0]?.message ?? '', /duplicate policy id "base"/);
});

test('the strongest effect wins and every fired policy is reported, strongest first', () => {
  const set = compilePolicySet([PERMIT, WARN_RISK, { name: 'b.cedar', text: '@id("sec")\n@reason("secret")\nforbid(principal, action, resource) when { !context.secrets.isEmpty() };\n@id("red")\n@effect("redact")\n@redact("email")\n@reason("mail")\nforbid(principal, action, resource) when { context.pii.contains("email") };\n' }], schema);
  assert.deepEqual(authorize(set, ask(ctx())), { effect: 'allow', policyIds: [], reasons: [], redactTypes: [], fired: [], errors: [] });
  const o = authorize(set, ask(ctx({ risk: 90, pii: ['email'], secrets: ['jwt'] })));
  assert.equal(o.effect, 'block');
  assert.deepEqual(o.policyIds, ['sec', 'red', 'risk.warn']);
  assert.deepEqual(o.reasons, ['secret', 'mail', 'risky']);
  assert.deepEqual(o.redactTypes, ['email']);
  assert.equal(authorize(set, ask(ctx({ risk: 90, pii: ['email'] }))).effect, 'redact');
});

test('without a matching permit Cedar denies, and so does Vigil', () => {
  const set = compilePolicySet([{ name: 'only.cedar', text: '@id("p")\npermit(principal, action == Vigil::Action::"model.output", resource);\n' }], schema);
  assert.deepEqual(authorize(set, ask(ctx())).policyIds, ['cedar.default-deny']);
  assert.equal(authorize(set, ask(ctx())).effect, 'block');
});

test('hot reload: a valid change replaces the set; an invalid one is rejected with the error and line, the previous set keeps running', async () => {
  await writeFile(join(dir, '00.cedar'), PERMIT.text);
  await writeFile(join(dir, 'risk.cedar'), WARN_RISK.text);
  const events: ReloadEvent[] = [];
  const store = new PolicyStore(dir, (e) => events.push(e));
  try {
    assert.equal((await store.load()).ok, true);
    store.watch(20);
    const first = store.current.set;
    assert.equal(authorize(first, ask(ctx({ risk: 90 }))).effect, 'warn');

    // A valid edit, picked up by the watcher: the same rule now blocks.
    await replaceFile(join(dir, 'risk.cedar'), WARN_RISK.text.replace('@effect("warn")', '@effect("block")'));
    await waitFor(() => events.length >= 2);
    assert.equal(events[1]?.ok, true);
    const second = store.current.set;
    assert.notEqual(second.hash, first.hash);
    assert.equal(authorize(second, ask(ctx({ risk: 90 }))).effect, 'block');

    // An invalid edit: rejected with Cedar's error located in the file; the second set keeps running.
    await replaceFile(join(dir, 'risk.cedar'), '// oops\n@id("risk.warn")\nforbid(principal, action, resource)\nwhen { context.risk > 50 \n');
    await waitFor(() => events.length >= 3);
    const rejected = events[2]!;
    assert.equal(rejected.ok, false);
    if (!rejected.ok) {
      assert.equal(rejected.keptHash, second.hash);
      assert.equal(rejected.problems[0]?.file, 'risk.cedar');
      assert.equal(rejected.problems[0]?.line, 4);
      assert.match(rejected.message, /risk\.cedar:4:\d+: unexpected end of input/);
    }
    assert.equal(store.current.set.hash, second.hash);
    assert.equal(authorize(store.current.set, ask(ctx({ risk: 90 }))).effect, 'block');
  } finally {
    store.close();
  }
});

test('a folder that does not compile at start-up runs the default pack instead (there is no previous set to keep)', async () => {
  const bad = await mkdtemp(join(tmpdir(), 'vigil-policy-bad-'));
  try {
    await writeFile(join(bad, 'x.cedar'), 'forbid(');
    const events: ReloadEvent[] = [];
    const store = new PolicyStore(bad, (e) => events.push(e));
    const first = await store.load();
    assert.equal(first.ok, false);
    assert.ok(store.current.set.policies.has('credentials.block'));
    assert.match(store.current.dir, /policies[/\\]default$/);
  } finally {
    await rm(bad, { recursive: true, force: true });
  }
});

/** Writes a file whole (temp file + rename, as many editors save), so the watcher never sees it half written. */
async function replaceFile(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

test('recompiling unchanged files reuses their pre-parsed entry; an edited set gets its own and the old one still decides', () => {
  const a = compilePolicySet([PERMIT, WARN_RISK], schema);
  assert.equal(compilePolicySet([PERMIT, WARN_RISK], schema).key, a.key);
  const b = compilePolicySet([PERMIT], schema);
  assert.notEqual(b.key, a.key);
  assert.equal(authorize(a, ask(ctx({ risk: 90 }))).effect, 'warn');
  assert.equal(authorize(b, ask(ctx({ risk: 90 }))).effect, 'allow');
});
