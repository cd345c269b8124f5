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
  /** Decisions taken about this exchange (request, then response), with the audit records holding them. */
  decisions: FlowDecision[];
  /**
   * Set by a `responseHeaders` hook to hold a non-streamed response whole until the `responseBody`
   * hooks have seen it (an agent's tool call must be decided before the client can act on it).
   * Never honoured for `text/event-stream`: streams are gated chunk by chunk instead.
   */
  holdResponse?: boolean;
  /** Set by the hook that cut a stream: the reason goes to the client as a provider-shaped stream error. */
  cut?: { reason: string };
  startedAt: number;
  bytesOut: number;
}

/** One decision as the record of the exchange refers to it. */
export interface FlowDecision {
  phase: 'request' | 'response';
  effect: 'allow' | 'warn' | 'redact' | 'block';
  policyIds: string[];
  reasons: string[];
  auditSeq: number | null;
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
 * return an Answer; `responseChunk` sees each chunk once the response parser has read it and may
 * return 'cut' to end the stream, or a promise to hold the stream (this chunk and what follows)
 * until it settles; `responseBody` sees a held non-streamed response whole and may replace it with
 * an Answer; the others observe.
 */
export interface ProxyAddon {
  name: string;
  request?(flow: Flow): Answer | void | Promise<Answer | void>;
  responseHeaders?(flow: Flow): void;
  responseChunk?(flow: Flow, chunk: Buffer): 'cut' | void | Promise<'cut' | void>;
  responseBody?(flow: Flow): Answer | void | Promise<Answer | void>;
  responseEnd?(flow: Flow): void;
  error?(flow: Flow, err: Error): void;
}
