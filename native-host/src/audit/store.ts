import type Database from 'better-sqlite3';
import { ErrorCodes, VigilError } from '@vigil/shared';
import {
  bodyHashOf, canonicalBody, CompactRange, recordHashOf, RecordTypes, signCheckpoint, STRUCTURAL_TYPES, toBase64, TYPE_PATTERN,
  type AuditCrypto,
} from '@vigil/shared/audit-format/index';
import type { AuditSink } from '../daemon/service.ts';
import type { Logger } from '../log/logger.ts';
import { checkpointPath, writeFileDurablyAsync } from './checkpoint-file.ts';
import type { SignPool } from './sign-pool.ts';
import type { SigningKey } from './signing-key.ts';

/** A record waiting to be written; appends carry their promise's callbacks, the store's own records do not. */
interface Entry {
  type: string;
  body: string;
  ts: number;
  resolve?(seq: number): void;
  reject?(err: unknown): void;
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

/** Records hashed in chain order and handed to the signers, waiting to be committed (runs commit in order). */
interface Run {
  /** The chain state before its first record; restored when this run, or one before it, cannot be committed. */
  before: ChainState;
  entries: Entry[];
  /** seq of each entry. */
  seqs: number[];
  /** The entries' records plus the checkpoint records between them. */
  rows: Row[];
  keyId: string;
  /** rows.length × 64 bytes. */
  sigs: Promise<Uint8Array>;
  /** Set once `sigs` has resolved. */
  signed: boolean;
  /** The newest checkpoint note among the rows. */
  note: string | null;
}

/** Largest group commit: bounds memory and the time one transaction holds the write lock. */
const MAX_BATCH = 4096;
/** Appends are hashed and sent to the signers in runs of this many as they arrive (a few ms of signing). */
const RUN = 256;

export interface ChainState {
  lastSeq: number;
  lastHash: Uint8Array;
  range: CompactRange;
  /** Records after the newest checkpoint record. */
  sinceCheckpoint: number;
}

const copyState = (s: ChainState): ChainState => ({ ...s, range: s.range.clone() });

export interface StoreParts {
  db: Database.Database;
  file: string;
  dataDir: string;
  chainId: string;
  log: Logger;
  crypto: AuditCrypto;
  pool: SignPool;
  key: SigningKey;
  /** The chain as far as it is hashed: committed records plus the runs still waiting to commit. */
  state: ChainState;
  checkpointEvery: number;
}

/**
 * The audit chain writer, a pipeline: appends are hashed in chain order as they arrive (in runs of
 * RUN), their signatures are made on worker threads, and one loop commits the signed runs in order,
 * everything signed by then in one transaction (group commit). While a group is inserted and fsynced,
 * the workers already sign the next runs. Each append's promise resolves only after the COMMIT of its
 * record returned with synchronous=FULL (the WAL is fsynced). Erasure, key rotation and forced
 * checkpoints run on the same serial loop, with nothing else in flight.
 */
export class ChainWriter implements AuditSink {
  protected queue: Entry[] = [];
  /** Hashed and signing, not yet committed, in chain order. */
  private runs: Run[] = [];
  protected tail: Promise<void> = Promise.resolve();
  private drainScheduled = false;
  /** True while an exclusive operation runs: appends then wait in the queue, unhashed. */
  private holding = false;
  protected closed = false;
  /** The checkpoint note waiting to be written to the checkpoint file, and the write in progress. */
  private nextNote: string | null = null;
  private publishing: Promise<void> = Promise.resolve();
  private readonly insert: Database.Statement;
  private readonly last: Database.Statement;
  private readonly since: Database.Statement;

  constructor(protected readonly p: StoreParts) {
    this.insert = p.db.prepare(
      'INSERT INTO records (seq, ts, type, body, body_hash, prev_hash, hash, key_id, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.last = p.db.prepare('SELECT seq FROM records ORDER BY seq DESC LIMIT 1').pluck();
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
      // Start hashing and signing while a burst of appends is still arriving.
      if (this.queue.length >= RUN && !this.holding) this.prepareQueued();
      this.schedule();
    });
  }

