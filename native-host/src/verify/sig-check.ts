import { Worker } from 'node:worker_threads';

// Evaluated from a string so the same code runs from tsx sources and from the esbuild bundle.
// Input per job: keys (raw 32-byte public keys), buf = n × (hash[32] ‖ sig[64]), idx = key index per
// record. Output: the local indices whose signature does not verify.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const prefix = Buffer.from('302a300506032b6570032100', 'hex');
const cache = new Map();
const keyOf = (raw) => {
  const id = Buffer.from(raw).toString('hex');
  let k = cache.get(id);
  if (!k) { k = crypto.createPublicKey({ key: Buffer.concat([prefix, Buffer.from(raw)]), format: 'der', type: 'spki' }); cache.set(id, k); }
  return k;
};
parentPort.on('message', (m) => {
  const keys = m.keys.map(keyOf);
  const buf = Buffer.from(m.buf);
  const idx = new Uint16Array(m.idx);
  const bad = [];
  for (let i = 0; i < idx.length; i++) {
    const o = i * 96;
    let ok = false;
    try { ok = crypto.verify(null, buf.subarray(o, o + 32), keys[idx[i]], buf.subarray(o + 32, o + 96)); } catch { ok = false; }
    if (!ok) bad.push(i);
  }
  parentPort.postMessage({ id: m.id, bad });
});
`;

export interface SigJob {
  /** seq of each record in the job, in order. */
  seqs: number[];
  hashes: Uint8Array[];
  sigs: Uint8Array[];
  keys: Uint8Array[];
}

/**
 * Ed25519 verification spread over worker threads (the verifier's hot loop: one verify per record).
 * Jobs go round-robin; `check` resolves with the seqs whose signature is invalid.
 */
export class SigChecker {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (bad: number[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  private id = 1;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (m: { id: number; bad: number[] }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.bad);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  check(job: SigJob): Promise<number[]> {
    const n = job.seqs.length;
    const buf = new Uint8Array(n * 96);
    const idx = new Uint16Array(n);
    const keyIndex = new Map<Uint8Array, number>();
    const keys: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      buf.set(job.hashes[i]!, i * 96);
      if (job.sigs[i]!.length === 64) buf.set(job.sigs[i]!, i * 96 + 32);
      const key = job.keys[i]!;
      let k = keyIndex.get(key);
      if (k === undefined) {
        k = keys.length;
        keys.push(key);
        keyIndex.set(key, k);
      }
      idx[i] = k;
    }
    const id = this.id++;
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve: (bad) => resolve(bad.map((i) => job.seqs[i]!)), reject });
      worker.postMessage({ id, keys, buf: buf.buffer, idx: idx.buffer }, [buf.buffer, idx.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
