import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSecretStore } from '../../keychain/secret-store.ts';
import { createLogger } from '../../log/logger.ts';
import { openAuditStore } from '../../audit/open-store.ts';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits (chains are megabytes; dozens per run). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Test factory: a real chain written by the real store (file key store, so no keychain is needed),
 * with a key rotation in the middle, one erased record and checkpoints every 1000 records.
 */
export async function buildChain(records: number, opts: { rotateAt?: number; eraseSeq?: number } = {}): Promise<{ dataDir: string; lastSeq: number }> {
  const dataDir = tempDir('vigil-chain-');
  const secretStore = await openSecretStore({ dataDir, mode: 'file' });
  const store = await openAuditStore({ dataDir, log: createLogger({ component: 'audit-test', level: 'error' }), secretStore, checkpointEvery: 1000, checkpointIntervalMs: 0 });
  const pending: Promise<number>[] = [];
  for (let i = 0; i < records; i++) {
    pending.push(store.append(i % 3 === 0 ? 'verdict' : 'interaction', { i, site: 'chat.example', prompt: `prompt number ${i} ünïcödé` }));
    if (opts.rotateAt !== undefined && i === opts.rotateAt) {
      await Promise.all(pending.splice(0));
      await store.rotateKey('scheduled rotation (test)');
    }
  }
  await Promise.all(pending);
  if (opts.eraseSeq !== undefined) await store.erase({ seq: opts.eraseSeq });
  await store.close();
  return { dataDir, lastSeq: store.lastSeq };
}

/** Copies a data dir's chain files (database, key export, checkpoint) to a fresh directory. */
export function copyChain(from: string): string {
  const to = tempDir('vigil-copy-');
  for (const name of ['audit.db', 'audit-key.pub', 'checkpoint']) {
    if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
  }
  return to;
}
