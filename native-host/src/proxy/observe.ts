import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createBrotliDecompress, createUnzip } from 'node:zlib';

type ZTransform = ReturnType<typeof createUnzip>;
import type { ResponseParser } from './providers/adapter.ts';

/** The error a transform ends with when a hook cut the stream. */
export class StreamCutError extends Error {
  constructor() {
    super('stream cut by a hook');
  }
}

/**
 * Shows every response chunk to the parser and the chunk hooks, then passes it on. Parsing a chunk
 * takes microseconds, so plain observation never delays the bytes; a hook that needs longer (a
 * policy decision about a tool call the chunk completed) returns a promise, and the chunk and
 * everything after it wait for it. Compressed bodies are inflated on a side branch for the parser
 * only; there the chunk is passed on first and a hook can hold back only what follows it.
 */
export class ObserveTransform extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly inflate: ZTransform | null;

  constructor(
    private readonly parser: ResponseParser | null,
    encoding: string,
    private readonly onChunk: (chunk: Buffer) => 'cut' | void | Promise<'cut' | void>,
  ) {
    super();
    this.inflate = parser ? inflater(encoding) : null;
    if (this.inflate && parser) {
      this.inflate.on('data', (d: Buffer) => safe(() => parser.write(this.decoder.write(d))));
      this.inflate.on('error', () => undefined); // a corrupt body is the client's problem, not ours
      this.inflate.on('end', () => safe(() => parser.end()));
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let pushed = false;
    if (this.inflate) {
      this.push(chunk);
      pushed = true;
      this.inflate.write(chunk);
    } else if (this.parser) {
      const parser = this.parser;
      safe(() => parser.write(this.decoder.write(chunk)));
    }
    const finish = (verdict: 'cut' | void) => {
      if (verdict === 'cut') return cb(new StreamCutError());
      if (!pushed) this.push(chunk);
      cb();
    };
    const verdict = this.onChunk(chunk);
    if (verdict instanceof Promise) verdict.then(finish, () => finish(undefined));
    else finish(verdict);
  }

  override _flush(cb: TransformCallback): void {
    if (this.inflate) this.inflate.end();
    else if (this.parser) {
      const parser = this.parser;
      safe(() => {
        parser.write(this.decoder.end());
        parser.end();
      });
    }
    cb();
  }

  /** Resolves once a side-branch inflater (if any) has delivered everything to the parser. */
  parsed(): Promise<void> {
    if (!this.inflate || this.inflate.readableEnded) return Promise.resolve();
    const inflate = this.inflate;
    return new Promise((resolve) => {
      inflate.once('end', resolve);
      inflate.once('error', () => resolve());
    });
  }
}

function inflater(encoding: string): ZTransform | null {
  const e = encoding.trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip' || e === 'deflate') return createUnzip();
  if (e === 'br') return createBrotliDecompress();
  return null;
}

/** A parser bug must never break the byte stream to the client. */
function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored on purpose: observation is best-effort, forwarding is not
  }
}
