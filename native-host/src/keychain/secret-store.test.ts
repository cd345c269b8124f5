import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSecretStore } from './secret-store.ts';

test('file store keeps keys in 0600 files and warns why', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-keys-'));
  const store = await openSecretStore({ dataDir, mode: 'file' });
  assert.equal(store.kind, 'file');
  assert.match(store.warning ?? '', /file key store/);
  assert.equal(await store.get('audit-signing'), null);
  await store.set('audit-signing', Buffer.from('secret-bytes'));
  assert.equal((await store.get('audit-signing'))?.toString(), 'secret-bytes');
  const info = await stat(join(dataDir, 'keys', 'audit-signing.key'));
  assert.equal(info.mode & 0o777, 0o600);
  assert.equal((await stat(join(dataDir, 'keys'))).mode & 0o777, 0o700);
  assert.equal(await store.delete('audit-signing'), true);
  assert.equal(await store.get('audit-signing'), null);
});

test('file store refuses a key file other users can read', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-keys-'));
  const store = await openSecretStore({ dataDir, mode: 'file' });
  await store.set('ca', Buffer.from('k'));
  await chmod(join(dataDir, 'keys', 'ca.key'), 0o644);
  await assert.rejects(store.get('ca'), { code: 'KEY_FILE_INSECURE' });
});

test('auto mode falls back to files with a warning when no Secret Service answers', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-keys-'));
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(dataDir, 'no-bus')}`;
  try {
    const store = await openSecretStore({ dataDir, mode: 'auto' });
    assert.equal(store.kind, 'file');
    assert.match(store.warning ?? '', /OS keychain unavailable/);
  } finally {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  }
});
