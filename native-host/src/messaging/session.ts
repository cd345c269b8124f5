import type { Readable, Writable } from 'node:stream';
import { chunkReply, ErrorCodes, parseRequestText, type ErrorReply, type Request } from '@vigil/shared';
import type { Logger } from '../log/logger.ts';
import { FrameDecoder, encodeFrame } from './framing.ts';

/** Answers one validated request. A thrown error becomes an INTERNAL error reply; the session goes on. */
export type RequestHandler = (request: Request) => Promise<{ id: number | string | null; type: string }>;

export interface SessionOptions {
  input: Readable;
  output: Writable;
  handle: RequestHandler;
  log: Logger;
  /** Called once when the session is over, with the reason. */
  onClose(reason: string): void;
}

/**
 * One native-messaging conversation (Chrome's stdio, or a relay/CLI over the daemon socket). Bad
 * input gets an error reply with a stable code; a frame that cannot be delimited ends the session
 * after the reply, since nothing after it can be trusted to be a frame boundary.
 */
export function serveSession(opts: SessionOptions): void {
  const decoder = new FrameDecoder();
  let closed = false;
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    opts.input.removeAllListeners('data');
    opts.output.end();
    opts.onClose(reason);
  };
  const send = (reply: { id: number | string | null }) => {
    if (closed) return;
    for (const part of chunkReply(reply.id, JSON.stringify(reply))) opts.output.write(encodeFrame(part));
  };
  const error = (id: number | string | null, code: string, message: string): ErrorReply => ({ id, type: 'error', code, message });

  opts.input.on('data', (data: Buffer) => {
    for (const event of decoder.push(data)) {
      if (event.kind === 'fatal') {
        opts.log.warn('closing session after unrecoverable input', { code: event.code, reason: event.message });
        send(error(null, event.code, event.message));
        close(`${event.code}: ${event.message}`);
        return;
      }
      const parsed = parseRequestText(event.text);
      if (!parsed.ok) {
        send(parsed.error);
        continue;
      }
      const request = parsed.request;
      opts.handle(request).then(send, (err: unknown) => {
        opts.log.error('request handler failed', { type: request.type, error: String((err as Error)?.stack ?? err) });
        send(error(request.id, ErrorCodes.INTERNAL, `internal error handling "${request.type}"`));
      });
    }
  });
  opts.input.on('end', () => {
    const truncated = decoder.end();
    if (truncated?.kind === 'fatal') opts.log.warn('input ended mid-frame', { code: truncated.code, reason: truncated.message });
    close(truncated?.kind === 'fatal' ? `${truncated.code}: ${truncated.message}` : 'input ended');
  });
  opts.input.on('error', (err) => close(`input error: ${err.message}`));
  opts.output.on('error', (err) => close(`output error: ${err.message}`));
}
