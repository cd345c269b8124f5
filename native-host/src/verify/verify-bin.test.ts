import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { fromBase64, fromHex, verifyInclusion, parseCheckpointNote } from '@vigil/shared/audit-format/index';
import { nodeAuditCrypto } from '../audit/node-crypto.ts';
import { buildChain, copyChain } from './testing/chain-fixture.ts';

// The real executables, as a user runs them: native-host/bin/vigil-verify.mjs and vigil.mjs over the
// esbuild bundles made by `npm run build:host`.
const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir = '';

function run(bin: 'vigil-verify' | 'vigil', args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'native-host/bin', `${bin}.mjs`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, VIGIL_KEYSTORE: 'file', XDG_STATE_HOME: join(dir, 'state') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  const build = spawnSync('npm', ['run', 'build:host'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  dir = (await buildChain(3000, { rotateAt: 1500 })).dataDir;
});

test('vigil-verify exits 0 on an intact chain and 1 naming the record on a tampered copy', () => {
  const ok = run('vigil-verify', ['--db', join(dir, 'audit.db')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /result: +intact/);
  const copy = copyChain(dir);
  const db = new Database(join(copy, 'audit.db'));
  db.prepare("UPDATE records SET body = replace(body, 'prompt', 'Prompt') WHERE seq = 1234").run();
  db.close();
  const bad = run('vigil-verify', ['--db', join(copy, 'audit.db'), '--state', join(copy, 'seen.json')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /TAMPERED: +record 1234: body does not match/);
});

test('vigil-verify exits 2 on bad arguments, a missing file and a file that is not a database', () => {
  assert.equal(run('vigil-verify', ['--bogus']).code, 2);
  assert.equal(run('vigil-verify', []).code, 2);
  const missing = run('vigil-verify', ['--db', join(dir, 'nope.db')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /AUDIT_NOT_FOUND/);
  const junk = join(copyChain(dir), 'junk.db');
  writeFileSync(junk, 'this is not sqlite'.repeat(300));
  const r = run('vigil-verify', ['--db', junk]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /AUDIT_DB_CORRUPT/);
});

test('an export verifies with --jsonl, and an edited export does not', () => {
  const file = join(copyChain(dir), 'chain.jsonl');
  const exp = run('vigil', ['audit', 'export', '--jsonl', file, '--data-dir', dir]);
  assert.equal(exp.code, 0, exp.stderr);
  const ok = run('vigil-verify', ['--jsonl', file, '--pubkey', join(dir, 'audit-key.pub'), '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).records > 3000, true);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[100] = lines[100]!.replace('prompt', 'PROMPT');
  writeFileSync(file, lines.join('\n'));
  const bad = run('vigil-verify', ['--jsonl', file, '--json', '--state', join(dir, 'other-seen.json')]);
  assert.equal(bad.code, 1);
  assert.equal(JSON.parse(bad.stdout).problem.seq, 100);
});

test('vigil audit proof prints an inclusion proof that checks against the signed checkpoint', () => {
  const r = run('vigil', ['audit', 'proof', '1700', '--json', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout) as { leafIndex: number; treeSize: number; recordHash: string; proof: string[]; checkpoint: string };
  const cp = parseCheckpointNote(p.checkpoint).checkpoint;
  assert.equal(cp.size, p.treeSize);
  const c = nodeAuditCrypto();
  assert.equal(verifyInclusion(c, fromHex(p.recordHash), p.leafIndex, p.treeSize, p.proof.map(fromBase64), cp.rootHash), true);
  assert.equal(verifyInclusion(c, fromHex(p.recordHash), p.leafIndex + 1, p.treeSize, p.proof.map(fromBase64), cp.rootHash), false);
});

test('vigil audit pubkey prints the current key; erase keeps the chain verifiable', () => {
  const pub = run('vigil', ['audit', 'pubkey', '--data-dir', dir]);
  assert.equal(pub.code, 0, pub.stderr);
  assert.ok(readFileSync(join(dir, 'audit-key.pub'), 'utf8').endsWith(pub.stdout));
  const before = new Database(join(dir, 'audit.db'), { readonly: true });
  const text = Buffer.from(before.prepare('SELECT body FROM records WHERE seq = 42').pluck().get() as string);
  before.close();
  assert.ok(readFileSync(join(dir, 'audit.db')).includes(text));
  const erase = run('vigil', ['audit', 'erase', '42', '--data-dir', dir]);
  assert.equal(erase.code, 0, erase.stderr);
  assert.equal(run('vigil', ['audit', 'erase', '1', '--data-dir', dir]).code, 1);
  assert.equal(run('vigil', ['audit', 'erase', 'x', '--data-dir', dir]).code, 2);
  const v = run('vigil-verify', ['--db', join(dir, 'audit.db'), '--json']);
  assert.equal(v.code, 0, v.stderr);
  assert.deepEqual(JSON.parse(v.stdout).erased, [42]);
  const db = new Database(join(dir, 'audit.db'), { readonly: true });
  assert.equal(db.prepare('SELECT body FROM records WHERE seq = 42').pluck().get(), null);
  db.close();
  assert.ok(!readFileSync(join(dir, 'audit.db')).includes(text), 'erased text left in the database file');
});

test('the vigil-verify bundle contains no writer and no keychain code', () => {
  const dist = join(root, 'native-host/dist');
  const entry = readFileSync(join(dist, 'vigil-verify.js'), 'utf8');
  const chunks = [...entry.matchAll(/\.\/(chunks\/[^"']+\.js)/g)].map((m) => readFileSync(join(dist, m[1]!), 'utf8'));
  for (const code of [entry, ...chunks]) {
    assert.doesNotMatch(code, /INSERT INTO records|UPDATE records|@napi-rs\/keyring|BEGIN IMMEDIATE/);
  }
});
