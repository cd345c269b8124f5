import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { AUDIT_FORMAT_VERSION, CompactRange, GENESIS_PREV_HASH, keyIdOf, RecordTypes, toHex } from '@vigil/shared/audit-format/index';
import { openSecretStore, type SecretStore } from '../keychain/secret-store.ts';
import type { Logger } from '../log/logger.ts';
import { AuditStore } from './audit-store.ts';
import { databasePath, exportPublicKeys } from './checkpoint-file.ts';
import { resolveSigningKey } from './key-lineage.ts';
import { keyLineage } from './lineage.ts';
import { nodeAuditCrypto } from './node-crypto.ts';
import { AUDIT_APP_ID, SCHEMA_SQL, assertSupported, classifySqliteError, readMeta } from './schema.ts';
import { SignPool } from './sign-pool.ts';
import type { ChainState } from './store.ts';

export interface OpenAuditStoreOptions {
  /** The data dir: the database is `<dataDir>/audit.db`, plus `checkpoint` and `audit-key.pub` next to it. */
  dataDir: string;
  log: Logger;
  /** Where the signing key lives; default `openSecretStore({dataDir})` (keychain, else 0600 file + warning). */
  secretStore?: SecretStore;
  /** Checkpoint after this many records (default 1000). */
  checkpointEvery?: number;
  /** …and at least this often while records arrive (default 60 s; 0 = only by count and at close). */
  checkpointIntervalMs?: number;
  /** Signing worker threads (default: one per core). */
  signThreads?: number;
}

/**
 * Opens (creating on first run) the audit chain of a data dir and returns the single writer.
 *
 *   const audit = await openAuditStore({ dataDir, log });
 *   const seq = await audit.append('interaction', {...});   // durable when it resolves
 *   await audit.close();                                     // shutdown checkpoint
 *
 * Refuses, with a stable code and without writing anything: a read-only data dir
 * (AUDIT_DATA_DIR_READONLY), a file that is not SQLite (AUDIT_DB_CORRUPT) or not ours (AUDIT_DB_FOREIGN),
 * an unknown format version (AUDIT_FORMAT_UNSUPPORTED), a chain whose signing key is not in the key
 * store (AUDIT_KEY_MISSING). A file-based key store's warning is logged and recorded in the chain.
 */
export async function openAuditStore(opts: OpenAuditStoreOptions): Promise<AuditStore> {
  const { dataDir, log } = opts;
  const file = databasePath(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch (err) {
    throw new VigilError(ErrorCodes.AUDIT_DATA_DIR_READONLY, `the data dir ${dataDir} is not writable (${(err as Error).message})`, { dataDir });
  }
  const c = nodeAuditCrypto();
  let db: Database.Database;
  let meta;
  try {
    db = new Database(file);
    meta = readMeta(db, file);
    if (meta) assertSupported(meta, file);
  } catch (err) {
    throw classifySqliteError(err, file);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    const lineage = meta ? keyLineage(db) : [];
    const active = lineage.length ? keyIdOf(c, lineage[lineage.length - 1]!) : null;
    const secrets = opts.secretStore ?? (await openSecretStore({ dataDir }));
    const { key } = await resolveSigningKey(secrets, c, active);
    if (!meta) {
      meta = { formatVersion: AUDIT_FORMAT_VERSION, chainId: randomUUID() };
      db.transaction(() => {
        db.pragma(`application_id = ${AUDIT_APP_ID}`);
        db.exec(SCHEMA_SQL);
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('format_version', String(meta!.formatVersion), 'chain_id', meta!.chainId);
      })();
    }
    const state = loadState(db, c);
    const pool = new SignPool(key, opts.signThreads);
    const store = new AuditStore(
      { db, file, dataDir, chainId: meta.chainId, log, crypto: c, pool, key, state, checkpointEvery: opts.checkpointEvery ?? 1000 },
      secrets,
      opts.checkpointIntervalMs ?? 60_000,
    );
    if (state.lastSeq === 0) {
      await store.appendInternal(RecordTypes.chainStart, { chainId: meta.chainId, formatVersion: meta.formatVersion, publicKey: toHex(key.publicKey), keyId: key.keyId });
    }
    if (secrets.kind === 'file' && secrets.warning) {
      log.warn(`audit: ${secrets.warning}`);
      await store.appendInternal(RecordTypes.keyStoreWarning, { keyStore: secrets.kind, warning: secrets.warning });
    }
    exportPublicKeys(dataDir, keyLineage(db));
    return store;
  } catch (err) {
    if (db.open) db.close();
    throw err instanceof VigilError ? err : classifySqliteError(err, file);
  }
}

function loadState(db: Database.Database, c: ReturnType<typeof nodeAuditCrypto>): ChainState {
  const range = new CompactRange(c);
  const state: ChainState = { lastSeq: 0, lastHash: GENESIS_PREV_HASH, range, sinceCheckpoint: 0 };
  for (const r of db.prepare('SELECT seq, hash, type FROM records ORDER BY seq').iterate() as Iterable<{ seq: number; hash: Uint8Array; type: string }>) {
    range.append(r.hash);
    state.sinceCheckpoint = r.type === RecordTypes.checkpoint ? 0 : state.sinceCheckpoint + 1;
    state.lastSeq = r.seq;
    state.lastHash = r.hash;
  }
  return state;
}
