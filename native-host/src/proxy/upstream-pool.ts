import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { connect, type SecureContext, type TLSSocket } from 'node:tls';
import { ResponseFramer, type ResponseHead } from './response-framer.ts';

const QUIET_MS = 600_000;
const MAX_IDLE_PER_TARGET = 64;

/**
 * An upstream response body as a Readable (backpressure reaches the socket), with the head fields
 * the exchange reads, named as on Node's IncomingMessage.
 */
export class UpstreamResponse extends Readable {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];

  constructor(
    head: ResponseHead,
    private readonly socket: TLSSocket,
    private readonly onDestroy: () => void,
  ) {
    super();
    this.statusCode = head.statusCode;
    this.statusMessage = head.statusMessage;
    this.headers = head.headers;
    this.rawHeaders = head.rawHeaders;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.onDestroy();
    cb(err);
  }
}

export interface UpstreamCall {
  /** Stops the exchange; the connection is closed unless the response had already ended. */
  abort(): void;
}

interface Exchange {
  framer: ResponseFramer;
  response: UpstreamResponse | null;
  settled: boolean;
  onError(err: Error): void;
  retry: (() => void) | null;
}

/**
 * Keep-alive TLS connections to upstream hosts, one request at a time each. Requests the proxy holds
 * whole are written in one go (head and body in one TLS record) and the response is framed here: no
 * ClientRequest, Agent or IncomingMessage per request. Sessions are cached for resumption.
 */
export class UpstreamPool {
  private readonly idle = new Map<string, TLSSocket[]>();
  private readonly sessions = new Map<string, Buffer>();
  private readonly live = new Set<TLSSocket>();
  private readonly exchanges = new Map<TLSSocket, Exchange>();

  constructor(private readonly secureContext: SecureContext | undefined) {}

  /**
   * Sends `head` (request line and headers, CRLF-terminated) and `body` to `addr`, verifying the
   * certificate for `host`. A reused connection the server had closed meanwhile fails before any
   * response byte: the request is then sent once more on a new connection.
   */
  request(addr: { host: string; port: number }, host: string, head: string, body: Buffer, method: string, onResponse: (res: UpstreamResponse) => void, onError: (err: Error) => void): UpstreamCall {
    const key = `${addr.host}:${addr.port}:${host}`;
    let socket: TLSSocket;
    const send = (fresh: boolean) => {
      const pooled = fresh ? null : this.take(key);
      const sock = pooled ?? this.open(key, addr, host);
      socket = sock;
      const ex: Exchange = {
        framer: null as unknown as ResponseFramer, response: null, settled: false, onError,
        retry: pooled ? () => send(true) : null,
      };
      ex.framer = new ResponseFramer({
        head: (h) => {
          const res = new UpstreamResponse(h, sock, () => this.abandon(sock, ex));
          ex.response = res;
          onResponse(res);
        },
        body: (chunk) => {
          if (ex.response && !ex.response.push(chunk)) sock.pause();
        },
        end: (reusable) => this.complete(key, sock, ex, reusable),
      }, method === 'HEAD');
      this.exchanges.set(sock, ex);
      sock.cork();
      sock.write(head, 'latin1');
      if (body.length) sock.write(body);
      sock.uncork();
    };
    send(false);
    return {
      abort: () => {
        const ex = this.exchanges.get(socket);
        if (ex && !ex.settled) this.abandon(socket, ex);
      },
    };
  }

  destroy(): void {
    for (const s of this.live) s.destroy();
    this.idle.clear();
  }

  private take(key: string): TLSSocket | null {
    const list = this.idle.get(key);
    if (!list) return null;
    for (let s = list.pop(); s; s = list.pop()) if (!s.destroyed && s.writable) return s;
    return null;
  }

  private open(key: string, addr: { host: string; port: number }, host: string): TLSSocket {
    const s = connect({
      host: addr.host, port: addr.port, servername: isIP(host) ? undefined : host, secureContext: this.secureContext,
      ALPNProtocols: ['http/1.1'], session: this.sessions.get(key),
    });
    s.setNoDelay(true);
    // One inactivity limit for both states: an exchange silent this long is dead, and so is an idle
    // connection (servers close theirs sooner; the pool sees the close and drops it).
    s.setTimeout(QUIET_MS);
    this.live.add(s);
    s.on('session', (session: Buffer) => this.sessions.set(key, session));
    s.on('data', (buf: Buffer) => this.onData(s, buf));
    s.on('end', () => this.onEof(s));
    s.on('error', (err) => this.onSocketError(s, err));
    s.on('close', () => this.onClose(key, s));
    s.on('timeout', () => this.onSocketError(s, new Error(this.exchanges.get(s) ? 'upstream sent nothing for too long' : 'idle')));
    return s;
  }

  private onData(s: TLSSocket, buf: Buffer): void {
    const ex = this.exchanges.get(s);
    if (!ex || ex.settled) {
      // Bytes on an idle connection: the server is off-protocol. Never reuse it.
      s.destroy();
      return;
    }
    try {
      ex.framer.feed(buf);
    } catch (err) {
      this.fail(s, ex, err as Error);
    }
  }

  private onEof(s: TLSSocket): void {
    const ex = this.exchanges.get(s);
    if (!ex || ex.settled) return void s.destroy();
    try {
      ex.framer.eof();
    } catch (err) {
      this.fail(s, ex, err as Error);
    }
    s.destroy();
  }

  private onSocketError(s: TLSSocket, err: Error): void {
    const ex = this.exchanges.get(s);
    if (ex && !ex.settled) this.fail(s, ex, err);
    s.destroy();
  }

  private onClose(key: string, s: TLSSocket): void {
    this.live.delete(s);
    const ex = this.exchanges.get(s);
    this.exchanges.delete(s);
    const list = this.idle.get(key);
    const i = list?.indexOf(s) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    if (ex && !ex.settled) this.fail(s, ex, new Error('upstream connection closed'));
  }

  private fail(s: TLSSocket, ex: Exchange, err: Error): void {
    s.destroy();
    if (ex.settled) return;
    ex.settled = true;
    // The keep-alive race: the server closed a pooled connection just as the request went out.
    if (ex.retry && !ex.framer.started) return ex.retry();
    if (ex.response) ex.response.destroy(err);
    else ex.onError(err);
  }

  /** The client side gave up (or the response was destroyed) before the message ended. */
  private abandon(s: TLSSocket, ex: Exchange): void {
    if (ex.settled) return;
    ex.settled = true;
    s.destroy();
  }

  private complete(key: string, s: TLSSocket, ex: Exchange, reusable: boolean): void {
    ex.settled = true;
    ex.response?.push(null);
    if (!reusable || s.destroyed) return void s.destroy();
    this.exchanges.delete(s);
    // Paused for backpressure mid-body perhaps: an idle connection must read, to notice a close.
    s.resume();
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    if (list.length >= MAX_IDLE_PER_TARGET) return void s.destroy();
    list.push(s);
  }
}
