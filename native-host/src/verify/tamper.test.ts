import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bodyHashOf, keyIdOf, recordHashOf } from '@vigil/shared/audit-format/index';
import { nodeAuditCrypto, rawPublicKey } from '../audit/node-crypto.ts';
import { verifyMain } from './cli.ts';
import type { VerifyReport } from './report.ts';
import { buildChain, copyChain } from './testing/chain-fixture.ts';

// One 10k-record chain per file; every case mutates a copy with plain SQL and runs the verifier.
const N = 10_000;
const ERASED = 77;
let master = '';
let last = 0;

before(async () => {
  const built = await buildChain(N, { rotateAt: 5_500, eraseSeq: ERASED });
  master = built.dataDir;
  last = built.lastSeq;
});

async function verify(dir: string, extra: string[] = []): Promise<{ code: number; report: VerifyReport | null; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyMain(['--db', join(dir, 'audit.db'), '--json', '--state', join(dir, 'seen.json'), ...extra], (s) => (out += s), (s) => (err += s));
  return { code, report: out ? (JSON.parse(out) as VerifyReport) : null, err };
}

function tampered(fn: (db: Database.Database) => void): string {
  const dir = copyChain(master);
  const db = new Database(join(dir, 'audit.db'));
  fn(db);
  db.close();
  return dir;
}

const flip = (b: Buffer) => {
  const copy = Buffer.from(b);
  copy[0] = copy[0]! ^ 1;
  return copy;
};

async function expectTampered(dir: string, seq: number | null, what: RegExp): Promise<void> {
  const { code, report, err } = await verify(dir);
  assert.equal(code, 1, err);
  assert.equal(report?.status, 'tampered');
  assert.equal(report?.problem?.seq, seq, JSON.stringify(report?.problem));
  assert.match(report?.problem?.what ?? '', what);
}

test('the pristine copy verifies, with the erased record reported as erased', async () => {
  const { code, report } = await verify(copyChain(master));
  assert.equal(code, 0);
  assert.equal(report?.status, 'intact');
  assert.equal(report?.records, last);
  assert.ok(last > N);
  assert.deepEqual(report?.erased, [ERASED]);
  assert.equal(report?.keys.length, 2);
  assert.ok((report?.checkpoints ?? 0) >= 10);
});

test('a body byte changed', async () => {
  const dir = tampered((db) => db.prepare("UPDATE records SET body = replace(body, 'prompt number', 'prompt numbex') WHERE seq = 4321").run());
  await expectTampered(dir, 4321, /body does not match/);
});

test('a hash changed', async () => {
  const dir = tampered((db) => {
    const { hash } = db.prepare('SELECT hash FROM records WHERE seq = 2000').get() as { hash: Buffer };
    db.prepare('UPDATE records SET hash = ? WHERE seq = 2000').run(flip(hash));
  });
  await expectTampered(dir, 2000, /hash does not match/);
});

test('a signature changed', async () => {
  const dir = tampered((db) => {
    const { sig } = db.prepare('SELECT sig FROM records WHERE seq = 3003').get() as { sig: Buffer };
    db.prepare('UPDATE records SET sig = ? WHERE seq = 3003').run(flip(sig));
  });
  await expectTampered(dir, 3003, /signature does not verify/);
});

// The reader fetches the four byte fields as one BLOB and slices it. Fields of the wrong length must be
// seen as stored, not as the slices of their concatenation (which here would still look intact).
test('the boundary between two byte fields moved', async () => {
  const dir = tampered((db) =>
    db.prepare('UPDATE records SET body_hash = substr(body_hash, 1, 31), prev_hash = CAST(substr(body_hash, 32, 1) || prev_hash AS BLOB) WHERE seq = 3303').run(),
  );
  await expectTampered(dir, 3303, /body does not match/);
});

test('a signature cut short, checked on worker threads and on this one', async () => {
  const dir = tampered((db) => db.prepare('UPDATE records SET sig = substr(sig, 1, 63) WHERE seq = 3304').run());
  await expectTampered(dir, 3304, /signature does not verify/);
  const inline = await verify(dir, ['--threads', '0']);
  assert.equal(inline.report?.problem?.seq, 3304);
});

