import type { Server } from 'node:net';
import type { EarlyConnections } from '../daemon/election.ts';
import { rename, writeFile } from 'node:fs/promises';
import { openAuditStore } from '../audit/open-store.ts';
import { startDaemon } from '../daemon/daemon.ts';
import type { DaemonOptions } from '../daemon/service.ts';
import type { Logger } from '../log/logger.ts';
import { installCrashHandler } from '../privacy/channels.ts';

export interface RunDaemonOptions {
  dataDir: string;
  server: Server;
  /** Connections the election held since the socket was bound; they wait while the audit store opens. */
  early: EarlyConnections;
  log: Logger;
  /** Host mode: serve the browser on stdio and stop when the last session ends. */
  stdio: boolean;
  proxy?: Partial<DaemonOptions['proxy']>;
  readyFile?: string;
  /** Called once the daemon is ready, with its status. */
  onReady?(status: Record<string, unknown>): void;
}

/** Runs the elected daemon until a signal or (host mode) the last session ends. Returns the exit code. */
export async function runDaemon(opts: RunDaemonOptions): Promise<number> {
  const options: DaemonOptions = {
    dataDir: opts.dataDir,
    proxy: { port: opts.proxy?.port ?? 0, upstreamOverride: opts.proxy?.upstreamOverride ?? [], ...(opts.proxy?.upstreamCa ? { upstreamCa: opts.proxy.upstreamCa } : {}) },
  };
  // A fatal error leaves a scrubbed crash report on disk (sent only if the user turned crash reports on).
  installCrashHandler(opts.dataDir, 'daemon', opts.log);
  let daemon;
  // The daemon is the chain's one writer: it opens the store before serving and closes it (with a
  // signed shutdown checkpoint) after every service has stopped.
  let audit;
  try {
    audit = await openAuditStore({ dataDir: opts.dataDir, log: opts.log });
    daemon = await startDaemon({ options, server: opts.server, log: opts.log, exitWhenIdle: opts.stdio, audit, early: opts.early, ...(opts.stdio ? { stdio: { input: process.stdin, output: process.stdout } } : {}) });
  } catch (err) {
    for (const socket of opts.early.sockets.splice(0)) socket.destroy();
    opts.server.close();
    await audit?.close();
    throw err;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void daemon.stop(signal));
  const status = daemon.status();
  if (opts.readyFile) {
    const ready = { pid: process.pid, socket: daemon.paths.socket, ...(typeof status.proxyPort === 'number' ? { proxyPort: status.proxyPort } : {}) };
    // Written whole or not at all: a watcher never reads half a file.
    await writeFile(`${opts.readyFile}.tmp`, JSON.stringify(ready) + '\n');
    await rename(`${opts.readyFile}.tmp`, opts.readyFile);
  }
  opts.onReady?.(status);
  const reason = await daemon.stopped;
  await audit.close();
  opts.log.info('daemon stopped', { reason });
  return 0;
}
