import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const IDLE_MS = 300_000;

/**
 * A blind TCP tunnel: the proxy never sees the plaintext. Used for every CONNECT to a host that is
 * not intercepted. Idle tunnels are closed after five minutes.
 */
export function blindTunnel(client: Duplex, head: Buffer, target: { host: string; port: number }, onError: (err: Error) => void): void {
  const up: Socket = connect({ host: target.host, port: target.port });
  let connected = false;
  up.setNoDelay(true);
  up.setTimeout(IDLE_MS, () => up.destroy());
  up.once('connect', () => {
    connected = true;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) up.write(head);
    up.pipe(client);
    client.pipe(up);
  });
  up.once('error', (err) => {
    if (!connected && client.writable) client.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nVigil: cannot reach ${target.host}:${target.port}: ${err.message}\n`);
    else client.destroy();
    onError(err);
  });
  up.once('close', () => client.destroy());
  client.once('error', () => up.destroy());
  client.once('close', () => up.destroy());
}

/** Parses a CONNECT authority `host:port` strictly; null for anything else. */
export function parseAuthority(url: string | undefined): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.?)):(\d{1,5})$/i.exec(url ?? '');
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, ''), port };
}
