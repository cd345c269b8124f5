import type Database from 'better-sqlite3';
import { ErrorCodes, VigilError } from '@vigil/shared';
import {
  bodyHashOf, canonicalBody, CompactRange, recordHashOf, RecordTypes, signCheckpoint, STRUCTURAL_TYPES, toBase64, TYPE_PATTERN,
  type AuditCrypto,
} from '@vigil/shared/audit-format/index';
import type { AuditSink } from '../daemon/service.ts';
import type { Logger } from '../log/logger.ts';
import { checkpointPath, writeFileDurably } from './checkpoint-file.ts';
import type { SignPool } from './sign-pool.ts';
import type { SigningKey } from './signing-key.ts';

interface Pending {
  type: string;
  body: string;
  ts: number;
  resolve(seq: number): void;
  reject(err: unknown): void;
}

interface Row {
  seq: number;
  ts: number;
  type: string;
  body: string;
  bodyHash: Uint8Array;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/** Largest group commit: bounds memory and the time one transaction holds the write lock. */
const MAX_BATCH = 4096;

export interface ChainState {
  lastSeq: number;
  lastHash: Uint8Array;
  range: CompactRange;
  /** Records after the newest checkpoint record. */
  sinceCheckpoint: number;
}

export interface StoreParts {
  db: Database.Database;
  file: string;
  dataDir: string;
  chainId: string;
  log: Logger;
  crypto: AuditCrypto;
  pool: SignPool;
  key: SigningKey;
  state: ChainState;
  checkpointEvery: number;
}

/**
 * The audit chain writer. Appends are queued and written by one loop: everything queued while the
 * previous transaction committed goes into the next one (group commit), hashes are chained in order,
 * signatures are spread over the cores, and each promise resolves only after COMMIT returned with
 * synchronous=FULL (the WAL is fsynced). Erasure and key rotation run on the same serial loop.
 */
export class ChainWriter implements AuditSink {
  protected queue: Pending[] = [];
  protected tail: Promise<void> = Promise.resolve();
  private drainScheduled = false;
  protected closed = false;
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement;
  private readonly since: Database.Statement;

  constructor(protected readonly p: StoreParts) {
    this.insert = p.db.prepare(
      'INSERT INTO records (seq, ts, type, body, body_hash, prev_hash, hash, key_id, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.last = p.db.prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1');
    this.since = p.db.prepare('SELECT seq, hash, type FROM records WHERE seq > ? ORDER BY seq');
  }

  get keyId(): string {
    return this.p.key.keyId;
  }

  get publicKey(): Uint8Array {
    return this.p.key.publicKey;
  }

  get lastSeq(): number {
    return this.p.state.lastSeq;
  }

  /** Appends one record; resolves with its seq once durable. `type` must match TYPE_PATTERN. */
  append(type: string, body: unknown): Promise<number> {
    if (this.closed) return Promise.reject(new VigilError(ErrorCodes.AUDIT_STORE_CLOSED, 'the audit store is closed'));
    if (!TYPE_PATTERN.test(type)) return Promise.reject(new VigilError(ErrorCodes.AUDIT_BAD_RECORD, `bad record type "${type}"`));
    let text: string;
    try {
      text = canonicalBody(body);
    } catch (err) {
      return Promise.reject(new VigilError(ErrorCodes.AUDIT_BAD_RECORD, (err as Error).message, { type }));
    }
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ type, body: text, ts: Date.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything appended so far is durable. */
  flush(): Promise<void> {
    return this.exclusive(async () => {});
  }

  /** Runs `fn` on the serial write loop after everything queued before it. */
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.drain()).then(fn);
    this.tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private schedule(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.tail = this.tail.then(() => {
      this.drainScheduled = false;
      return this.drain();
    });
  }

