import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The newest checkpoint the verifier has accepted for a chain; a later, smaller one is a rollback. */
export interface SeenCheckpoint {
  size: number;
  rootHash: string;
  seenAt: string;
}

type SeenFile = Record<string, SeenCheckpoint>;

/** The verifier's own memory, outside the data dir it checks: `$XDG_STATE_HOME/vigil-verify/seen.json`. */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'vigil-verify', 'seen.json');
}

export function readSeen(path: string, chainId: string): SeenCheckpoint | null {
  try {
    const all = JSON.parse(readFileSync(path, 'utf8')) as SeenFile;
    return all[chainId] ?? null;
  } catch {
    return null;
  }
}

export function rememberSeen(path: string, chainId: string, cp: SeenCheckpoint): void {
  let all: SeenFile = {};
  try {
    all = JSON.parse(readFileSync(path, 'utf8')) as SeenFile;
  } catch {
    // first run, or an unreadable file we are about to replace
  }
  const prev = all[chainId];
  if (prev && prev.size >= cp.size) return;
  all[chainId] = cp;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
