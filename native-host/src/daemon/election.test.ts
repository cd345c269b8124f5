import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { dataPaths } from '../config/paths.ts';
import { tryConnectLocal } from '../ipc/local-socket.ts';
import { elect } from './election.ts';
import { waitFor } from '../testing/wait-for.ts';

const once = <T>(emitter: Socket, event: string) => new Promise<T>((r) => emitter.once(event, r as (v: T) => void));

test('a client that connects the moment the socket exists is held for the daemon, not lost', async () => {
  const paths = dataPaths(join(mkdtempSync(join(tmpdir(), 'vigil-election-')), 'data'));
  // A relay started at the same instant: it polls until the socket answers, then speaks at once.
  let stop = false;
  const client = (async () => {
    while (!stop) {
      const socket = await tryConnectLocal(paths.socket);
      if (socket) {
        socket.write('ping');
        return socket;
      }
      await new Promise((r) => setImmediate(r));
    }
    return null;
  })();
  const election = await elect(paths);
  assert.equal(election.role, 'daemon');
  if (election.role !== 'daemon') return;
  const socket = await Promise.race([client, new Promise<null>((r) => setTimeout(() => r(null), 5000).unref())]);
  stop = true;
  assert.ok(socket, 'the client connected');
  // Whether it connected while the election was finishing or after, the daemon-to-be holds it (the
  // server side may see the connection a moment after the client does).
  await waitFor(() => election.early.sockets.length === 1);
  assert.equal(election.early.sockets.length, 1);
  const held = election.early.sockets[0]!;
  assert.equal(String(await once<Buffer>(held, 'data')), 'ping');
  socket.destroy();
  held.destroy();
  await new Promise((r) => election.server.close(r));
});

test('a second contender relays to the elected daemon', async () => {
  const paths = dataPaths(join(mkdtempSync(join(tmpdir(), 'vigil-election-')), 'data'));
  const [a, b] = await Promise.all([elect(paths), elect(paths)]);
  assert.deepEqual([a.role, b.role].sort(), ['daemon', 'relay']);
  const daemon = a.role === 'daemon' ? a : b.role === 'daemon' ? b : null;
  const relay = a.role === 'relay' ? a : b.role === 'relay' ? b : null;
  assert.ok(daemon && relay);
  // The relay's connection is the one the daemon holds.
  await waitFor(() => daemon.early.sockets.length === 1);
  relay.socket.destroy();
  for (const s of daemon.early.sockets) s.destroy();
  await new Promise((r) => daemon.server.close(r));
});
