import type { AuditCrypto } from '@vigil/shared/audit-format/index';
import { ClaimPool, claimJob, claimWorkerSource, type ClaimJob } from '../audit/claim-pool.ts';

// Job layout, for a job with room for `cap` records: cap × (hash[32] ‖ sig[64]), then cap × u16le key
// index into extra.keys (raw public keys), then cap result bytes (1 = verifies). KeyObjects are made once
// per key and worker.
const WORKER_SOURCE = claimWorkerSource(
  `const prefix = Buffer.from('302a300506032b6570032100', 'hex');
const byHex = new Map();
const perJob = new WeakMap();
const keysOf = (raw) => {
  let keys = perJob.get(raw);
  if (!keys) {
    keys = raw.map((k) => {
      const hex = Buffer.from(k).toString('hex');
      let key = byHex.get(hex);
      if (!key) { key = crypto.createPublicKey({ key: Buffer.concat([prefix, Buffer.from(k)]), format: 'der', type: 'spki' }); byHex.set(hex, key); }
      return key;
    });
    perJob.set(raw, keys);
  }
  return keys;
};`,
  `const o = i * 96;
let ok = false;
try { ok = crypto.verify(null, bytes.subarray(o, o + 32), keysOf(extra.keys)[bytes.readUInt16LE(extra.cap * 96 + i * 2)], bytes.subarray(o + 32, o + 96)); } catch { ok = false; }
bytes[extra.cap * 98 + i] = ok ? 1 : 0;`,
  4,
);

/** Records per job: big enough that posting is negligible, small enough that a job is a few ms of work. */
const JOB = 1024;

interface OpenJob {
  data: ClaimJob;
  seqs: number[];
  keys: Uint8Array[];
  keyIndex: Map<Uint8Array, number>;
}

const openJob = (): OpenJob => ({ data: claimJob(JOB * 99), seqs: [], keys: [], keyIndex: new Map() });

/**
 * The verifier's hot loop, one Ed25519 verify per record, spread over worker threads: records are
 * added one by one as the chain walk accepts them, packed into shared-memory jobs of JOB records, and
 * every worker claims a few records at a time from the oldest job (see ClaimPool). With 0 threads
 * signatures are checked on the calling thread.
 */
export class SigChecker {
  private readonly pool: ClaimPool | null;
  private job: OpenJob | null = null;
  private readonly inflight: Promise<number[]>[] = [];
  private readonly failures: number[] = [];

  constructor(private readonly c: AuditCrypto, threads: number) {
    this.pool = threads > 0 ? new ClaimPool(WORKER_SOURCE, threads) : null;
  }

  get threads(): number {
    return this.pool?.threads ?? 0;
  }

  /** Queues the check of record `seq`'s signature `sig` over `hash` by `key` (raw 32 bytes). */
  add(seq: number, hash: Uint8Array, sig: Uint8Array, key: Uint8Array): void {
    if (hash.length !== 32 || sig.length !== 64) {
      this.failures.push(seq);
      return;
    }
    if (!this.pool) {
      if (!this.c.verify(key, hash, sig)) this.failures.push(seq);
      return;
    }
    const job = (this.job ??= openJob());
    const i = job.seqs.length;
    let k = job.keyIndex.get(key);
    if (k === undefined) {
      k = job.keys.length;
      job.keys.push(key);
      job.keyIndex.set(key, k);
    }
    const bytes = job.data.bytes;
    bytes.set(hash, i * 96);
    bytes.set(sig, i * 96 + 32);
    bytes[JOB * 96 + i * 2] = k & 255;
    bytes[JOB * 96 + i * 2 + 1] = k >> 8;
    job.seqs.push(seq);
    if (job.seqs.length === JOB) this.post();
  }

  /** Waits until at most `limit` jobs are in flight (bounds memory on huge chains). */
  async drainTo(limit = this.threads * 4): Promise<void> {
    while (this.inflight.length > limit) this.failures.push(...(await this.inflight.shift()!));
  }

  /** Checks everything added; resolves with the seqs whose signature does not verify, ascending. */
  async finish(): Promise<number[]> {
    this.post();
    await this.drainTo(0);
    return this.failures.sort((a, b) => a - b);
  }

  private post(): void {
    const job = this.job;
    if (!job || !this.pool) return;
    this.job = null;
    const results = JOB * 98;
    const bytes = job.data.bytes;
    const bad = this.pool.run(job.data, job.seqs.length, { keys: job.keys, cap: JOB }).then(() => job.seqs.filter((_, i) => bytes[results + i] !== 1));
    // If a worker dies every job fails; the first one awaited reports it, the rest must not go unhandled.
    bad.catch(() => {});
    this.inflight.push(bad);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
