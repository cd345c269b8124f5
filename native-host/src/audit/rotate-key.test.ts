import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from '@vigil/shared/audit-format/index';
import { verifyMain } from '../verify/cli.ts';
import { VIGIL_BIN, vigil } from '../testing/host-process.ts';
import { databasePath } from './checkpoint-file.ts';
import { nodeAuditCrypto } from './node-crypto.ts';
import { AuditReader } from './reader.ts';

// The built daemon (`vigil start` from the bundle that `npm test` builds) owns the chain, and the
// built `vigil audit rotate-key` runs beside it, as a user would.
const root = mkdtempSync(join(tmpdir(), 'vigil-rotate-'));
const dataDir = join(root, 'data');
const env = { VIGIL_KEYSTORE: 'file', NODE_OPTIONS: '' };
let daemon: ChildProcess | null = null;

after(() => {
  daemon?.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function chain() {
  const reader = new AuditReader(databasePath(dataDir));
  try {
    const records = [...reader.batches(4096)].flat();
    return { records, keyIds: reader.keyLineage().map((k) => keyIdOf(nodeAuditCrypto(), k)) };
  } finally {
    reader.close();
  }
}

async function verifies(): Promise<{ keys: string[] }> {
  let out = '';
  const code = await verifyMain(['--db', databasePath(dataDir), '--json', '--state', join(root, 'seen.json'), '--threads', '1'], (s) => (out += s), () => {});
  assert.equal(code, 0, out);
  return JSON.parse(out) as { keys: string[] };
}

test('rotate-key while the daemon runs is done by the daemon, which goes on signing with the new key', { timeout: 120_000 }, async () => {
  const ready = join(root, 'ready.json');
  const d = spawn(process.execPath, [VIGIL_BIN, 'start', '--data-dir', dataDir, '--ready-file', ready], { env: { ...process.env, ...env }, stdio: 'ignore' });
  daemon = d;
  const exited = new Promise<number | null>((resolve) => d.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(ready), 'the daemon did not get ready');
  const [firstKey] = chain().keyIds;

  const out = vigil(['audit', 'rotate-key', '--data-dir', dataDir, '--reason', 'test rotation'], env);
  const m = /^new key ([0-9a-f]{16}), introduced by record (\d+) \(by the running daemon\)$/m.exec(out);
  assert.ok(m, out);
  const [, newKey, seqText] = m;
  assert.notEqual(newKey, firstKey);

  // Stopping writes the shutdown checkpoint: the daemon's writer must sign it with the new key (a
  // writer left with the old key refuses to append after someone else's rotation).
  d.kill('SIGTERM');
  assert.equal(await exited, 0);
  daemon = null;
  const { records, keyIds } = chain();
  const rotation = records.find((r) => r.seq === Number(seqText))!;
  assert.equal(rotation.type, 'key-rotation');
  assert.equal(rotation.keyId, firstKey, 'the rotation record is signed by the old key');
  assert.equal(JSON.parse(rotation.body!).reason, 'test rotation');
  const last = records[records.length - 1]!;
  assert.ok(last.seq > rotation.seq && last.type === 'checkpoint', `the daemon wrote nothing after the rotation (last record ${last.seq} ${last.type})`);
  assert.equal(last.keyId, newKey);
  assert.deepEqual(keyIds, [firstKey, newKey]);
  assert.deepEqual((await verifies()).keys, [firstKey, newKey]);
  assert.equal(readFileSync(join(dataDir, 'audit-key.pub'), 'utf8').match(/BEGIN PUBLIC KEY/g)?.length, 2);

  // With no daemon running, the command opens the store itself.
  const alone = vigil(['audit', 'rotate-key', '--data-dir', dataDir], env);
  const m2 = /^new key ([0-9a-f]{16}), introduced by record \d+$/m.exec(alone);
  assert.ok(m2, alone);
  assert.deepEqual((await verifies()).keys, [firstKey, newKey, m2[1]]);
});
