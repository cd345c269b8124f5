// Child process of crash.test.ts: appends under heavy load to the chain in argv[2] and prints
// "seq i" for every append the store acknowledged, the moment it is acknowledged. The parent kills it
// with SIGKILL at a random moment and checks every printed seq survived.
import { writeSync } from 'node:fs';
import { openSecretStore } from '../../keychain/secret-store.ts';
import { createLogger } from '../../log/logger.ts';
import { openAuditStore } from '../open-store.ts';

const dataDir = process.argv[2]!;
const run = process.argv[3] ?? '0';
const store = await openAuditStore({
  dataDir,
  log: createLogger({ component: 'crash-writer', level: 'error' }),
  secretStore: await openSecretStore({ dataDir, mode: 'file' }),
  checkpointEvery: 500,
  checkpointIntervalMs: 50,
});
/**
 * Prints synchronously, so a printed ack always precedes the next append. stdout is a non-blocking
 * pipe: when the parent reads slower than we write, the kernel answers EAGAIN; wait and retry.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));
function ack(line: string): void {
  for (;;) {
    try {
      writeSync(1, line);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

ack('ready\n');
let i = 0;
const IN_FLIGHT = 256;
let active = 0;
const pump = () => {
  while (active < IN_FLIGHT) {
    const n = i++;
    active++;
    store.append('interaction', { run, n, text: `run ${run} append ${n}` }).then((seq) => {
      ack(`${seq} ${n}\n`);
      active--;
      pump();
    });
  }
};
pump();
