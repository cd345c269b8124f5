import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSecretStore } from '../keychain/secret-store.ts';
import { createLogger } from '../log/logger.ts';
import { verifyMain } from '../verify/cli.ts';
import { buildChain, tempDir } from '../verify/testing/chain-fixture.ts';
import { openAuditStore } from './open-store.ts';

const log = createLogger({ component: 'bad-input-test', level: 'error' });
const child = fileURLToPath(new URL('./testing/open-child.ts', import.meta.url));

async function open(dataDir: string) {
  return openAuditStore({ dataDir, log, secretStore: await openSecretStore({ dataDir, mode: 'file' }), checkpointIntervalMs: 0 });
}

async function verifies(dataDir: string): Promise<number> {
  let out = '';
  const code = await verifyMain(['--db', join(dataDir, 'audit.db'), '--json', '--state', join(dataDir, 'seen.json'), '--threads', '0'], (s) => (out += s), () => {});
  assert.equal(code, 0, out);
  return (JSON.parse(out) as { records: number }).records;
}

test('a file that is not SQLite is refused with AUDIT_DB_CORRUPT and left untouched', async () => {
  const dataDir = tempDir('vigil-bad-');
  const junk = Buffer.from('SQLite format 3\0'.padEnd(8192, 'garbage!'));
  writeFileSync(join(dataDir, 'audit.db'), junk);
  await assert.rejects(open(dataDir), { code: 'AUDIT_DB_CORRUPT' });
  assert.deepEqual(readFileSync(join(dataDir, 'audit.db')), junk);
});

test('a foreign SQLite database is refused with AUDIT_DB_FOREIGN and left untouched', async () => {
  const dataDir = tempDir('vigil-bad-');
  const db = new Database(join(dataDir, 'audit.db'));
  db.exec("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')");
  db.close();
  const before = readFileSync(join(dataDir, 'audit.db'));
  await assert.rejects(open(dataDir), { code: 'AUDIT_DB_FOREIGN' });
  assert.deepEqual(readFileSync(join(dataDir, 'audit.db')), before);
});

test('a newer format version is refused, not rewritten', async () => {
  const { dataDir, lastSeq } = await buildChain(50);
  const db = new Database(join(dataDir, 'audit.db'));
  db.prepare("UPDATE meta SET value = '2' WHERE key = 'format_version'").run();
  db.close();
  const before = readFileSync(join(dataDir, 'audit.db'));
  await assert.rejects(open(dataDir), { code: 'AUDIT_FORMAT_UNSUPPORTED' });
  assert.deepEqual(readFileSync(join(dataDir, 'audit.db')), before);
  const fix = new Database(join(dataDir, 'audit.db'));
  fix.prepare("UPDATE meta SET value = '1' WHERE key = 'format_version'").run();
  fix.close();
  assert.equal(await verifies(dataDir), lastSeq);
});

test('a missing signing key gives AUDIT_KEY_MISSING, writes nothing, and the chain resumes once the key is back', async () => {
  const { dataDir, lastSeq } = await buildChain(50);
  const keyFile = join(dataDir, 'keys', 'audit-signing.key');
  renameSync(keyFile, `${keyFile}.away`);
  const before = readFileSync(join(dataDir, 'audit.db'));
  await assert.rejects(open(dataDir), { code: 'AUDIT_KEY_MISSING' });
  assert.deepEqual(readFileSync(join(dataDir, 'audit.db')), before);
  renameSync(`${keyFile}.away`, keyFile);
  const store = await open(dataDir);
  const seq = await store.append('interaction', { back: true });
  await store.close();
  assert.ok(seq > lastSeq);
  assert.equal(await verifies(dataDir), store.lastSeq);
});

/** Runs open-child with `dir` read-only: a read-only bind mount when we are root (root ignores modes), else chmod. */
function openReadOnly(dir: string, mountPoint: string): { ok: boolean; code?: string; skip?: string } {
  const args = ['--import', 'tsx', child, dir, 'file'];
  if (process.getuid?.() !== 0) {
    chmodSync(mountPoint, 0o555);
    try {
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      return JSON.parse(r.stdout) as { ok: boolean; code?: string };
    } finally {
      chmodSync(mountPoint, 0o700);
    }
  }
  const script = `mount -o bind,ro "$1" "$1" && shift && exec "$@"`;
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', mountPoint, process.execPath, ...args], { encoding: 'utf8' });
  if (r.status !== 0 && !r.stdout) return { ok: false, skip: `cannot make a read-only mount here: ${r.stderr || r.error}` };
  return JSON.parse(r.stdout) as { ok: boolean; code?: string };
}

test('a read-only data dir gives AUDIT_DATA_DIR_READONLY and loses nothing', async (t) => {
  const { dataDir, lastSeq } = await buildChain(50);
  const before = readFileSync(join(dataDir, 'audit.db'));
  const existing = openReadOnly(dataDir, dataDir);
  if (existing.skip) {
    if (process.env.CI === 'true') assert.fail(existing.skip);
    return t.skip(existing.skip);
  }
  assert.deepEqual(existing, { ok: false, code: 'AUDIT_DATA_DIR_READONLY', message: (existing as { message?: string }).message });
  assert.deepEqual(readFileSync(join(dataDir, 'audit.db')), before);
  assert.equal(await verifies(dataDir), lastSeq);
  // A first run whose data dir cannot be created fails the same way.
  const parent = tempDir('vigil-ro-');
  mkdirSync(join(parent, 'inner'));
  const fresh = openReadOnly(join(parent, 'inner', 'vigil'), parent);
  assert.equal(fresh.code, 'AUDIT_DATA_DIR_READONLY');
});
