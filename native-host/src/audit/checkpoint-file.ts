import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { publicKeyPem } from './signing-key.ts';

/** Name of the latest signed checkpoint next to the database; a truncated database cannot match it. */
export const CHECKPOINT_FILE = 'checkpoint';
export const PUBKEY_FILE = 'audit-key.pub';

/** Writes a file so that a crash leaves either the old or the new content, never a torn one. */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The rename itself is durable only once the directory entry is synced.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** writeFileDurably without blocking the event loop (the writer publishes checkpoints this way). */
export async function writeFileDurablyAsync(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w', 0o644);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export const checkpointPath = (dataDir: string) => join(dataDir, CHECKPOINT_FILE);
export const pubkeyPath = (dataDir: string) => join(dataDir, PUBKEY_FILE);
export const databasePath = (dataDir: string) => join(dataDir, 'audit.db');

/** `<data-dir>/audit-key.pub`: every key of the chain as PEM, oldest (the chain-start key, the trust anchor) first. */
export function exportPublicKeys(dataDir: string, lineage: Uint8Array[]): void {
  const text = lineage.map(publicKeyPem).join('');
  const path = pubkeyPath(dataDir);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileDurably(path, text);
}
