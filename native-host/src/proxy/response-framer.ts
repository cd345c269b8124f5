import type { IncomingHttpHeaders } from 'node:http';

/** A parsed HTTP/1.x response head, shaped like the fields of Node's IncomingMessage the proxy reads. */
export interface ResponseHead {
  httpMinor: number;
  statusCode: number;
  statusMessage: string;
  /** Flat [name, value, ...] list, original casing and order. */
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
}

export interface FramerSink {
  head(head: ResponseHead): void;
  body(chunk: Buffer): void;
  /** The message ended; `reusable` says whether the connection may carry another request. */
  end(reusable: boolean): void;
}

export class FramingError extends Error {}

const MAX_HEAD = 64 * 1024;
const MAX_CHUNK_LINE = 4096;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: ([^\r\n]*))?$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers Node keeps once (the first wins), as IncomingMessage does. */
const SINGLE = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

type Mode = 'head' | 'length' | 'size' | 'data' | 'data-crlf' | 'trailer' | 'close' | 'done';

/**
 * Reads one HTTP/1.1 response from upstream socket bytes: the head, then a body framed by
 * content-length, chunked encoding (de-chunked here) or the connection closing. Informational
 * (1xx) responses are skipped. Bytes after the end of the message are a protocol error on a
 * connection the proxy only ever sends one request at a time.
 */
export class ResponseFramer {
  private mode: Mode = 'head';
  private pending: Buffer | null = null;
  private remaining = 0;
  private reusable = true;

  /** `noBody`: the request was HEAD, so the response has none whatever its headers say. */
  constructor(
    private readonly sink: FramerSink,
    private readonly noBody: boolean,
  ) {}

  get started(): boolean {
    return this.mode !== 'head' || this.pending !== null;
  }

  get done(): boolean {
    return this.mode === 'done';
  }

  /** Feeds socket bytes; throws FramingError on a malformed response. */
  feed(buf: Buffer): void {
    let at = 0;
    while (at < buf.length) {
      switch (this.mode) {
        case 'head':
          at = this.readHead(buf, at);
          break;
        case 'length': {
          const n = Math.min(this.remaining, buf.length - at);
          this.remaining -= n;
          this.sink.body(n === buf.length ? buf : buf.subarray(at, at + n));
          at += n;
          if (this.remaining === 0) this.finish();
          break;
        }
        case 'close':
          this.sink.body(at === 0 ? buf : buf.subarray(at));
          at = buf.length;
          break;
        case 'size':
        case 'trailer':
          at = this.readLine(buf, at);
          break;
        case 'data': {
          const n = Math.min(this.remaining, buf.length - at);
          this.remaining -= n;
          this.sink.body(buf.subarray(at, at + n));
          at += n;
          if (this.remaining === 0) {
            this.mode = 'data-crlf';
            this.remaining = 2;
          }
          break;
        }
        case 'data-crlf': {
          const want = this.remaining === 2 ? 13 : 10;
          if (buf[at] !== want) throw new FramingError('chunk data not followed by CRLF');
          at++;
          if (--this.remaining === 0) this.mode = 'size';
          break;
        }
        case 'done':
          throw new FramingError('upstream sent bytes after the end of the response');
      }
    }
  }

  /** The connection closed: ends a close-delimited body, or fails a message cut short. */
  eof(): void {
    if (this.mode === 'close') {
      this.reusable = false;
      this.finish();
    } else if (this.mode !== 'done') throw new FramingError(this.started ? 'upstream closed mid-response' : 'upstream closed before responding');
  }

  private finish(): void {
    this.mode = 'done';
    this.sink.end(this.reusable);
  }

