import type { Server, Socket } from 'node:net';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';
import type { DataPaths } from '../config/paths.ts';
import { listenLocal, tryConnectLocal } from '../ipc/local-socket.ts';

/**
 * Connections that reach the new daemon's socket before it serves them (relays started at the same
 * moment, the CLI): held from the instant the socket exists until the daemon takes them over.
 */
export interface EarlyConnections { sockets: Socket[]; hold(socket: Socket): void }

export type Election = { role: 'daemon'; server: Server; early: EarlyConnections } | { role: 'relay'; socket: Socket };

const STALE_LOCK_MS = 10_000;

/**
 * Decides whether this process becomes the user's daemon or relays to the running one. A live
 * socket means relay. Otherwise the election lock (an atomic mkdir) lets exactly one contender
 * remove a stale socket and bind a fresh one; the others retry and find it live.
 */
export async function elect(paths: DataPaths, timeoutMs = 5000): Promise<Election> {
  await prepareRunDir(paths.runDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = await tryConnectLocal(paths.socket);
    if (socket) return { role: 'relay', socket };
    if (await acquireLock(paths.electionLock)) {
      try {
        const late = await tryConnectLocal(paths.socket);
        if (late) return { role: 'relay', socket: late };
        if (process.platform !== 'win32') await rm(paths.socket, { force: true });
        const sockets: Socket[] = [];
        const hold = (socket: Socket) => void sockets.push(socket);
        const server = await listenLocal(paths.socket, hold);
        if (process.platform !== 'win32') await chmod(paths.socket, 0o600);
        return { role: 'daemon', server, early: { sockets, hold } };
      } finally {
        await rm(paths.electionLock, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) {
      throw new VigilError(ErrorCodes.DAEMON_UNAVAILABLE, `could not reach or become the daemon at ${paths.socket} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
  }
}

async function prepareRunDir(runDir: string): Promise<void> {
  try {
    await mkdir(runDir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await chmod(runDir, 0o700);
  } catch (err) {
    throw new VigilError(ErrorCodes.DATA_DIR_UNUSABLE, `cannot use ${runDir}: ${(err as Error).message}`);
  }
}

async function acquireLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock, { mode: 0o700 });
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A contender that crashed mid-election leaves the lock behind: break it when its owner is gone.
  try {
    const owner = Number(await readFile(join(lock, 'pid'), 'utf8'));
    const age = Date.now() - (await stat(lock)).mtimeMs;
    if ((owner && !isAlive(owner)) || age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
  } catch {
    // The owner is between mkdir and writing its pid, or just released the lock: retry.
  }
  return false;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
