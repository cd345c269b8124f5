import { randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync, unzipSync } from 'node:zlib';
import type { Logger } from '../log/logger.ts';
import type { Answer, Flow, ProxyAddon } from './flow.ts';
import { endToEndHeaders, setRawHeader } from './headers.ts';
import { ResponseObserver, StreamCutError } from './observe.ts';
import { emptyOutput } from './providers/adapter.ts';
import { findAdapter } from './providers/index.ts';
import type { Upstream } from './upstream.ts';
import type { UpstreamResponse } from './upstream-pool.ts';

/** An upstream response: from the pool (held requests) or from Node's client (streamed requests). */
type Reply = IncomingMessage | UpstreamResponse;

export interface ExchangeDeps {
  upstream: Upstream;
  addons: ProxyAddon[];
  log: Logger;
  /** Deadline for receiving a whole request body (slow or stalled clients). */
  requestTimeoutMs?: number;
}

/** Requests an adapter reads are held whole; larger ones are refused rather than buffered without end. */
const MAX_PARSED_BODY = 32 * 1024 * 1024;

/** Handles one decrypted request on an intercepted host: parse, hooks, forward, stream back, record. */
export async function handleExchange(req: IncomingMessage, res: ServerResponse, host: string, port: number, deps: ExchangeDeps): Promise<void> {
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const adapter = findAdapter(host, method, path);
  const flow: Flow = {
    id: randomUUID(), host, method, path, requestHeaders: req.headers, requestBody: null, adapter, interaction: null,
    output: emptyOutput(), decisions: [], startedAt: Date.now(), bytesOut: 0,
  };
  const fail = (err: Error) => {
    for (const a of deps.addons) a.error?.(flow, err);
  };
  if (adapter) {
    const body = await readBody(req, MAX_PARSED_BODY, deps.requestTimeoutMs ?? 300_000).catch((err: Error) => err);
    if (body instanceof Error) {
      if (!res.headersSent && !res.destroyed) res.writeHead(413, { 'content-type': 'text/plain' }).end('Vigil: request body too large or aborted\n');
      fail(body);
      return;
    }
    flow.requestBody = body;
    parseRequest(flow);
  } else {
    flow.unparsed = 'no adapter for this path';
  }

  for (const addon of deps.addons) {
    const answer = await addon.request?.(flow);
    if (answer) return answerWith(flow, res, answer, deps);
  }

  const target = deps.upstream.target(host, port);
  if (flow.requestBody) return forwardHeld(flow, req, res, target, deps, fail);
  const up = httpsRequest({
    host: target.host, port: target.port, servername: isIP(host) ? undefined : host, method, path,
    headers: endToEndHeaders(req.rawHeaders), agent: deps.upstream.https, setHost: false,
  });
  // The response closing before it finished means the client went away: stop the upstream request.
  res.once('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  up.once('error', (err) => upstreamFailed(flow, res, err, fail));
  up.once('response', (ur) => onResponse(flow, ur, res, deps, fail));
  req.pipe(up);
}

/** A request held whole goes out in one write on a pooled connection, sized by what is sent now. */
function forwardHeld(flow: Flow, req: IncomingMessage, res: ServerResponse, target: { host: string; port: number }, deps: ExchangeDeps, fail: (e: Error) => void): void {
  const body = flow.requestBody ?? Buffer.alloc(0);
  const raw = endToEndHeaders(req.rawHeaders);
  let head = `${flow.method} ${flow.path} HTTP/1.1\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() !== 'content-length') head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  head += `content-length: ${body.length}\r\n\r\n`;
  const call = deps.upstream.pool.request(target, flow.host, head, body, flow.method, (ur) => onResponse(flow, ur, res, deps, fail), (err) => upstreamFailed(flow, res, err, fail));
  // The response closing before it finished means the client went away: stop the upstream request.
  res.once('close', () => {
    if (!res.writableFinished) call.abort();
  });
}

function upstreamFailed(flow: Flow, res: ServerResponse, err: Error, fail: (e: Error) => void): void {
  if (!res.headersSent && !res.destroyed) res.writeHead(502, { 'content-type': 'text/plain' }).end(`Vigil: upstream ${flow.host} failed: ${err.message}\n`);
  else res.destroy();
  fail(err);
}

function parseRequest(flow: Flow): void {
  const adapter = flow.adapter;
  if (!adapter || !flow.requestBody) return;
  let json: unknown;
  try {
    json = JSON.parse(flow.requestBody.toString('utf8'));
  } catch (err) {
    flow.unparsed = `invalid JSON: ${(err as Error).message}`;
    return;
  }
  try {
    const parsed = adapter.parseRequest(json, flow.path);
    flow.interaction = { id: flow.id, ts: new Date(flow.startedAt).toISOString(), source: 'proxy', provider: adapter.id, attachments: [], ...parsed };
  } catch (err) {
    flow.unparsed = `unrecognised body: ${(err as Error).message}`;
  }
}

function onResponse(flow: Flow, ur: Reply, res: ServerResponse, deps: ExchangeDeps, fail: (e: Error) => void): void {
  flow.status = ur.statusCode ?? 502;
  flow.responseHeaders = ur.headers;
  for (const a of deps.addons) a.responseHeaders?.(flow);
  const ct = String(ur.headers['content-type'] ?? '');
  if (flow.holdResponse && !ct.includes('text/event-stream') && flow.adapter && flow.interaction) return holdResponse(flow, ur, res, deps, fail);
  res.writeHead(flow.status, ur.statusMessage, endToEndHeaders(ur.rawHeaders));
  // An event stream's headers go out now, before its first event. Other bodies take them along in
  // their first write (one TLS record), or get them before any I/O if the body is not there yet.
  if (ct.includes('text/event-stream')) res.flushHeaders();
  else if (ur.headers['content-length'] === undefined) setImmediate(flushHeaders, res);
  const parser = flow.adapter && flow.interaction ? flow.adapter.responseParser(ct, flow.output, flow.path) : null;
  forwardObserved(flow, ur, res, new ResponseObserver(parser, String(ur.headers['content-encoding'] ?? '')), deps, fail);
}

function flushHeaders(res: ServerResponse): void {
  if (!res.headersSent && !res.destroyed) res.flushHeaders();
}

/**
 * Passes the response body to the client chunk by chunk, showing each chunk to the parser and the
 * chunk hooks first. A hook's promise holds that chunk and what follows until it settles; 'cut' ends
 * the stream. Backpressure: the upstream is paused while the client's socket is full.
 */
function forwardObserved(flow: Flow, ur: Reply, res: ServerResponse, observer: ResponseObserver, deps: ExchangeDeps, fail: (e: Error) => void): void {
  let holding = false;
  let draining = false;
  let ended = false;
  let done = false;
  let failed = false;
  const resume = () => {
    if (!holding && !draining && !done) ur.resume();
  };
  const onDrain = () => {
    draining = false;
    resume();
  };
  const send = (chunk: Buffer) => {
    if (res.destroyed) return;
    if (!res.write(chunk) && !draining) {
      draining = true;
      ur.pause();
      res.once('drain', onDrain);
    }
  };
  const finish = () => {
    if (done) return;
    done = true;
    observer.end();
    res.end();
  };
  const cut = (err: Error) => {
    if (done) return;
    done = true;
    ur.destroy();
    // A policy cut ends the stream the way the provider ends a failed one, so the SDK raises an error
    // carrying the reason instead of a bare connection reset.
    const tail = err instanceof StreamCutError && flow.cut ? flow.adapter?.streamErrorEvent?.(flow.cut.reason) : undefined;
    if (tail !== undefined && !res.destroyed) {
      res.end(tail);
      return;
    }
    failed = true;
    res.destroy();
    fail(err);
  };
  const hooks = (chunk: Buffer): 'cut' | void | Promise<'cut' | void> => {
    let pending: Promise<'cut' | void>[] | null = null;
    for (const a of deps.addons) {
      const verdict = a.responseChunk?.(flow, chunk);
      if (verdict === 'cut') return 'cut';
      if (verdict instanceof Promise) (pending ??= []).push(verdict);
    }
    if (pending) return Promise.all(pending).then((all) => (all.includes('cut') ? 'cut' : undefined));
  };
  ur.on('data', (chunk: Buffer) => {
    if (done) return;
    flow.bytesOut += chunk.length;
    // Inflated bodies reach the parser later: the chunk is passed on first, and a hook can hold back
    // only what follows it.
    const early = observer.deferred;
    if (early) send(chunk);
    observer.write(chunk);
    const verdict = hooks(chunk);
    if (verdict === 'cut') return cut(new StreamCutError());
    if (verdict instanceof Promise) {
      holding = true;
      ur.pause();
      const settle = (v: 'cut' | void) => {
        holding = false;
        if (v === 'cut') return cut(new StreamCutError());
        if (!early) send(chunk);
        if (ended) finish();
        else resume();
      };
      verdict.then(settle, () => settle(undefined));
      return;
    }
    if (!early) send(chunk);
  });
  ur.once('end', () => {
    ended = true;
    if (!holding) finish();
  });
  ur.once('error', (err) => cut(err));
  res.once('finish', () => {
    void observer.parsed().then(() => {
      for (const a of deps.addons) a.responseEnd?.(flow);
    });
  });
  res.once('close', () => {
    if (res.writableFinished) return;
    ur.destroy();
    if (!failed) fail(new Error('client closed before the response ended'));
  });
}

/** A held response larger than this is passed on unheld: agents' JSON replies are far smaller. */
const MAX_HELD_BODY = 16 * 1024 * 1024;

/**
 * Receives a non-streamed response whole, parses it, and lets the `responseBody` hooks decide before
 * any of it reaches the client: a blocked tool call is answered with the provider's error shape.
 */
function holdResponse(flow: Flow, ur: Reply, res: ServerResponse, deps: ExchangeDeps, fail: (e: Error) => void): void {
  const parts: Buffer[] = [];
  let size = 0;
  const release = () => {
    res.writeHead(flow.status ?? 502, ur.statusMessage, endToEndHeaders(ur.rawHeaders));
    for (const p of parts) res.write(p);
  };
  const onData = (c: Buffer) => {
    size += c.length;
    parts.push(c);
    if (size > MAX_HELD_BODY) {
      ur.off('data', onData);
      ur.off('end', onEnd);
      release();
      ur.pipe(res);
      res.once('finish', () => {
        for (const a of deps.addons) a.responseEnd?.(flow);
      });
    }
  };
  const onEnd = () => {
    const body = Buffer.concat(parts);
    flow.bytesOut = body.length;
    parseHeld(flow, body, String(ur.headers['content-type'] ?? ''), String(ur.headers['content-encoding'] ?? ''));
    void (async () => {
      for (const a of deps.addons) {
        const answer = await a.responseBody?.(flow);
        if (answer) return answerWith(flow, res, answer, deps);
      }
      // The whole body is known: send it sized, whatever framing the provider used.
      res.writeHead(flow.status ?? 502, ur.statusMessage, setRawHeader(endToEndHeaders(ur.rawHeaders), 'content-length', String(body.length))).end(body);
      for (const a of deps.addons) a.responseEnd?.(flow);
    })().catch((err: Error) => {
      res.destroy();
      fail(err);
    });
  };
  ur.on('data', onData);
  ur.once('end', onEnd);
  ur.once('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`Vigil: upstream ${flow.host} failed: ${err.message}\n`);
    else res.destroy();
    fail(err);
  });
  res.once('close', () => {
    if (!res.writableFinished) ur.destroy();
  });
}

function parseHeld(flow: Flow, body: Buffer, contentType: string, encoding: string): void {
  if (!flow.adapter) return;
  const parser = flow.adapter.responseParser(contentType, flow.output, flow.path);
  try {
    const e = encoding.trim().toLowerCase();
    const plain = e === 'gzip' || e === 'x-gzip' || e === 'deflate' ? unzipSync(body) : e === 'br' ? brotliDecompressSync(body) : body;
    parser.write(plain.toString('utf8'));
    parser.end();
  } catch {
    // An unreadable body is forwarded as it is; the hooks see an empty output.
  }
}

function answerWith(flow: Flow, res: ServerResponse, answer: Answer, deps: ExchangeDeps): void {
  flow.answered = { status: answer.status, reason: answer.reason, rule: answer.rule };
  flow.status = answer.status;
  const body = Buffer.from(answer.body);
  flow.bytesOut = body.length;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) }).end(body);
  for (const a of deps.addons) a.responseEnd?.(flow);
}

/**
 * Reads a whole request body. Node's own requestTimeout sweep only runs for servers that listen, and
 * the decrypted sockets arrive on a server that never does: the deadline is enforced here.
 */
function readBody(req: IncomingMessage, max: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.socket.destroy();
      reject(new Error(`request body not received within ${timeoutMs} ms`));
    }, timeoutMs);
    req.once('close', () => clearTimeout(timer));
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.destroy();
        reject(new Error(`request body over ${max} bytes`));
      } else parts.push(c);
    });
    req.once('end', () => resolve(Buffer.concat(parts)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('client closed mid-request'));
    });
  });
}