  private readHead(buf: Buffer, at: number): number {
    let data = at === 0 ? buf : buf.subarray(at);
    let from = 0;
    if (this.pending) {
      from = Math.max(0, this.pending.length - 3);
      data = Buffer.concat([this.pending, data]);
    }
    const end = data.indexOf(CRLFCRLF, from);
    if (end < 0) {
      if (data.length > MAX_HEAD) throw new FramingError('upstream response head too large');
      // Copied: the socket may reuse the buffer it handed us.
      this.pending = Buffer.from(data);
      return buf.length;
    }
    if (end > MAX_HEAD) throw new FramingError('upstream response head too large');
    const consumed = end + 4 - (this.pending?.length ?? 0);
    this.pending = null;
    const head = parseHead(data.toString('latin1', 0, end));
    if (head.statusCode < 200) {
      if (head.statusCode === 101) throw new FramingError('unexpected protocol switch');
      return at + consumed; // informational: the real response follows
    }
    this.startBody(head);
    this.sink.head(head);
    if (this.mode === 'done') this.sink.end(this.reusable);
    return at + consumed;
  }

  private startBody(head: ResponseHead): void {
    const h = head.headers;
    const conn = String(h.connection ?? '').toLowerCase();
    this.reusable = head.httpMinor === 1 ? !/(^|,)\s*close\s*(,|$)/.test(conn) : /(^|,)\s*keep-alive\s*(,|$)/.test(conn);
    const te = h['transfer-encoding'];
    if (this.noBody || head.statusCode === 204 || head.statusCode === 304) this.mode = 'done';
    else if (te !== undefined) {
      // Chunked must be the last coding; any other transfer coding is read until close (RFC 9112 §6.3).
      if (/(^|,)\s*chunked\s*$/i.test(String(te))) this.mode = 'size';
      else this.mode = 'close';
    } else if (h['content-length'] !== undefined) {
      const values = head.rawHeaders.filter((_, i) => i % 2 === 0 && head.rawHeaders[i]?.toLowerCase() === 'content-length').length;
      const cl = String(h['content-length']);
      if (!/^\d{1,15}$/.test(cl) || (values > 1 && !sameLengths(head.rawHeaders, cl))) throw new FramingError('bad content-length');
      this.remaining = Number(cl);
      this.mode = this.remaining === 0 ? 'done' : 'length';
    } else this.mode = 'close';
    if (this.mode === 'close') this.reusable = false;
  }

  private lineBuf = '';

  private readLine(buf: Buffer, at: number): number {
    const nl = buf.indexOf(10, at);
    const stop = nl < 0 ? buf.length : nl + 1;
    this.lineBuf += buf.toString('latin1', at, stop);
    if (this.lineBuf.length > MAX_CHUNK_LINE) throw new FramingError('chunk line too long');
    if (nl < 0) return stop;
    const line = this.lineBuf;
    this.lineBuf = '';
    if (!line.endsWith('\r\n')) throw new FramingError('bare LF in chunked body');
    const text = line.slice(0, -2);
    if (this.mode === 'trailer') {
      if (text === '') this.finish();
      return stop;
    }
    const m = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(text);
    if (!m) throw new FramingError('bad chunk size');
    const size = parseInt(m[1] ?? '', 16);
    if (size === 0) this.mode = 'trailer';
    else {
      this.remaining = size;
      this.mode = 'data';
    }
    return stop;
  }
}

function sameLengths(raw: string[], value: string): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() === 'content-length' && raw[i + 1] !== value) return false;
  return true;
}

function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const m = STATUS_LINE.exec(lines[0] ?? '');
  if (!m) throw new FramingError('bad status line');
  const rawHeaders: string[] = [];
  const headers: IncomingHttpHeaders = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    // Obsolete line folding and nameless lines are refused, as Node's own parser does.
    if (colon <= 0) throw new FramingError('bad header line');
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) throw new FramingError('bad header name');
    const value = line.slice(colon + 1).trim();
    if (/[\0\r\n]/.test(value)) throw new FramingError('bad header value');
    rawHeaders.push(name, value);
    const k = name.toLowerCase();
    const prev = headers[k];
    if (prev === undefined) headers[k] = k === 'set-cookie' ? [value] : value;
    else if (k === 'set-cookie') (prev as string[]).push(value);
    else if (!SINGLE.has(k)) headers[k] = `${String(prev)}, ${value}`;
  }
  return { httpMinor: Number(m[1]), statusCode: Number(m[2]), statusMessage: m[3] ?? '', rawHeaders, headers };
}
