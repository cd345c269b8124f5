import type { Socket } from 'node:net';
import { ChunkAssembler, ChunkReply, ErrorCodes, Reply, VigilError } from '@vigil/shared';
import { FrameDecoder, encodeFrame } from '../messaging/framing.ts';
import { tryConnectLocal } from '../ipc/local-socket.ts';

/** A CLI-side connection to the daemon over its socket, speaking the same protocol as the extension. */
export class DaemonClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private readonly decoder = new FrameDecoder();
  private readonly chunks = new ChunkAssembler();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      for (const event of this.decoder.push(data)) {
        if (event.kind === 'frame') this.receive(JSON.parse(event.text));
      }
    });
    socket.on('close', () => {
      for (const [id, resolve] of this.waiting) resolve({ id, type: 'error', code: ErrorCodes.DAEMON_LOST, message: 'daemon closed the connection' });
      this.waiting.clear();
    });
  }

  /** Connects to the daemon, or throws DAEMON_UNAVAILABLE when none is running. */
  static async connect(socketPath: string): Promise<DaemonClient> {
    const socket = await tryConnectLocal(socketPath);
    if (!socket) throw new VigilError(ErrorCodes.DAEMON_UNAVAILABLE, `no daemon is running at ${socketPath}`);
    return new DaemonClient(socket);
  }

  request(message: { type: string } & Record<string, unknown>, timeoutMs = 5000): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new VigilError(ErrorCodes.DAEMON_UNAVAILABLE, `daemon did not answer "${message.type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.socket.write(encodeFrame(JSON.stringify({ ...message, id })));
    });
  }

  close(): void {
    this.socket.end();
  }

  private receive(value: unknown): void {
    const chunk = ChunkReply.safeParse(value);
    const whole = chunk.success ? this.chunks.add(chunk.data) : value;
    if (whole === undefined) return;
    const reply = Reply.safeParse(whole);
    if (!reply.success || typeof reply.data.id !== 'number') return;
    this.waiting.get(reply.data.id)?.(reply.data);
    this.waiting.delete(reply.data.id);
  }
}

/**
 * One request to the running daemon, for CLI commands that must go through it when it runs (it is
 * the writer) and act themselves otherwise. Resolves with the reply of the expected type, or null when
 * no daemon runs; an error reply becomes a VigilError with its code, prefixed by `failure`.
 */
export async function askRunningDaemon<T extends Reply['type']>(
  socketPath: string,
  message: { type: string } & Record<string, unknown>,
  expect: T,
  opts: { failure: string; timeoutMs?: number },
): Promise<Extract<Reply, { type: T }> | null> {
  let client: DaemonClient;
  try {
    client = await DaemonClient.connect(socketPath);
  } catch (err) {
    if (err instanceof VigilError && err.code === ErrorCodes.DAEMON_UNAVAILABLE) return null;
    throw err;
  }
  try {
    const reply = await client.request(message, opts.timeoutMs);
    if (reply.type === 'error') throw new VigilError(reply.code, `${opts.failure}: ${reply.message}`);
    if (reply.type !== expect) throw new VigilError(ErrorCodes.INTERNAL, `unexpected reply "${reply.type}" from the daemon`);
    return reply as Extract<Reply, { type: T }>;
  } finally {
    client.close();
  }
}
