import Database from 'better-sqlite3';
import { ErrorCodes, VigilError } from '@vigil/shared';
import type { AuditRecord } from '@vigil/shared/audit-format/index';
import { keyLineage } from './lineage.ts';
import { classifySqliteError, readMeta, type DbMeta } from './schema.ts';

/** Anything the verifier can walk: the SQLite database or a JSONL export. */
export interface ChainSource {
  readonly meta: DbMeta;
  /** Records in seq order, in batches. */
  batches(batchSize: number): Iterable<AuditRecord[]>;
  close(): void;
}

interface Row {
  seq: number;
  ts: number;
  type: string;
  body: string | null;
  body_hash: Uint8Array;
  prev_hash: Uint8Array;
  hash: Uint8Array;
  key_id: string;
  sig: Uint8Array;
}

export const toRecord = (r: Row): AuditRecord => ({
  seq: r.seq,
  ts: r.ts,
  type: r.type,
  body: r.body,
  bodyHash: r.body_hash,
  prevHash: r.prev_hash,
  hash: r.hash,
  keyId: r.key_id,
  sig: r.sig,
});

const COLUMNS = 'seq, ts, type, body, body_hash, prev_hash, hash, key_id, sig';

/**
 * Read-only view of an audit database: opened with SQLITE_OPEN_READONLY, so neither the verifier nor
 * the CLI's read commands can change a byte. Contains no write path by design (the verifier imports it).
 */
export class AuditReader implements ChainSource {
  readonly meta: DbMeta;
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
      const meta = readMeta(this.db, file);
      if (!meta) throw new VigilError(ErrorCodes.AUDIT_DB_FOREIGN, `${file} is an empty SQLite file, not an audit chain`, { file });
      this.meta = meta;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN') {
        throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, `cannot open ${file}`, { file });
      }
      throw classifySqliteError(err, file);
    }
  }

  count(): number {
    return (this.db.prepare('SELECT max(seq) FROM records').pluck().get() as number | null) ?? 0;
  }

  get(seq: number): AuditRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM records WHERE seq = ?`).get(seq) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Record hashes of seq 1..upTo, in order (Merkle leaves). */
  hashes(upTo: number): Uint8Array[] {
    return this.db.prepare('SELECT hash FROM records WHERE seq <= ? ORDER BY seq').pluck().all(upTo) as Uint8Array[];
  }

  /** Public keys of the chain, oldest first. */
  keyLineage(): Uint8Array[] {
    return keyLineage(this.db);
  }

  /** The newest checkpoint record, if any. */
  latestCheckpoint(): AuditRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM records WHERE type = 'checkpoint' ORDER BY seq DESC LIMIT 1`).get() as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Pages of records in seq order. Each row's four byte fields come back as one BLOB, sliced here:
   * better-sqlite3 gives every BLOB its own ArrayBuffer, which cost more than the rest of the read
   * (measured: 10 µs a row with four BLOBs, 3.3 µs with one). A row whose fields do not have the format's
   * types and lengths (a tampered database) is read column by column instead, as stored.
   */
  *batches(batchSize: number): Iterable<AuditRecord[]> {
    const page = this.db
      .prepare(
        `SELECT seq, ts, type, body, key_id, CAST(body_hash || prev_hash || hash || sig AS BLOB),
          typeof(body_hash) || typeof(prev_hash) || typeof(hash) || typeof(sig) = 'blobblobblobblob'
          AND length(body_hash) = 32 AND length(prev_hash) = 32 AND length(hash) = 32 AND length(sig) = 64
        FROM records WHERE seq > ? ORDER BY seq LIMIT ?`,
      )
      .raw();
    let after = -1;
    for (;;) {
      let rows: [number, number, string, string | null, string, Uint8Array | null, number | null][];
      try {
        rows = page.all(after, batchSize) as typeof rows;
      } catch (err) {
        throw classifySqliteError(err, this.file);
      }
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![0];
      yield rows.map(([seq, ts, type, body, keyId, bytes, wellFormed]) =>
        wellFormed === 1 && bytes
          ? { seq, ts, type, body, keyId, bodyHash: bytes.subarray(0, 32), prevHash: bytes.subarray(32, 64), hash: bytes.subarray(64, 96), sig: bytes.subarray(96, 160) }
          : this.get(seq)!,
      );
    }
  }

  close(): void {
    this.db.close();
  }
}
