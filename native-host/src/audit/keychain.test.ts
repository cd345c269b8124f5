import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { RecordTypes } from '@vigil/shared/audit-format/index';
import { openSecretStore } from '../keychain/secret-store.ts';
import type { Logger } from '../log/logger.ts';
import { verifyMain } from '../verify/cli.ts';
import { tempDir } from '../verify/testing/chain-fixture.ts';
import { openAuditStore } from './open-store.ts';

const child = fileURLToPath(new URL('./testing/open-child.ts', import.meta.url));

async function intact(dataDir: string): Promise<void> {
  let out = '';
  const code = await verifyMain(['--db', join(dataDir, 'audit.db'), '--state', join(dataDir, 'seen.json'), '--threads', '0'], (s) => (out += s), () => {});
  assert.equal(code, 0, out);
}

test('the signing key lives in a real Secret Service (gnome-keyring under dbus-run-session)', async (t) => {
  const probe = spawnSync('dbus-run-session', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    const why = 'dbus-run-session is not installed (apt-get install gnome-keyring dbus-x11)';
    if (process.env.CI === 'true') assert.fail(why);
    return t.skip(why);
  }
  const dataDir = tempDir('vigil-keyring-');
  // Two opens in one session: the second must find the key the first stored in the keyring.
  const node = `"${process.execPath}" --import tsx "${child}" "${dataDir}" keychain`;
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', `echo -n x | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ${node} && ${node}`], {
    encoding: 'utf8',
    env: { ...process.env, VIGIL_KEYSTORE: '' },
  });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; keyStore?: string; keyId?: string; code?: string; message?: string });
  assert.equal(lines.length, 2, r.stdout + r.stderr);
  for (const l of lines) assert.equal(l.ok, true, JSON.stringify(l));
  assert.equal(lines[0]!.keyStore, 'keychain');
  assert.equal(lines[0]!.keyId, lines[1]!.keyId, 'the second run did not find the key in the keyring');
  assert.equal(existsSync(join(dataDir, 'keys')), false, 'a key file was written despite a working keychain');
  const db = new Database(join(dataDir, 'audit.db'), { readonly: true });
  assert.equal(db.prepare('SELECT count(*) FROM records WHERE type = ?').pluck().get(RecordTypes.keyStoreWarning), 0);
  db.close();
  await intact(dataDir);
});

test('without a Secret Service the key goes to a 0600 file, and the warning is printed and recorded in the chain', async () => {
  const dataDir = tempDir('vigil-nokeyring-');
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(dataDir, 'no-bus')}`;
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
  try {
    const secretStore = await openSecretStore({ dataDir, mode: 'auto' });
    assert.equal(secretStore.kind, 'file');
    const store = await openAuditStore({ dataDir, log, secretStore, checkpointIntervalMs: 0 });
    await store.append('interaction', { hello: 'world' });
    await store.close();
  } finally {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  }
  assert.ok(warnings.some((w) => /OS keychain unavailable/.test(w)), warnings.join('\n'));
  assert.ok(existsSync(join(dataDir, 'keys', 'audit-signing.key')));
  const db = new Database(join(dataDir, 'audit.db'), { readonly: true });
  const body = db.prepare('SELECT body FROM records WHERE type = ?').pluck().get(RecordTypes.keyStoreWarning) as string;
  db.close();
  assert.equal((JSON.parse(body) as { keyStore: string }).keyStore, 'file');
  assert.match(body, /OS keychain unavailable/);
  await intact(dataDir);
});
