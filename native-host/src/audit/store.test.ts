import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseCheckpointNote, RecordTypes } from '@vigil/shared/audit-format/index';
import { openSecretStore } from '../keychain/secret-store.ts';
import { createLogger } from '../log/logger.ts';
import { tempDir } from '../verify/testing/chain-fixture.ts';
import { openAuditStore } from './open-store.ts';
import { generateSigningKey, KEY_NAME, NEXT_KEY_NAME } from './signing-key.ts';
import { nodeAuditCrypto } from './node-crypto.ts';
import { verifyMain } from '../verify/cli.ts';

const log = createLogger({ component: 'store-test', level: 'error' });

async function fresh(opts: { checkpointEvery?: number; checkpointIntervalMs?: number } = {}) {
  const dataDir = tempDir('vigil-store-');
  const secretStore = await openSecretStore({ dataDir, mode: 'file' });
  const open = () => openAuditStore({ dataDir, log, secretStore, checkpointIntervalMs: 0, ...opts });
  return { dataDir, secretStore, open, store: await open() };
}

const rows = (dataDir: string, sql: string, ...args: unknown[]) => {
  const db = new Database(join(dataDir, 'audit.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

test('concurrent appends resolve with consecutive seqs, stored in call order', async () => {
  const { store, dataDir } = await fresh();
  const first = store.lastSeq;
  const seqs = await Promise.all(Array.from({ length: 500 }, (_, i) => store.append('interaction', { i })));
  assert.deepEqual(seqs, Array.from({ length: 500 }, (_, i) => first + 1 + i));
  const bodies = rows(dataDir, 'SELECT body FROM records WHERE seq > ? ORDER BY seq', first).map((r) => JSON.parse(r.body as string).i);
  assert.deepEqual(bodies, Array.from({ length: 500 }, (_, i) => i));
  await store.close();
});

test('bad types and non-JSON bodies are refused; a closed store refuses appends', async () => {
  const { store } = await fresh();
  await assert.rejects(store.append('Bad Type', {}), { code: 'AUDIT_BAD_RECORD' });
  await assert.rejects(store.append('interaction', undefined), { code: 'AUDIT_BAD_RECORD' });
  await store.close();
  await assert.rejects(store.append('interaction', {}), { code: 'AUDIT_STORE_CLOSED' });
});

test('checkpoints every N records, every T ms, and at close; the newest also goes to <data-dir>/checkpoint', async () => {
  const { store, dataDir } = await fresh({ checkpointEvery: 10, checkpointIntervalMs: 100 });
  await Promise.all(Array.from({ length: 25 }, (_, i) => store.append('interaction', { i })));
  const byCount = rows(dataDir, "SELECT seq FROM records WHERE type = 'checkpoint'").map((r) => r.seq);
  assert.equal(byCount.length, 2);
  await new Promise((r) => setTimeout(r, 300));
  const byTime = rows(dataDir, "SELECT seq FROM records WHERE type = 'checkpoint'");
  assert.equal(byTime.length, 3, 'no checkpoint from the interval timer');
  await store.append('interaction', { last: true });
  await store.close();
  const all = rows(dataDir, "SELECT seq FROM records WHERE type = 'checkpoint' ORDER BY seq").map((r) => r.seq as number);
  const last = all[all.length - 1]!;
  assert.equal(last, rows(dataDir, 'SELECT max(seq) AS m FROM records')[0]!.m, 'close did not write the shutdown checkpoint');
  assert.equal(parseCheckpointNote(readFileSync(join(dataDir, 'checkpoint'), 'utf8')).checkpoint.size, last - 1);
});

test('a rotation that crashed after its record was durable is completed on the next open', async () => {
  const { store, dataDir, secretStore, open } = await fresh();
  const old = store.keyId;
  const rotated = await store.rotateKey('test');
  await store.append('interaction', { after: 'rotation' });
  await store.close();
  // Simulate the crash window: the new key is only under NEXT and the main entry holds another key.
  const current = await secretStore.get(KEY_NAME);
  await secretStore.set(NEXT_KEY_NAME, current!);
  await secretStore.set(KEY_NAME, generateSigningKey(nodeAuditCrypto()).pkcs8);
  const reopened = await open();
  assert.equal(reopened.keyId, rotated.keyId);
  assert.notEqual(reopened.keyId, old);
  assert.equal(await secretStore.get(NEXT_KEY_NAME), null);
  await reopened.append('interaction', { resumed: true });
  await reopened.close();
  const pub = readFileSync(join(dataDir, 'audit-key.pub'), 'utf8');
  assert.equal(pub.match(/BEGIN PUBLIC KEY/g)?.length, 2);
  assert.equal(rows(dataDir, 'SELECT count(*) AS n FROM records WHERE type = ?', RecordTypes.keyRotation)[0]!.n, 1);
});

async function verifies(dataDir: string): Promise<void> {
  let out = '';
  const code = await verifyMain(['--db', join(dataDir, 'audit.db'), '--json', '--state', join(dataDir, 'seen.json'), '--threads', '2'], (s) => (out += s), () => {});
  assert.equal(code, 0, out);
}

test('a group that fails to commit rejects only its appends; the ones hashed after it are hashed again and land', async () => {
  const { store, dataDir } = await fresh();
  // A real failure inside the real database: this insert aborts its whole transaction.
  const db = new Database(join(dataDir, 'audit.db'));
  db.exec(`CREATE TRIGGER poison BEFORE INSERT ON records WHEN NEW.body LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  db.close();
  const results = await Promise.allSettled(Array.from({ length: 3000 }, (_, i) => store.append('interaction', { i, text: i === 1500 ? 'poison' : 'fine' })));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
  assert.ok(failed.includes(1500));
  assert.ok(failed.length < 3000 && results[2999]!.status === 'fulfilled', 'appends after the failed group were lost');
  const seqs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seqs out of call order');
  const stored = rows(dataDir, 'SELECT seq, body FROM records WHERE seq >= ? ORDER BY seq', seqs[0]).filter((r) => (r.body as string).startsWith('{"i"'));
  assert.deepEqual(stored.map((r) => JSON.parse(r.body as string).i), results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : [])));
  await store.close();
  await verifies(dataDir);
});

test('records another process appends meanwhile (vigil audit erase beside the daemon) are taken in, not forked', async () => {
  const { store, dataDir, open } = await fresh();
  const first = Array.from({ length: 2000 }, (_, i) => store.append('interaction', { i }));
  const other = await open();
  const erased = await other.erase({ seq: 2 });
  await other.close();
  const second = Array.from({ length: 2000 }, (_, i) => store.append('interaction', { i: 2000 + i }));
  const seqs = await Promise.all([...first, ...second]);
  assert.equal(new Set(seqs).size, 4000);
  assert.ok(erased.recordSeq !== null && seqs.some((s) => s > erased.recordSeq!), 'the erasure was not written between the appends');
  await store.close();
  await verifies(dataDir);
});
