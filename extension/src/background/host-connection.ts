import { ChunkAssembler, ChunkReply, NATIVE_HOST_NAME, PROTOCOL_VERSION, Reply } from '@vigil/shared';
import type { HostStatus } from '../common/status.ts';
import { backoffDelay } from './backoff.ts';

type Pending = { resolve(reply: Reply): void; reject(err: Error): void; timer: ReturnType<typeof setTimeout> };

const HEARTBEAT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * The background's link to the native host. Connects with chrome.runtime.connectNative, validates
 * every reply, reassembles chunked replies, and reconnects with backoff whenever the host exits.
 * An open native port also keeps the MV3 service worker alive.
 */
export class HostConnection {
  private port: chrome.runtime.Port | null = null;
  private nextId = 1;
  private attempt = 0;
  private readonly pending = new Map<number, Pending>();
  private chunks = new ChunkAssembler();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private state: HostStatus = { connected: false, changedAt: Date.now() };

  constructor(private readonly onStatus: (status: HostStatus) => void) {}

  get status(): HostStatus {
    return this.state;
  }

  start(): void {
    this.connect();
  }

  /** Sends one request and resolves with its validated reply. */
  request(message: { type: string } & Record<string, unknown>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
    const port = this.port;
    if (!port) return Promise.reject(new Error('host is not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`host did not answer "${message.type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      port.postMessage({ ...message, id, v: PROTOCOL_VERSION });
    });
  }

  private connect(): void {
    this.retry = null;
    let port: chrome.runtime.Port;
    try {
      port = chrome.runtime.connectNative(NATIVE_HOST_NAME);
    } catch (err) {
      this.disconnected(String(err));
      return;
    }
    this.port = port;
    port.onMessage.addListener((message: unknown) => this.receive(message));
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.disconnected(chrome.runtime.lastError?.message ?? 'host exited');
    });
    void this.handshake();
    this.heartbeat = setInterval(() => void this.handshake(), HEARTBEAT_MS);
  }

  private async handshake(): Promise<void> {
    try {
      const reply = await this.request({ type: 'ping' });
      if (reply.type !== 'pong') throw new Error(`unexpected reply "${reply.type}" to ping`);
      this.attempt = 0;
      const changed = !this.state.connected || this.state.daemonPid !== reply.pid;
      if (changed) {
        this.update({ connected: true, hostVersion: reply.version, daemonPid: reply.pid, daemonStartedAt: reply.startedAt, changedAt: Date.now() });
      }
    } catch (err) {
      // A port that is open but silent is as good as closed: drop it and retry.
      if (this.port) {
        this.port.disconnect();
        this.disconnected((err as Error).message);
      }
    }
  }

  private receive(message: unknown): void {
    const chunk = ChunkReply.safeParse(message);
    let whole: unknown = message;
    if (chunk.success) {
      try {
        whole = this.chunks.add(chunk.data);
      } catch {
        this.chunks = new ChunkAssembler();
        return;
      }
      if (whole === undefined) return;
    }
    const reply = Reply.safeParse(whole);
    if (!reply.success || typeof reply.data.id !== 'number') return;
    const waiting = this.pending.get(reply.data.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(reply.data.id);
    waiting.resolve(reply.data);
  }

  private disconnected(reason: string): void {
    this.port = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`host disconnected: ${reason}`));
    }
    this.pending.clear();
    this.chunks = new ChunkAssembler();
    const delay = backoffDelay(this.attempt++);
    this.update({ connected: false, lastError: reason, retryAt: Date.now() + delay, changedAt: Date.now() });
    if (!this.retry) this.retry = setTimeout(() => this.connect(), delay);
  }

  private update(next: HostStatus): void {
    this.state = next;
    this.onStatus(next);
  }
}
