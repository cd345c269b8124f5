import type { Request, RequestType } from '@vigil/shared';
import type { Logger } from '../log/logger.ts';
import type { DaemonMetrics } from '../metrics/metrics.ts';

/** What the daemon's parts use to write to the audit chain. Resolves with the record's sequence number once durable. */
export interface AuditSink {
  append(type: string, body: unknown): Promise<number>;
}

/** Options of `vigil start` / the elected daemon that parts of the daemon read. */
export interface DaemonOptions {
  dataDir: string;
  /** Proxy settings; the proxy binds 127.0.0.1 only. port 0 = any free port. */
  proxy: {
    port: number;
    /** Test-only: `host=127.0.0.1:PORT` entries; refused unless given explicitly on the command line. */
    upstreamOverride: string[];
    /** Test-only: extra CA file trusted for upstream connections. */
    upstreamCa?: string;
  };
}

export interface ServiceContext {
  options: DaemonOptions;
  log: Logger;
  /** The audit chain, or null while the audit store is not part of the daemon. */
  audit: AuditSink | null;
  /** Aggregate counters (requests, latency, model status) shown by status and the opt-in telemetry. */
  metrics: DaemonMetrics;
}

/**
 * A long-running part of the daemon (proxy, audit checkpointer, policy reloader...). Started in list
 * order after the audit store opens, stopped in reverse order at shutdown.
 */
export interface DaemonService {
  readonly name: string;
  start(ctx: ServiceContext): Promise<void>;
  stop(): Promise<void>;
  /** Extra fields for `status` replies and `vigil status`, e.g. `{proxyPort}`. */
  status?(): Record<string, unknown>;
  /**
   * The protocol requests this service answers (validated before they arrive). Each request type
   * belongs to one service; the daemon refuses to start if two claim the same type.
   */
  readonly handlers?: RequestHandlers;
}

/** Reply objects carry the request's id and a reply type; the session validates nothing further. */
export interface HandlerReply {
  id: number | string | null;
  type: string;
}
export type RequestHandlers = {
  [T in RequestType]?: (request: Extract<Request, { type: T }>) => Promise<HandlerReply>;
};
