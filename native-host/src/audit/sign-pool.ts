import { availableParallelism } from 'node:os';
import { ClaimPool, claimJob, claimWorkerSource } from './claim-pool.ts';
import type { SigningKey } from './signing-key.ts';

// Job layout: n hashes (32 bytes each), then n signatures (64 bytes each) written by the workers.
const WORKER_SOURCE = claimWorkerSource(
  `let key = null;
configure = (pkcs8) => { key = crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }); };`,
  `bytes.set(crypto.sign(null, bytes.subarray(i * 32, i * 32 + 32), key), n * 32 + i * 64);`,
  4,
);

/** Below this many records a worker round trip costs more than signing on the calling thread. */
const INLINE_BELOW = 64;

/**
 * Ed25519 signing on worker threads. Record hashes are chained, so the writer computes them in order,
 * but each signature is independent, and signing is most of an append's CPU (50-60 µs of 75-85 µs
 * here). All of it goes to the workers (one per core by default), so the writer thread stays free to
 * hash the next records, insert and commit while they sign; a small batch is signed inline instead.
 */
export class SignPool {
  private readonly pool: ClaimPool;

  constructor(private key: SigningKey, threads = availableParallelism()) {
    this.pool = new ClaimPool(WORKER_SOURCE, threads);
    this.pool.configure(key.pkcs8);
  }

  /** Signatures made after this call use `key` (earlier jobs keep the key they were queued with). */
  setKey(key: SigningKey): void {
    this.key = key;
    this.pool.configure(key.pkcs8);
  }

  /** Signs `hashes` (n × 32 bytes) with the current key; resolves with n × 64 bytes of signatures. */
  sign(hashes: Uint8Array): Promise<Uint8Array> {
    const n = hashes.length / 32;
    if (n < INLINE_BELOW || this.pool.threads === 0) {
      const sigs = new Uint8Array(n * 64);
      for (let i = 0; i < n; i++) sigs.set(this.key.sign(hashes.subarray(i * 32, i * 32 + 32)), i * 64);
      return Promise.resolve(sigs);
    }
    const job = claimJob(n * 96);
    job.bytes.set(hashes);
    return this.pool.run(job, n).then(() => job.bytes.subarray(n * 32));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
