import { Worker } from 'node:worker_threads';

/** Int32 [next item to claim, items done] at the start of every job's shared memory. */
const HEADER_BYTES = 8;

/**
 * Worker source for a ClaimPool. `prelude` runs once per worker and may assign `configure(config)`;
 * `item` is the body of `(bytes, n, i, extra)`, which processes item `i` of a job of `n` items in
 * `bytes` (the job's shared memory after the header, as a Buffer). `node:crypto` is in scope as `crypto`.
 * Evaluated from a string so the same code runs from tsx sources and from the esbuild bundles.
 */
export function claimWorkerSource(prelude: string, item: string, step: number): string {
  return `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
let configure = () => {};
${prelude}
const item = (bytes, n, i, extra) => { ${item} };
parentPort.on('message', (m) => {
  if (m.config !== undefined) { configure(m.config); return; }
  const ctrl = new Int32Array(m.sab, 0, 2);
  const bytes = Buffer.from(m.sab, ${HEADER_BYTES});
  for (;;) {
    const start = Atomics.add(ctrl, 0, ${step});
    if (start >= m.n) return;
    const end = Math.min(m.n, start + ${step});
    for (let i = start; i < end; i++) item(bytes, m.n, i, m.extra);
    if (Atomics.add(ctrl, 1, end - start) + (end - start) === m.n) parentPort.postMessage(m.id);
  }
});`;
}

/** Shared memory for one job: fill `bytes`, then `ClaimPool.run(job, n)`. */
export interface ClaimJob {
  readonly sab: SharedArrayBuffer;
  /** The job's data (after the header). */
  readonly bytes: Uint8Array;
}

export function claimJob(byteLength: number): ClaimJob {
  const sab = new SharedArrayBuffer(HEADER_BYTES + byteLength);
  return { sab, bytes: new Uint8Array(sab, HEADER_BYTES) };
}

/**
 * Worker threads that share each job by claiming a few items at a time from shared memory: every job
 * is posted to every worker, and whichever is free takes the next items. So the work balances itself
 * when one core is busier than the other (round-robin jobs left one worker idle at the end while the
 * other still had a queue), and keeps flowing while the posting thread is busy with something else
 * (the writer hashing a burst of appends, the verifier reading the next rows).
 */
export class ClaimPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(source: string, threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(source, { eval: true });
      // Idle workers must not keep the process alive; pending jobs do (see run).
      w.unref();
      w.on('message', (id: number) => {
        const done = this.pending.get(id);
        this.pending.delete(id);
        if (this.pending.size === 0) this.workers.forEach((x) => x.unref());
        done?.resolve();
      });
      // A dead worker may hold claimed items it will never finish: fail every job, now and later.
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => this.fail(new Error(`worker thread exited with ${code}`)));
      this.workers.push(w);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Sent to every worker; jobs run after it see it (messages to a worker are ordered). */
  configure(config: unknown): void {
    for (const w of this.workers) w.postMessage({ config });
  }

  /** Runs items 0..n-1 of `job`; resolves when all are done. `extra` is cloned to each worker. */
  run(job: ClaimJob, n: number, extra?: unknown): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (n === 0) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      if (this.pending.size === 0) this.workers.forEach((w) => w.ref());
      this.pending.set(id, { resolve, reject });
      for (const w of this.workers) w.postMessage({ id, sab: job.sab, n, extra });
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
