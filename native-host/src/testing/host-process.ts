import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameDecoder, encodeFrame } from '../messaging/framing.ts';

/** Test factory: the built `vigil` CLI, a fresh data dir, and helpers to talk to host processes as Chrome does. */
export const VIGIL_BIN = fileURLToPath(new URL('../../bin/vigil.mjs', import.meta.url));

export function freshDirs(prefix = 'vigil-test-'): { dataDir: string; userDataDir: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { dataDir: join(root, 'data'), userDataDir: join(root, 'profile') };
}

export function vigil(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [VIGIL_BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

export interface HostProcess {
  child: ChildProcessWithoutNullStreams;
  send(message: unknown): void;
  sendRaw(bytes: Buffer): void;
  /** Next decoded reply, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process ends, or rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | string>;
  stderr(): string;
}

/** Spawns an executable (the installed launcher) with piped stdio, like Chrome does. */
export function spawnHost(command: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): HostProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'pipe' });
  const decoder = new FrameDecoder();
  const replies: Record<string, unknown>[] = [];
  const waiters: ((r: Record<string, unknown>) => void)[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    for (const e of decoder.push(d)) {
      if (e.kind !== 'frame') continue;
      const reply = JSON.parse(e.text) as Record<string, unknown>;
      const waiter = waiters.shift();
      if (waiter) waiter(reply);
      else replies.push(reply);
    }
  });
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const within = <T>(p: Promise<T>, ms: number, what: string) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms; stderr: ${err}`)), ms))]);
  return {
    child,
    send: (message) => child.stdin.write(encodeFrame(JSON.stringify(message))),
    sendRaw: (bytes) => child.stdin.write(bytes),
    next: (timeoutMs = 2000) => {
      const queued = replies.shift();
      return queued ? Promise.resolve(queued) : within(new Promise((r) => waiters.push(r)), timeoutMs, 'reply');
    },
    exited: (timeoutMs = 2000) => within(exit, timeoutMs, 'exit'),
    stderr: () => err,
  };
}
