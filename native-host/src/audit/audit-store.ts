import { ErrorCodes, VigilError } from '@vigil/shared';
import { RecordTypes, toHex } from '@vigil/shared/audit-format/index';
import type { SecretStore } from '../keychain/secret-store.ts';
import { exportPublicKeys } from './checkpoint-file.ts';
import { keyLineage } from './lineage.ts';
import { generateSigningKey, KEY_NAME, NEXT_KEY_NAME } from './signing-key.ts';
import { ChainWriter, type StoreParts } from './store.ts';

/** What to erase: one record, or every erasable record with from ≤ ts ≤ to (ms since epoch). */
export type EraseSelection = { seq: number } | { from: number; to: number };

export interface EraseResult {
  /** Seqs whose bodies were dropped by this call (already-erased ones are not repeated). */
  erased: number[];
  /** Seq of the `erasure` record that documents it, or null when nothing matched. */
  recordSeq: number | null;
}

/**
 * The daemon's audit store: `AuditSink` plus checkpoints, key rotation, erasure and shutdown.
 * Open it with `openAuditStore` (open-store.ts). One writer per data dir is the design; a second
 * process that appends (the CLI's erase) is tolerated because each batch re-reads the chain head.
 */
export class AuditStore extends ChainWriter {
  private timer: NodeJS.Timeout | null = null;

  constructor(parts: StoreParts, private readonly secrets: SecretStore, checkpointIntervalMs: number) {
    super(parts);
    if (checkpointIntervalMs > 0) {
      this.timer = setInterval(() => {
        this.checkpoint().catch((err: Error) => parts.log.error('audit: checkpoint failed', { error: err.message }));
      }, checkpointIntervalMs);
      this.timer.unref();
    }
  }

  get file(): string {
    return this.p.file;
  }

  get chainId(): string {
    return this.p.chainId;
  }

  /**
   * Writes a checkpoint now if any record came after the last one; resolves with its seq (or null)
   * once it is in the chain and in the checkpoint file.
   */
  async checkpoint(): Promise<number | null> {
    const seq = await this.exclusive(async () => {
      if (this.p.state.sinceCheckpoint === 0) return null;
      await this.writeBatch([], true);
      return this.p.state.lastSeq;
    });
    await this.published();
    return seq;
  }

  /**
   * Replaces the signing key. The new key is saved under NEXT first, then a `key-rotation` record
   * signed by the old key introduces it, then it becomes the current key; a crash between the steps
   * is repaired on open (see resolveSigningKey).
   */
  rotateKey(reason: string): Promise<{ seq: number; keyId: string }> {
    return this.exclusive(async () => {
      const next = generateSigningKey(this.p.crypto);
      await this.secrets.set(NEXT_KEY_NAME, next.pkcs8);
      const [seq] = await this.writeBatch([
        this.internal(RecordTypes.keyRotation, { newPublicKey: toHex(next.publicKey), newKeyId: next.keyId, previousKeyId: this.p.key.keyId, reason }),
      ]);
      this.p.key = next;
      this.p.pool.setKey(next);
      await this.secrets.set(KEY_NAME, next.pkcs8);
      await this.secrets.delete(NEXT_KEY_NAME);
      exportPublicKeys(this.p.dataDir, keyLineage(this.p.db));
      return { seq: seq!, keyId: next.keyId };
    });
  }

  /**
   * Drops record bodies but keeps their bodyHash, so the chain still verifies and the verifier reports
   * them as erased. Structural records (chain start, rotations, checkpoints, erasures) cannot be erased.
   * SQLite's secure_delete plus a WAL truncation make sure the text does not linger in free pages.
   */
  erase(sel: EraseSelection, reason = 'erased by the user'): Promise<EraseResult> {
    return this.exclusive(async () => {
      const { db } = this.p;
      const [lo, hi, column] = 'seq' in sel ? [sel.seq, sel.seq, 'seq'] : [sel.from, sel.to, 'ts'];
      const rows = db.prepare(`SELECT seq, type, body IS NULL AS erased FROM records WHERE ${column} BETWEEN ? AND ? ORDER BY seq`).all(lo, hi) as {
        seq: number;
        type: string;
        erased: number;
      }[];
      if ('seq' in sel) {
        const row = rows[0];
        if (!row) throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, `no audit record ${sel.seq}`, { seq: sel.seq });
        if (this.isStructural(row.type)) {
          throw new VigilError(ErrorCodes.AUDIT_BAD_RECORD, `record ${sel.seq} is a ${row.type} record, which the chain needs; it cannot be erased`, { seq: sel.seq, type: row.type });
        }
      }
      const seqs = rows.filter((r) => !r.erased && !this.isStructural(r.type)).map((r) => r.seq);
      if (seqs.length === 0) return { erased: [], recordSeq: null };
      const now = Date.now();
      const update = db.prepare('UPDATE records SET body = NULL, erased_at = ? WHERE seq = ?');
      db.transaction(() => seqs.forEach((s) => update.run(now, s)))();
      const [recordSeq] = await this.writeBatch([this.internal(RecordTypes.erasure, { ranges: toRanges(seqs), count: seqs.length, reason })]);
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { erased: seqs, recordSeq: recordSeq! };
    });
  }

  /** Flushes, writes the shutdown checkpoint (to the chain and `<data-dir>/checkpoint`), and closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      await this.exclusive(async () => {
        if (this.p.state.sinceCheckpoint > 0) await this.writeBatch([], true);
      });
      await this.published();
      this.p.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.p.db.close();
      await this.p.pool.close();
    }
  }

  /** For the store's own records written at open. */
  appendInternal(type: string, body: unknown): Promise<number> {
    return this.exclusive(async () => (await this.writeBatch([this.internal(type, body)]))[0]!);
  }
}

function toRanges(seqs: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of seqs) {
    const last = out[out.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}
