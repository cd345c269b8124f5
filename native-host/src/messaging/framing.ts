import { ErrorCodes } from '@vigil/shared';

/** Chrome's browser→host limit is 64 MiB; we accept up to that and no more. */
export const MAX_INBOUND_FRAME_BYTES = 64 * 1024 * 1024;

export type FrameEvent =
  | { kind: 'frame'; text: string }
  /** Fatal: the stream cannot be resynchronised after a bad length, so the session must end. */
  | { kind: 'fatal'; code: string; message: string };

/**
 * Decodes Chrome native-messaging frames (4-byte little-endian length + UTF-8 JSON) from a byte
 * stream that may arrive in arbitrary pieces. Keeps only what it needs; never buffers past the limit.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private failed = false;

  constructor(private readonly maxBytes = MAX_INBOUND_FRAME_BYTES) {}

  push(data: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.chunks.push(data);
    this.buffered += data.length;
    const events: FrameEvent[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const header = this.take(4);
        const length = header.readUInt32LE(0);
        if (length === 0) {
          events.push(this.fail(ErrorCodes.BAD_FRAME_LENGTH, 'frame length is 0'));
          break;
        }
        if (length > this.maxBytes) {
          events.push(this.fail(ErrorCodes.FRAME_TOO_LARGE, `frame length ${length} exceeds the ${this.maxBytes}-byte limit`));
          break;
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      const body = this.take(this.expected);
      this.expected = -1;
      events.push({ kind: 'frame', text: body.toString('utf8') });
    }
    return events;
  }

  /** Called at end of input: a partial frame is reported, a clean boundary is not. */
  end(): FrameEvent | null {
    if (this.failed || (this.buffered === 0 && this.expected < 0)) return null;
    return this.fail(ErrorCodes.TRUNCATED_FRAME, `input ended inside a frame (${this.buffered} of ${this.expected < 0 ? 4 : this.expected} bytes)`);
  }

  private fail(code: string, message: string): FrameEvent {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    return { kind: 'fatal', code, message };
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }
}

export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}
