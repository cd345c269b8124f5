import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VigilError } from '@vigil/shared';
import type { ScanResult } from './ensemble.ts';
import type { RunScanResult } from './run-scan.ts';
import type { RunStep } from './step-features.ts';
import type { WorkerRequest, WorkerReply } from './worker-protocol.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Req<K extends WorkerRequest['kind']> = Omit<Extract<WorkerRequest, { kind: K }>, 'id'>;

export interface DetectionWorker {
  /** Resolves once the models are loaded (with their load time); rejects with MODEL_MISSING/MODEL_CORRUPT. */
  ready: Promise<{ loadMs: number }>;
  scan(text: string, opts?: { cusum?: number }): Promise<ScanResult>;
  scanRun(steps: RunStep[]): Promise<RunScanResult>;
  /** Feeds one closed interval of traffic to a destination; returns the CUSUM score (≥ 1 = alarm). */
  observeTraffic(destination: string, requests: number, bytes: number): Promise<number>;
  close(): Promise<void>;
}

function bundledWorker(): URL {
  const candidates = ['./detection-worker.js', '../detection-worker.js'].map((rel) => new URL(rel, import.meta.url));
  return candidates.find((u) => existsSync(fileURLToPath(u))) ?? (candidates[0] as URL);
}

/** Starts detection off the daemon's event loop, in a worker thread that owns the models. */
export function createDetectionWorker(modelDir?: string): DetectionWorker {
  // From source the worker is TypeScript and needs the tsx loader; a bundled build ships it as
  // dist/detection-worker.js (an esbuild entry of its own), next to or above the chunk running this.
  const fromSource = import.meta.url.endsWith('.ts');
  const url = fromSource ? new URL('./worker.ts', import.meta.url) : bundledWorker();
  // Workers do not inherit tsx's loader hooks, so a small ESM bootstrap loads the .ts entry through tsx.
  const entry = fromSource
    ? new URL(`data:text/javascript,${encodeURIComponent(`import { tsImport } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; await tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)});`)}`)
    : url;
  const worker = new Worker(entry, { workerData: { modelDir } });
  const pending = new Map<number, Pending>();
  let next = 1;
  let readyFns: Pending | undefined;
  const ready = new Promise<{ loadMs: number }>((resolve, reject) => { readyFns = { resolve: resolve as (v: unknown) => void, reject }; });
  pending.set(0, readyFns!);
  worker.on('message', (m: WorkerReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new VigilError(m.code, m.message));
  });
  worker.on('error', (err) => { for (const p of pending.values()) p.reject(err); pending.clear(); });
  worker.on('exit', () => { for (const p of pending.values()) p.reject(new VigilError('INTERNAL', 'detection worker exited')); pending.clear(); });
  function call<K extends WorkerRequest['kind']>(req: Req<K>): Promise<unknown> {
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }
  return {
    ready,
    scan: (text, opts = {}) => call<'scan'>({ kind: 'scan', text, ...opts }) as Promise<ScanResult>,
    scanRun: (steps) => call<'scanRun'>({ kind: 'scanRun', steps }) as Promise<RunScanResult>,
    observeTraffic: (destination, requests, bytes) => call<'traffic'>({ kind: 'traffic', destination, requests, bytes }) as Promise<number>,
    close: async () => { await worker.terminate(); },
  };
}
