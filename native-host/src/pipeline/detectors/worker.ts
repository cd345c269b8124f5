import { parentPort, workerData } from 'node:worker_threads';
import { isVigilError } from '@vigil/shared';
import { loadModels, type LoadedModels } from './model-loader.ts';
import { scanText } from './ensemble.ts';
import { scanRun } from './run-scan.ts';
import { CusumMonitor } from './cusum.ts';
import type { WorkerRequest, WorkerReply } from './worker-protocol.ts';

/** Detection worker: loads the models once, then answers requests in arrival order. */
const port = parentPort;
if (!port) throw new Error('detection worker must run in a worker thread');

let models: LoadedModels;
let cusum: CusumMonitor;
try {
  models = await loadModels((workerData as { modelDir?: string } | undefined)?.modelDir);
  cusum = new CusumMonitor(models.cusum);
  port.postMessage({ id: 0, ok: true, result: { loadMs: models.loadMs } } satisfies WorkerReply);
} catch (err) {
  const code = isVigilError(err) ? err.code : 'INTERNAL';
  port.postMessage({ id: 0, ok: false, code, message: (err as Error).message } satisfies WorkerReply);
  process.exit(1);
}

port.on('message', async (req: WorkerRequest) => {
  try {
    let result: unknown;
    if (req.kind === 'scan') result = await scanText(models, req.text, req.cusum === undefined ? {} : { cusum: req.cusum });
    else if (req.kind === 'scanRun') result = await scanRun(models, req.steps);
    else result = cusum.observe(req.destination, req.requests, req.bytes);
    port.postMessage({ id: req.id, ok: true, result } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ id: req.id, ok: false, code: isVigilError(err) ? err.code : 'INTERNAL', message: (err as Error).message } satisfies WorkerReply);
  }
});
