import { StringDecoder } from 'node:string_decoder';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import type { ResponseParser } from './providers/adapter.ts';

type ZTransform = ReturnType<typeof createUnzip>;

/** The error an exchange ends with when a hook cut the stream. */
export class StreamCutError extends Error {
  constructor() {
    super('stream cut by a hook');
  }
}

/**
 * Shows response bytes to an adapter's parser as they pass. Parsing a chunk takes microseconds, so
 * observation never delays the bytes. Compressed bodies are inflated on a side branch for the parser
 * only. A plain object rather than a Transform: the forwarding loop in exchange.ts writes the bytes
 * itself, which saves a stream pair and two pipes per request.
 */
export class ResponseObserver {
  private readonly decoder = new StringDecoder('utf8');
  private readonly inflate: ZTransform | null;

  constructor(
    private readonly parser: ResponseParser | null,
    encoding: string,
  ) {
    this.inflate = parser ? inflater(encoding) : null;
    if (this.inflate && parser) {
      this.inflate.on('data', (d: Buffer) => safe(() => parser.write(this.decoder.write(d))));
      this.inflate.on('error', () => undefined); // a corrupt body is the client's problem, not ours
      this.inflate.on('end', () => safe(() => parser.end()));
    }
  }

  /** True when the parser sees the bytes only later (inflated asynchronously). */
  get deferred(): boolean {
    return this.inflate !== null;
  }

  write(chunk: Buffer): void {
    if (this.inflate) this.inflate.write(chunk);
    else if (this.parser) {
      const parser = this.parser;
      safe(() => parser.write(this.decoder.write(chunk)));
    }
  }

  end(): void {
    if (this.inflate) this.inflate.end();
    else if (this.parser) {
      const parser = this.parser;
      safe(() => {
        parser.write(this.decoder.end());
        parser.end();
      });
    }
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