  /** Resolves when everything appended so far is durable. */
  flush(): Promise<void> {
    return this.exclusive(async () => {});
  }

  /**
   * Runs `fn` on the serial write loop after everything queued before it is durable. Nothing is hashed
   * while it runs, so `fn` may change the key or the chain state and then `writeBatch` its own records.
   */
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      this.holding = true;
      try {
        await this.drain();
        return await fn();
      } finally {
        this.holding = false;
      }
    });
    this.tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private schedule(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.tail = this.tail
      .then(() => {
        this.drainScheduled = false;
        return this.drain();
      })
      // drain settles every append itself; a rejected tail would stop the write loop for good.
      .catch((err: unknown) => this.p.log.error('audit: write loop error', { error: String(err) }));
  }

  /**
   * Commits everything queued until the queue is empty: each group is the oldest run, once signed,
   * plus the runs after it that are signed by then. Small groups while appends trickle in; while a
   * burst is signed, large ones; and the last group of a burst is small, so little is left to insert
   * after the workers finish.
   */
  protected async drain(): Promise<void> {
    for (;;) {
      this.prepareQueued();
      const first = this.runs[0];
      if (!first) return;
      // A signing failure is reported by commit.
      await first.sigs.then(
        () => {},
        () => {},
      );
      const group = this.takeGroup();
      try {
        if (await this.commit(group, true)) continue;
        this.rewind(group, null);
      } catch (err) {
        this.rewind(group, err);
      }
    }
  }

  private prepareQueued(): void {
    while (this.queue.length > 0) {
      const entries = this.queue.splice(0, RUN);
      try {
        this.runs.push(this.prepare(entries));
      } catch (err) {
        for (const e of entries) e.reject?.(err);
      }
    }
  }

  /** The first run and the signed runs right after it, up to MAX_BATCH records. */
  private takeGroup(): Run[] {
    let rows = this.runs[0]!.rows.length;
    let k = 1;
    while (k < this.runs.length && this.runs[k]!.signed && rows + this.runs[k]!.rows.length <= MAX_BATCH) rows += this.runs[k++]!.rows.length;
    return this.runs.splice(0, k);
  }

  /**
   * Hashes `entries` onto the chain state (adding a checkpoint whenever `checkpointEvery` records have
   * passed, or at the end when forced) and starts signing them. On error the state is left unchanged.
   */
  private prepare(entries: Entry[], forceCheckpoint = false): Run {
    const c = this.p.crypto;
    const before = copyState(this.p.state);
    const st = this.p.state;
    try {
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
      for (const e of entries) {
        seqs.push(push(e.type, e.body, e.ts));
        if (st.sinceCheckpoint >= this.p.checkpointEvery) checkpoint();
      }
      if (forceCheckpoint && st.sinceCheckpoint > 0) checkpoint();
      const hashes = new Uint8Array(rows.length * 32);
      rows.forEach((r, i) => hashes.set(r.hash, i * 32));
      const run: Run = { before, entries, seqs, rows, keyId: this.p.key.keyId, sigs: this.p.pool.sign(hashes), signed: false, note };
      // (The rejection handler also covers a run dropped after an earlier one failed: it is never awaited.)
      run.sigs.then(
        () => (run.signed = true),
        () => {},
      );
      return run;
    } catch (err) {
      this.p.state = before;
      throw err;
    }
  }

  /**
   * Writes `group` (consecutive runs, the first one starting at the committed head) in one transaction
   * once signed, then resolves its appends. Returns false, writing nothing, when another process
   * appended since the runs were hashed. With `overlap`, appends queued meanwhile are hashed and sent to
   * the signers first, so they are signed during this commit.
   */
  private async commit(group: Run[], overlap: boolean): Promise<boolean> {
    const { db } = this.p;
    const sigs = await Promise.all(group.map((r) => r.sigs));
    if (overlap && !this.holding) this.prepareQueued();
    db.exec('BEGIN IMMEDIATE');
    try {
      if (((this.last.get() as number | undefined) ?? 0) !== group[0]!.before.lastSeq) {
        db.exec('ROLLBACK');
        return false;
      }
      group.forEach((run, g) => {
        const s = sigs[g]!;
        run.rows.forEach((r, i) => this.insert.run(r.seq, r.ts, r.type, r.body, r.bodyHash, r.prevHash, r.hash, run.keyId, s.subarray(i * 64, i * 64 + 64)));
      });
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    const note = group.reduce<string | null>((n, r) => r.note ?? n, null);
    if (note) this.publishCheckpoint(note);
    for (const run of group) run.entries.forEach((e, i) => e.resolve?.(run.seqs[i]!));
    return true;
  }

  /**
   * `group` was not committed: the chain state goes back to before it and every run hashed after it is
   * queued again, to be hashed anew. With `err` the group's appends fail with it; without (another
   * process appended), its records are taken into the state and the group is queued again too.
   */
  private rewind(group: Run[], err: unknown): void {
    const again = this.runs.splice(0).flatMap((r) => r.entries);
    this.p.state = copyState(group[0]!.before);
    let failure = err;
    if (failure === null) {
      try {
        this.catchUp();
        again.unshift(...group.flatMap((r) => r.entries));
      } catch (e) {
        failure = e;
      }
    }
    if (failure !== null) for (const run of group) for (const e of run.entries) e.reject?.(failure);
    this.queue.unshift(...again);
  }

  /**
   * Writes the store's own records (and a checkpoint when forced) in one transaction, from inside
   * `exclusive`. Returns their seqs. On failure nothing is committed and the chain state is unchanged.
   */
  protected async writeBatch(items: Entry[], forceCheckpoint = false): Promise<number[]> {
    for (;;) {
      const run = this.prepare(items, forceCheckpoint);
      try {
        if (await this.commit([run], false)) return run.seqs;
      } catch (err) {
        this.p.state = run.before;
        throw err;
      }
      this.p.state = run.before;
      this.catchUp();
    }
  }

  /**
   * The newest checkpoint also goes to `<data-dir>/checkpoint`, so a truncated database cannot match it.
   * Written after its record is committed, in the background: its two fsyncs would otherwise stall the
   * write loop (and the signers waiting on it). Only the newest waiting note is written; `published()`
   * resolves once the file is up to date.
   */
  private publishCheckpoint(note: string): void {
    const first = this.nextNote === null;
    this.nextNote = note;
    if (!first) return;
    this.publishing = (async () => {
      await this.publishing;
      const text = this.nextNote!;
      this.nextNote = null;
      try {
        await writeFileDurablyAsync(checkpointPath(this.p.dataDir), text);
      } catch (err) {
        this.p.log.error('audit: could not write the checkpoint file', { error: (err as Error).message });
      }
    })();
  }

  /** Resolves once the checkpoint file holds the newest committed checkpoint. */
  protected async published(): Promise<void> {
    while (this.nextNote !== null) await this.publishing;
    await this.publishing;
  }

  /**
   * Another process (e.g. `vigil audit erase` while the daemon runs) may have appended since our last
   * batch; fold its records into the chain state so we never fork the chain.
   */
  private catchUp(): void {
    const st = this.p.state;
    if (((this.last.get() as number | undefined) ?? 0) === st.lastSeq) return;
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

  /** A record written by the store itself (chain start, rotation, erasure, warnings), for writeBatch. */
  protected internal(type: string, body: unknown): Entry {
    return { type, body: canonicalBody(body), ts: Date.now() };
  }

  protected isStructural(type: string): boolean {
    return STRUCTURAL_TYPES.has(type);
  }
}