  protected async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const seqs = await this.writeBatch(batch);
        batch.forEach((item, i) => item.resolve(seqs[i]!));
      } catch (err) {
        for (const item of batch) item.reject(err);
      }
    }
  }

  /**
   * Writes records (and a checkpoint whenever `checkpointEvery` records have passed, or when forced)
   * in one transaction. Returns the seqs of `items` in order. On any failure nothing is committed and
   * the in-memory chain state is restored.
   */
  protected async writeBatch(items: Omit<Pending, 'resolve' | 'reject'>[], forceCheckpoint = false): Promise<number[]> {
    const { db, crypto: c } = this.p;
    const saved = { ...this.p.state, range: this.p.state.range.clone() };
    db.exec('BEGIN IMMEDIATE');
    try {
      this.catchUp();
      const st = this.p.state;
      const rows: Row[] = [];
      const seqs: number[] = [];
      let note: string | null = null;
      const push = (type: string, body: string, ts: number): number => {
        const seq = st.lastSeq + 1;
        const bodyHash = bodyHashOf(c, body);
        const hash = recordHashOf(c, { prevHash: st.lastHash, bodyHash, seq, ts, type });
        rows.push({ seq, ts, type, body, bodyHash, prevHash: st.lastHash, hash });
        st.lastSeq = seq;
        st.lastHash = hash;
        st.range.append(hash);
        st.sinceCheckpoint = type === RecordTypes.checkpoint ? 0 : st.sinceCheckpoint + 1;
        return seq;
      };
      const checkpoint = () => {
        const cp = { origin: `vigil.local/audit/${this.p.chainId}`, size: st.lastSeq, rootHash: st.range.root() };
        note = signCheckpoint(c, this.p.key, cp);
        push(RecordTypes.checkpoint, canonicalBody({ ...cp, rootHash: toBase64(cp.rootHash), note }), Date.now());
      };
      for (const item of items) {
        seqs.push(push(item.type, item.body, item.ts));
        if (st.sinceCheckpoint >= this.p.checkpointEvery) checkpoint();
      }
      if (forceCheckpoint && st.sinceCheckpoint > 0) checkpoint();
      const sigs = await this.p.pool.signAll(rows.map((r) => r.hash));
      rows.forEach((r, i) =>
        this.insert.run(r.seq, r.ts, r.type, r.body, r.bodyHash, r.prevHash, r.hash, this.p.key.keyId, sigs[i]!),
      );
      db.exec('COMMIT');
      if (note) this.publishCheckpoint(note);
      return seqs;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      this.p.state = saved;
      throw err;
    }
  }

  /** The newest checkpoint also goes to `<data-dir>/checkpoint`, so a truncated database cannot match it. */
  private publishCheckpoint(note: string): void {
    try {
      writeFileDurably(checkpointPath(this.p.dataDir), note);
    } catch (err) {
      this.p.log.error('audit: could not write the checkpoint file', { error: (err as Error).message });
    }
  }

  /**
   * Another process (e.g. `vigil audit erase` while the daemon runs) may have appended since our last
   * batch; fold its records into the chain state so we never fork the chain.
   */
  private catchUp(): void {
    const st = this.p.state;
    const top = this.last.get() as { seq: number; hash: Uint8Array } | undefined;
    if ((top?.seq ?? 0) === st.lastSeq) return;
    for (const r of this.since.iterate(st.lastSeq) as Iterable<{ seq: number; hash: Uint8Array; type: string }>) {
      if (r.type === RecordTypes.keyRotation) {
        throw new VigilError(ErrorCodes.AUDIT_KEY_MISSING, 'another process rotated the audit key; reopen the store', { seq: r.seq });
      }
      st.range.append(r.hash);
      st.sinceCheckpoint = r.type === RecordTypes.checkpoint ? 0 : st.sinceCheckpoint + 1;
      st.lastSeq = r.seq;
      st.lastHash = r.hash;
    }
  }

  /** Queues a record written by the store itself (chain start, rotation, erasure, warnings). */
  protected internal(type: string, body: unknown): { type: string; body: string; ts: number } {
    return { type, body: canonicalBody(body), ts: Date.now() };
  }

  protected isStructural(type: string): boolean {
    return STRUCTURAL_TYPES.has(type);
  }
}