test('a record deleted from the middle', async () => {
  const dir = tampered((db) => db.prepare('DELETE FROM records WHERE seq = 5000').run());
  await expectTampered(dir, 5000, /record 5000 is missing/);
});

test('two records swapped', async () => {
  const dir = tampered((db) => {
    db.prepare('UPDATE records SET seq = -1 WHERE seq = 6100').run();
    db.prepare('UPDATE records SET seq = 6100 WHERE seq = 6101').run();
    db.prepare('UPDATE records SET seq = 6101 WHERE seq = -1').run();
  });
  await expectTampered(dir, 6100, /prevHash|hash does not match/);
});

test('the last K records truncated is caught via the checkpoint file', async () => {
  const dir = tampered((db) => db.prepare('DELETE FROM records WHERE seq > ?').run(last - 5));
  await expectTampered(dir, last - 4, /missing/);
});

test('a record re-signed with another key', async () => {
  const dir = tampered((db) => {
    const c = nodeAuditCrypto();
    const other = generateKeyPairSync('ed25519');
    const { hash } = db.prepare('SELECT hash FROM records WHERE seq = 7000').get() as { hash: Buffer };
    db.prepare('UPDATE records SET sig = ?, key_id = ? WHERE seq = 7000').run(sign(null, hash, other.privateKey), keyIdOf(c, rawPublicKey(other.publicKey)));
  });
  await expectTampered(dir, 7000, /not the chain's key/);
});

test('a checkpoint record edited', async () => {
  let seq = 0;
  const dir = tampered((db) => {
    seq = (db.prepare("SELECT seq FROM records WHERE type = 'checkpoint' ORDER BY seq LIMIT 1 OFFSET 3").get() as { seq: number }).seq;
    db.prepare("UPDATE records SET body = replace(body, '\"size\":', '\"size\": ') WHERE seq = ?").run(seq);
  });
  assert.ok(seq > 3000);
  await expectTampered(dir, seq, /body does not match/);
});

test('the checkpoint file edited', async () => {
  const dir = copyChain(master);
  const note = readFileSync(join(dir, 'checkpoint'), 'utf8').split('\n');
  note[1] = String(Number(note[1]) - 1);
  writeFileSync(join(dir, 'checkpoint'), note.join('\n'));
  await expectTampered(dir, null, /checkpoint file/);
});

test('the format version changed', async () => {
  const dir = tampered((db) => db.prepare("UPDATE meta SET value = '2' WHERE key = 'format_version'").run());
  await expectTampered(dir, 1, /format version/);
});

test('a forged record appended with a fresh key', async () => {
  const dir = tampered((db) => {
    const c = nodeAuditCrypto();
    const fresh = generateKeyPairSync('ed25519');
    const prev = db.prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: Buffer };
    const body = '{"prompt":"forged"}';
    const bodyHash = bodyHashOf(c, body);
    const rec = { prevHash: new Uint8Array(prev.hash), bodyHash, seq: prev.seq + 1, ts: Date.now(), type: 'interaction' };
    const hash = recordHashOf(c, rec);
    db.prepare('INSERT INTO records (seq, ts, type, body, body_hash, prev_hash, hash, key_id, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      rec.seq, rec.ts, rec.type, body, bodyHash, rec.prevHash, hash, keyIdOf(c, rawPublicKey(fresh.publicKey)), sign(null, hash, fresh.privateKey),
    );
  });
  await expectTampered(dir, last + 1, /not the chain's key/);
});

test('a rollback to an older copy is caught by the checkpoint the verifier remembers', async () => {
  const dir = copyChain(master);
  assert.equal((await verify(dir)).code, 0);
  const db = new Database(join(dir, 'audit.db'));
  db.prepare('DELETE FROM records WHERE seq > 3000').run();
  db.close();
  rmSync(join(dir, 'checkpoint'));
  const { code, report } = await verify(dir);
  assert.equal(code, 1);
  assert.equal(report?.problem?.seq, 3001);
  assert.match(report?.problem?.what ?? '', /checkpoint seen on/);
});

test('a chain whose start key is not the pinned key is refused', async () => {
  const dir = copyChain(master);
  const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
  writeFileSync(join(dir, 'audit-key.pub'), other);
  await expectTampered(dir, 1, /not the pinned public key/);
});
