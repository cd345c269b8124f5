import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { Logger } from '../log/logger.ts';
import type { LeafIssuer } from './ca/leaf-issuer.ts';
import { handleExchange } from './exchange.ts';
import type { ProxyAddon } from './flow.ts';
import { endToEndHeaders } from './headers.ts';
import type { HostMatcher } from './hosts.ts';
import { pacScript } from './pac.ts';
import { blindTunnel, parseAuthority } from './tunnel.ts';
import type { Upstream } from './upstream.ts';
import { passUpgrade } from './websocket.ts';

export interface ProxyServerOptions {
  intercept: HostMatcher;
  interceptPatterns: readonly string[];
  issuer: LeafIssuer;
  upstream: Upstream;
  addons: ProxyAddon[];
  log: Logger;
  /** Limits for slow and idle clients; tests shorten them. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/** Peers we serve: this machine's loopback addresses as the kernel reports them. */
export function isLoopbackPeer(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The proxy: one listener on 127.0.0.1 for CONNECT and plain-HTTP proxy requests, and one
 * never-listening HTTP server that receives the decrypted sockets of intercepted CONNECTs.
 */
export class ProxyServer {
  private readonly outer: Server;
  private readonly inner: Server;
  private readonly targets = new WeakMap<Duplex, { host: string; port: number }>();
  private readonly sockets = new Set<Duplex>();

  constructor(private readonly opts: ProxyServerOptions) {
    // The request-timeout sweep runs every connectionsCheckingInterval: keep it well under the timeout.
    const requestTimeout = opts.requestTimeoutMs ?? 300_000;
    const limits = { maxHeaderSize: MAX_HEADER_BYTES, keepAlive: true, connectionsCheckingInterval: Math.min(30_000, Math.max(100, requestTimeout / 4)) };
    this.outer = createServer(limits, (req, res) => this.onPlainRequest(req, res));
    this.inner = createServer(limits, (req, res) => this.onInterceptedRequest(req, res));
    for (const s of [this.outer, this.inner]) {
      s.headersTimeout = opts.headersTimeoutMs ?? 30_000;
      s.requestTimeout = requestTimeout;
      s.keepAliveTimeout = opts.idleTimeoutMs ?? 60_000;
      s.timeout = opts.idleTimeoutMs ?? 60_000;
      s.on('clientError', (err: Error & { code?: string }, socket: Duplex) => this.onClientError(err, socket));
    }
    this.outer.on('connection', (socket: Socket) => {
      if (!isLoopbackPeer(socket.remoteAddress)) {
        opts.log.warn('proxy refused a non-loopback peer', { peer: socket.remoteAddress });
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      this.track(socket);
    });
    this.outer.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onConnect(req, socket, head));
    this.inner.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const t = this.targets.get(socket);
      if (t) passUpgrade(req, socket, head, t.host, t.port, opts.upstream);
      else socket.destroy();
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.outer.once('error', reject);
      this.outer.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.outer.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.outer.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.inner.closeAllConnections();
    await closed;
  }

  private track(s: Duplex): void {
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
  }

  private onClientError(err: Error & { code?: string }, socket: Duplex): void {
    this.opts.log.debug('proxy client error', { code: err.code, err: err.message });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  }

  private async onConnect(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const target = parseAuthority(req.url);
    socket.on('error', () => socket.destroy());
    if (!target) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (!this.opts.intercept(target.host)) {
      blindTunnel(socket, head, this.opts.upstream.target(target.host, target.port), (err) => this.opts.log.debug('tunnel error', { host: target.host, err: err.message }));
      return;
    }
    let secureContext;
    try {
      secureContext = await this.opts.issuer.context(target.host);
    } catch (err) {
      this.opts.log.error('leaf minting failed', { host: target.host, err: (err as Error).message });
      socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (socket.destroyed) return;
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    const tls = new TLSSocket(socket as Socket, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
    tls.on('error', () => tls.destroy());
    this.targets.set(tls, target);
    this.track(tls);
    this.inner.emit('connection', tls);
  }

  private onInterceptedRequest(req: IncomingMessage, res: ServerResponse): void {
    const t = this.targets.get(req.socket);
    if (!t) return void res.writeHead(500).end();
    handleExchange(req, res, t.host, t.port, this.opts).catch((err: Error) => {
      this.opts.log.error('exchange failed', { host: t.host, err: err.message });
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  }

  /** Plain-HTTP proxy requests (absolute URL) are forwarded as they are; `/proxy.pac` serves the PAC script. */
  private onPlainRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/proxy.pac') {
      const port = (this.outer.address() as AddressInfo).port;
      res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig', 'cache-control': 'no-store' }).end(pacScript(port, this.opts.interceptPatterns));
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Vigil proxy: expected an absolute http:// URL or CONNECT\n');
      return;
    }
    const target = this.opts.upstream.target(url.hostname, Number(url.port || 80));
    const up = httpRequest({ host: target.host, port: target.port, method: req.method, path: url.pathname + url.search, headers: endToEndHeaders(req.rawHeaders), agent: this.opts.upstream.http, setHost: false });
    up.on('response', (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.statusMessage, endToEndHeaders(ur.rawHeaders));
      ur.pipe(res);
    });
    up.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`Vigil: upstream failed: ${err.message}\n`);
      else res.destroy();
    });
    // The response closing before it finished means the client went away: stop the upstream request.
    res.once('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }
}
