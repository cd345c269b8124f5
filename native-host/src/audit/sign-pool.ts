import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SigningKey } from './signing-key.ts';

// Runs in worker threads, evaluated from a string so it works the same from tsx sources and from the
// esbuild bundle (no separate worker file to locate). Signs n 32-byte hashes → n 64-byte signatures.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
let key = null;
parentPort.on('message', (m) => {
  if (m.pkcs8) { key = crypto.createPrivateKey({ key: Buffer.from(m.pkcs8), format: 'der', type: 'pkcs8' }); return; }
  const input = Buffer.from(m.buf);
  const n = input.length / 32;
  const out = Buffer.alloc(n * 64);
  for (let i = 0; i < n; i++) crypto.sign(null, input.subarray(i * 32, i * 32 + 32), key).copy(out, i * 64);
  parentPort.postMessage({ id: m.id, buf: out.buffer }, [out.buffer]);
});
`;

const INLINE_BELOW = 64;

/**
 * Ed25519 signing spread over the cores. Record hashes are chained, so they are computed in order on
 * the writer thread, but each signature is independent: a batch of hashes is split between the calling
 * thread and cores-1 workers. Small batches are signed inline (a round trip costs more than it saves).
 */
export class SignPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (buf: ArrayBuffer) => void; reject: (err: Error) => void }>();
  private nextId = 1;

  constructor(private key: SigningKey, threads = Math.max(1, availableParallelism() - 1)) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on('message', (m: { id: number; buf: ArrayBuffer }) => {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        done?.resolve(m.buf);
      });
      // A dead worker must fail the appends waiting on it, not leave them hanging.
      w.on('error', (err) => this.failAll(err));
      w.on('exit', (code) => { if (code !== 0) this.failAll(new Error(`signing worker exited with ${code}`)); });
      w.postMessage({ pkcs8: key.pkcs8 });
      this.workers.push(w);
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  setKey(key: SigningKey): void {
    this.key = key;
    for (const w of this.workers) w.postMessage({ pkcs8: key.pkcs8 });
  }

  async signAll(hashes: Uint8Array[]): Promise<Uint8Array[]> {
    if (hashes.length < INLINE_BELOW || this.workers.length === 0) return hashes.map((h) => this.key.sign(h));
    // The calling thread also hashes, inserts and commits every record, so it takes a smaller share
    // (half a worker's) to finish its part at about the time the workers finish theirs.
    const mineCount = Math.floor(hashes.length / (2 * this.workers.length + 1));
    const per = Math.ceil((hashes.length - mineCount) / this.workers.length);
    const jobs = this.workers.map((w, i) => {
      const slice = hashes.slice(mineCount + i * per, mineCount + (i + 1) * per);
      if (slice.length === 0) return Promise.resolve([] as Uint8Array[]);
      const buf = Buffer.concat(slice);
      const id = this.nextId++;
      return new Promise<Uint8Array[]>((resolve, reject) => {
        this.pending.set(id, { resolve: (out) => resolve(slice.map((_, k) => new Uint8Array(out, k * 64, 64))), reject });
        w.postMessage({ id, buf: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) });
      });
    });
    const mine = hashes.slice(0, mineCount).map((h) => this.key.sign(h));
    return [...mine, ...(await Promise.all(jobs)).flat()];
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
