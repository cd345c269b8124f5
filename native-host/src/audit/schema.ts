import Database from 'better-sqlite3';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { AUDIT_FORMAT_VERSION } from '@vigil/shared/audit-format/index';

/** PRAGMA application_id of a Vigil audit database ("VGLA"): tells our file from any other SQLite file. */
export const AUDIT_APP_ID = 0x56474c41;

/**
 * Schema v1. Rows are never updated except `body`/`erased_at` on erasure. Hashes and signatures are
 * BLOBs; `meta` holds format_version and chain_id (both also inside the signed chain-start record,
 * so editing them here is caught by the verifier).
 */
export const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE records (
  seq INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  body TEXT,
  body_hash BLOB NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  key_id TEXT NOT NULL,
  sig BLOB NOT NULL,
  erased_at INTEGER
) STRICT;
CREATE INDEX records_ts ON records(ts);
`;

export interface DbMeta {
  formatVersion: number;
  chainId: string;
}

/** Wraps SQLite's own errors on open/first read into stable codes. */
export function classifySqliteError(err: unknown, file: string): VigilError {
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `${file} is not a readable audit database (${msg})`, { file, sqlite: code });
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return new VigilError(ErrorCodes.AUDIT_DATA_DIR_READONLY, `cannot write the audit database ${file} (${msg})`, { file, sqlite: code });
  }
  if (err instanceof VigilError) return err;
  return new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `audit database ${file}: ${msg}`, { file, sqlite: code });
}

/**
 * Reads an opened database's identity. Returns null for a brand-new empty file; refuses a foreign
 * SQLite file. The format version is returned as found (the verifier compares it with the signed
 * chain-start record); writers call `assertSupported`. Nothing is ever rewritten here.
 */
export function readMeta(db: Database.Database, file: string): DbMeta | null {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[];
  if (appId === 0 && tables.length === 0) return null;
  if (appId !== AUDIT_APP_ID || !tables.includes('meta') || !tables.includes('records')) {
    throw new VigilError(ErrorCodes.AUDIT_DB_FOREIGN, `${file} is an SQLite database but not a Vigil audit chain`, { file, applicationId: appId, tables });
  }
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return { formatVersion: Number(meta.format_version), chainId: meta.chain_id ?? '' };
}

/** A newer or unknown format is refused with a clear error, never migrated behind the user's back. */
export function assertSupported(meta: DbMeta, file: string): void {
  if (meta.formatVersion !== AUDIT_FORMAT_VERSION) {
    throw new VigilError(
      ErrorCodes.AUDIT_FORMAT_UNSUPPORTED,
      `${file} has audit format version ${meta.formatVersion}; this build reads version ${AUDIT_FORMAT_VERSION} only`,
      { file, found: meta.formatVersion, supported: AUDIT_FORMAT_VERSION },
    );
  }
}
