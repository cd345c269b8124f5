import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createBrotliDecompress, createUnzip } from 'node:zlib';

type ZTransform = ReturnType<typeof createUnzip>;
import type { ResponseParser } from './providers/adapter.ts';

/**
 * Passes every response chunk on first, then shows it to the parser and the chunk hooks. The bytes
 * leave before any parsing happens, so observation never delays them; compressed bodies are
 * inflated on a side branch for the parser only.
 */
export class ObserveTransform extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly inflate: ZTransform | null;

  constructor(
    private readonly parser: ResponseParser | null,
    encoding: string,
    private readonly onChunk: (chunk: Buffer) => 'cut' | void,
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
    this.push(chunk);
    if (this.inflate) this.inflate.write(chunk);
    else if (this.parser) {
      const parser = this.parser;
      safe(() => parser.write(this.decoder.write(chunk)));
    }
    const verdict = this.onChunk(chunk);
    cb(verdict === 'cut' ? new Error('stream cut by a hook') : null);
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
