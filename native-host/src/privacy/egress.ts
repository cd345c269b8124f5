import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ErrorCodes, VIGIL_VERSION, VigilError } from '@vigil/shared';
import { PAYLOAD_SCHEMAS, type Channel } from './payloads.ts';

/**
 * The only place in Vigil, besides the proxy's upstream side, that opens an outbound connection (the
 * `vigil/no-network` lint rule enforces it). It sends one opt-in channel's payload as one HTTP POST and
 * nothing else: no cookies, no redirects followed, no retries here, a small answer read back.
 */

/** One outgoing request, exactly as it will be written on the wire (see `formatOutgoing`). */
export interface Outgoing {
  channel: Channel;
  url: URL;
  /** Header lines in the order they are sent; Node adds none of its own when these are all set. */
  headers: [string, string][];
  body: Buffer;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_ANSWER_BYTES = 64 * 1024;

/** https anywhere; plain http only to this machine (a local collector), never across a network. */
export function checkEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new VigilError(ErrorCodes.PRIVACY_BAD_ENDPOINT, `not a URL: ${endpoint}`);
  }
  if (url.username || url.password) throw new VigilError(ErrorCodes.PRIVACY_BAD_ENDPOINT, 'endpoint URLs may not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new VigilError(ErrorCodes.PRIVACY_BAD_ENDPOINT, `endpoint must be https:// (or http:// to 127.0.0.1 / localhost), got ${url.protocol}//${url.host}`);
}

/**
 * Builds the request for a payload, after checking the payload against its channel's closed schema
 * once more: a payload that does not fit is never sent, whatever produced it.
 */
export function outgoing(channel: Channel, endpoint: string, payload: unknown): Outgoing {
  const check = PAYLOAD_SCHEMAS[channel].safeParse(payload);
  if (!check.success) {
    throw new VigilError(ErrorCodes.PRIVACY_PAYLOAD_INVALID, `refusing to send a ${channel} payload that does not match its schema: ${check.error.issues[0]?.path.join('.') ?? ''} ${check.error.issues[0]?.message ?? ''}`);
  }
  const url = checkEndpoint(endpoint);
  const body = Buffer.from(JSON.stringify(check.data), 'utf8');
  return {
    channel,
    url,
    headers: [
      ['Host', url.host],
      ['User-Agent', `vigil/${VIGIL_VERSION}`],
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
      ['Connection', 'close'],
    ],
    body,
  };
}

/** The exact bytes of the HTTP request (TLS wraps them for https). `vigil privacy show` prints this. */
export function formatOutgoing(o: Outgoing): Buffer {
  const head = `POST ${o.url.pathname}${o.url.search} HTTP/1.1\r\n` + o.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), o.body]);
}

export interface Answer {
  status: number;
  body: Buffer;
}

/** Sends one request. Resolves with the answer (any status); rejects with PRIVACY_SEND_FAILED on network trouble. */
export function send(o: Outgoing, timeoutMs = 10_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new VigilError(ErrorCodes.PRIVACY_SEND_FAILED, `${o.channel} → ${o.url.host}: ${why}`));
    const make = o.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = make(o.url, { method: 'POST', agent: false, headers: o.headers.flat(), setHost: false, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > MAX_ANSWER_BYTES) {
          req.destroy();
          fail(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
          return;
        }
        parts.push(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      res.on('error', (err) => fail(err.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => fail(err.message));
    req.end(o.body);
  });
}
