import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extensionIdFromKey } from '../install/extension-id.ts';
import { freshDirs, spawnHost, vigil, type HostProcess } from '../testing/host-process.ts';

// Runs the built host through the launcher `vigil install` writes, exactly as Chrome would.
describe('installed native host', () => {
  const { dataDir, userDataDir } = freshDirs();
  const launcher = join(dataDir, 'bin', 'vigil-host');
  const open: HostProcess[] = [];
  const start = () => {
    const host = spawnHost(launcher, [`chrome-extension://${extensionIdFromKey()}/`]);
    open.push(host);
    return host;
  };

  before(() => {
    const out = vigil(['install', '--user-data-dir', userDataDir, '--data-dir', dataDir]);
    assert.match(out, /Load unpacked/);
  });
  after(() => {
    for (const h of open) h.child.kill('SIGKILL');
  });

  test('install writes a manifest naming the launcher and the extension id', () => {
    const manifest = JSON.parse(readFileSync(join(userDataDir, 'NativeMessagingHosts', 'com.vigil.host.json'), 'utf8'));
    assert.equal(manifest.name, 'com.vigil.host');
    assert.equal(manifest.type, 'stdio');
    assert.equal(manifest.path, launcher);
    assert.deepEqual(manifest.allowed_origins, [`chrome-extension://${extensionIdFromKey()}/`]);
    assert.ok(statSync(launcher).mode & 0o100, 'launcher is executable');
    // Idempotent: a second install changes nothing it reports.
    vigil(['install', '--user-data-dir', userDataDir, '--data-dir', dataDir]);
    assert.equal(JSON.parse(readFileSync(join(dataDir, 'install.json'), 'utf8')).files.length, 2);
  });

  test('ping gets pong with version and pid', async () => {
    const host = start();
    host.send({ id: 1, type: 'ping' });
    const pong = await host.next();
    assert.equal(pong.id, 1);
    assert.equal(pong.type, 'pong');
    assert.equal(pong.version, '0.1.0');
    assert.equal(pong.pid, host.child.pid);
    host.child.stdin.end();
    assert.equal(await host.exited(), 0);
  });

  test('invalid JSON and an unknown type get error replies and the session goes on', async () => {
    const host = start();
    const body = Buffer.from('{"id":2,"type":');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length, 0);
    host.sendRaw(Buffer.concat([header, body]));
    assert.deepEqual(pick(await host.next()), { id: null, type: 'error', code: 'INVALID_JSON' });
    host.send({ id: 3, type: 'launch-missiles' });
    assert.deepEqual(pick(await host.next()), { id: 3, type: 'error', code: 'UNKNOWN_TYPE' });
    host.send({ id: 4, type: 'ping', extra: true });
    assert.deepEqual(pick(await host.next()), { id: 4, type: 'error', code: 'INVALID_MESSAGE' });
    host.send({ id: 5, type: 'ping', v: 99 });
    assert.deepEqual(pick(await host.next()), { id: 5, type: 'error', code: 'UNSUPPORTED_PROTOCOL' });
    host.send({ id: 6, type: 'ping' });
    assert.equal((await host.next()).type, 'pong');
    host.child.stdin.end();
    assert.equal(await host.exited(), 0);
  });

  for (const [name, bytes] of [
    ['a length prefix of 2^31', Buffer.from([0, 0, 0, 0x80])],
    ['garbage bytes', Buffer.from('this is not a native messaging frame at all')],
  ] as const) {
    test(`${name} gets FRAME_TOO_LARGE and a clean exit within 2 s`, async () => {
      const host = start();
      host.sendRaw(bytes);
      assert.deepEqual(pick(await host.next()), { id: null, type: 'error', code: 'FRAME_TOO_LARGE' });
      assert.equal(await host.exited(), 0);
      assert.doesNotMatch(host.stderr(), /at .*\(.*:\d+:\d+\)/, 'no stack trace');
    });
  }

  test('a frame cut short by end of input exits cleanly with a logged reason', async () => {
    const host = start();
    host.sendRaw(Buffer.from([100, 0, 0, 0, 0x7b]));
    host.child.stdin.end();
    assert.equal(await host.exited(), 0);
    assert.match(host.stderr(), /TRUNCATED_FRAME/);
  });

  test('two hosts started at once: one is the daemon, the other relays; both answer ping', async () => {
    const a = start();
    const b = start();
    a.send({ id: 1, type: 'ping' });
    b.send({ id: 1, type: 'ping' });
    // Generous: two host processes start at once, and CI runs test files in parallel on 2 cores.
    const [pa, pb] = await Promise.all([a.next(10_000), b.next(10_000)]);
    assert.equal(pa.type, 'pong');
    assert.equal(pb.type, 'pong');
    assert.equal(pa.pid, pb.pid, 'both answered by the same daemon');
    assert.ok([a.child.pid, b.child.pid].includes(pa.pid as number));
    const status = JSON.parse(vigil(['status', '--json', '--data-dir', dataDir]));
    assert.equal(status.sessions, 3, 'two browser sessions plus the status query');
    // The relay ends when its browser does; the daemon ends with the last session.
    a.child.stdin.end();
    b.child.stdin.end();
    await Promise.all([a.exited(10_000), b.exited(10_000)]);
    assert.equal(existsSync(join(dataDir, 'run', 'vigil.sock')), false, 'daemon removed its socket');
  });

  test('a stale socket left by a crashed daemon is replaced', async () => {
    const socket = join(dataDir, 'run', 'vigil.sock');
    const crashed = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    await new Promise((r) => crashed.once('exit', r));
    assert.ok(existsSync(socket), 'the crashed process left its socket behind');
    const host = start();
    host.send({ id: 7, type: 'ping' });
    const pong = await host.next(10_000);
    assert.equal(pong.pid, host.child.pid);
    host.child.stdin.end();
    await host.exited();
  });

  test('uninstall removes what install wrote', () => {
    const out = vigil(['uninstall', '--data-dir', dataDir]);
    assert.match(out, /removed/);
    assert.equal(existsSync(launcher), false);
    assert.equal(existsSync(join(userDataDir, 'NativeMessagingHosts', 'com.vigil.host.json')), false);
  });
});

function pick(reply: Record<string, unknown>) {
  return { id: reply.id, type: reply.type, code: reply.code };
}
