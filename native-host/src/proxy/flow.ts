import type { IncomingHttpHeaders } from 'node:http';
import type { Interaction } from '@vigil/shared';
import type { ProviderAdapter, ResponseOutput } from './providers/adapter.ts';

/** One request/response exchange on an intercepted host, as the hooks see it. */
export interface Flow {
  id: string;
  host: string;
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  /** The whole request body when an adapter matched (requests are small); null when streamed through. */
  requestBody: Buffer | null;
  adapter: ProviderAdapter | null;
  /** The parsed request, or null when no adapter matched or the body did not parse. */
  interaction: Interaction | null;
  /** Why the request was not parsed (unknown path, invalid JSON...). */
  unparsed?: string;
  status?: number;
  responseHeaders?: IncomingHttpHeaders;
  output: ResponseOutput;
  /** Set when a hook answered the request itself instead of forwarding it. */
  answered?: { status: number; reason: string; rule: string };
  startedAt: number;
  bytesOut: number;
}

/** A reply a request hook sends instead of forwarding the request. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What the audit records: which rule answered and why. */
  rule: string;
  reason: string;
}

/**
 * The proxy's extension points, run in addon order. `request` may rewrite `flow.requestBody` or
 * return an Answer; `responseChunk` observes bytes already on their way to the client and may
 * return 'cut' to end the stream; the others observe.
 */
export interface ProxyAddon {
  name: string;
  request?(flow: Flow): Answer | void | Promise<Answer | void>;
  responseHeaders?(flow: Flow): void;
  responseChunk?(flow: Flow, chunk: Buffer): 'cut' | void;
  responseEnd?(flow: Flow): void;
  error?(flow: Flow, err: Error): void;
}
