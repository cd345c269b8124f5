import type { Server, Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { rm, writeFile } from 'node:fs/promises';
import { ErrorCodes, PROTOCOL_VERSION, VIGIL_VERSION, VigilError, type Request, type RequestType } from '@vigil/shared';
import { dataPaths, type DataPaths } from '../config/paths.ts';
import type { Logger } from '../log/logger.ts';
import { DaemonMetrics } from '../metrics/metrics.ts';
import { serveSession } from '../messaging/session.ts';
import type { AuditSink, DaemonOptions, DaemonService, HandlerReply } from './service.ts';
import { createServices } from './services.ts';
import type { EarlyConnections } from './election.ts';

export interface Daemon {
  readonly paths: DataPaths;
  /** Serves one more conversation (Chrome's stdio in host mode). */
  addSession(input: Readable, output: Writable, label: string): void;
  /** Resolves when the daemon has stopped. */
  readonly stopped: Promise<string>;
  stop(reason: string): Promise<void>;
  status(): Record<string, unknown>;
}

export interface DaemonStartOptions {
  options: DaemonOptions;
  server: Server;
  log: Logger;
  /** Stop once the last session ends (host mode: the browser owns our lifetime). */
  exitWhenIdle: boolean;
  audit?: AuditSink | null;
  services?: DaemonService[];
  /**
   * Host mode: the browser's stdio, served from the start, before the services are up, so ping and
   * status answer at once; a request for a service still starting waits for it.
   */
  stdio?: { input: Readable; output: Writable };
  /** Connections that arrived before the daemon existed, and the listener that held them. */
  early?: EarlyConnections;
}

function settled(): { promise: Promise<void>; resolve(): void; reject(err: unknown): void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** The one process per user that owns the socket, the services and (soon) the audit chain. */
export async function startDaemon(opts: DaemonStartOptions): Promise<Daemon> {
  const paths = dataPaths(opts.options.dataDir);
  const { log, server } = opts;
  const startedAt = new Date();
  const services = opts.services ?? createServices();
  const started: DaemonService[] = [];
  const metrics = new DaemonMetrics();
  let sessions = 0;
  let stopping: Promise<void> | null = null;
  let startup: Promise<void> = Promise.resolve();
  let resolveStopped!: (reason: string) => void;
  const stopped = new Promise<string>((r) => (resolveStopped = r));

  const info = () => ({
    version: VIGIL_VERSION,
    protocol: PROTOCOL_VERSION,
    pid: process.pid,
    uptimeMs: Date.now() - startedAt.getTime(),
    startedAt: startedAt.toISOString(),
  });
  const serviceStatus = () => Object.assign({}, ...started.map((s) => s.status?.() ?? {})) as Record<string, unknown>;
  const status = () => ({ ...info(), dataDir: paths.dataDir, socket: paths.socket, sessions, ...serviceStatus() });

  // Settles when each service has started (or failed to): requests for it wait on this.
  const ready = new Map(services.map((service) => [service, settled()] as const));
  for (const { promise } of ready.values()) promise.catch(() => undefined);

  const owners = new Map<RequestType, DaemonService>();
  for (const service of services) {
    for (const type of Object.keys(service.handlers ?? {}) as RequestType[]) {
      const other = owners.get(type);
      if (other) throw new VigilError(ErrorCodes.INTERNAL, `request "${type}" is claimed by both ${other.name} and ${service.name}`);
      owners.set(type, service);
    }
  }

  const handle = async (request: Request): Promise<HandlerReply> => {
    const { id, type } = request as { id: number | string; type: RequestType };
    if (request.type === 'ping') return { id, type: 'pong', ...info() };
    if (request.type === 'status') return { id, type: 'status', ...status() };
    const owner = owners.get(type);
    if (owner && !started.includes(owner)) await ready.get(owner)?.promise.catch(() => undefined);
    // A known request whose service is not running (failed to start, or stopping) gets a clear code.
    const handler = owner && started.includes(owner) ? (owner.handlers?.[type] as ((r: Request) => Promise<HandlerReply>) | undefined) : undefined;
    if (!handler) return { id, type: 'error', code: ErrorCodes.SERVICE_UNAVAILABLE, message: `"${type}" is not available: its service is not running` } as HandlerReply;
    return handler(request);
  };

  const addSession = (input: Readable, output: Writable, label: string) => {
    sessions++;
    log.info('session opened', { label, sessions });
    serveSession({
      input,
      output,
      handle,
      log,
      onClose: (reason) => {
        sessions--;
        log.info('session closed', { label, reason, sessions });
        if (sessions === 0 && opts.exitWhenIdle) void stop('last session ended');
      },
    });
  };

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info('daemon stopping', { reason });
      server.close();
      // Services still starting are let finish, so each one that started is also stopped.
      await startup.catch(() => undefined);
      for (const service of started.reverse()) {
        try {
          await service.stop();
        } catch (err) {
          log.error('service failed to stop', { service: service.name, error: String(err) });
        }
      }
      if (process.platform !== 'win32') await rm(paths.socket, { force: true });
      await rm(paths.pidFile, { force: true });
      resolveStopped(reason);
    })();
    return stopping;
  };

  server.on('connection', (socket: Socket) => addSession(socket, socket, 'socket'));
  if (opts.early) {
    server.removeListener('connection', opts.early.hold);
    for (const socket of opts.early.sockets.splice(0)) addSession(socket, socket, 'socket');
  }
  await writeFile(paths.pidFile, String(process.pid), { mode: 0o600 });
  const startAll = async () => {
    for (const service of services) {
      // A stop asked for during start-up (the browser went away) starts nothing more.
      if (stopping) break;
      try {
        await service.start({ options: opts.options, log, audit: opts.audit ?? null, metrics });
      } catch (err) {
        for (const { reject } of ready.values()) reject(err);
        throw err;
      }
      started.push(service);
      ready.get(service)?.resolve();
    }
  };
  startup = startAll();
  if (opts.stdio) addSession(opts.stdio.input, opts.stdio.output, 'stdio');
  await startup;
  log.info('daemon ready', { socket: paths.socket, ...serviceStatus() });
  return { paths, addSession, stopped, stop, status };
}
