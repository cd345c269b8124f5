import { connect } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { endToEndHeaders } from './headers.ts';
import type { Upstream } from './upstream.ts';

/**
 * Passes a WebSocket upgrade (OpenAI Realtime) on an intercepted host through to the provider and
 * splices the two sockets once the handshake is sent; frames are not inspected yet.
 */
export function passUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, host: string, port: number, upstream: Upstream): void {
  const target = upstream.target(host, port);
  const up = connect({ host: target.host, port: target.port, servername: isIP(host) ? undefined : host, ca: upstream.ca, ALPNProtocols: ['http/1.1'] });
  up.once('secureConnect', () => {
    const raw = endToEndHeaders(req.rawHeaders, true);
    let head1 = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
    for (let i = 0; i < raw.length; i += 2) head1 += `${raw[i]}: ${raw[i + 1]}\r\n`;
    up.write(head1 + '\r\n');
    if (head.length) up.write(head);
    up.pipe(client);
    client.pipe(up);
  });
  up.once('error', () => client.destroy());
  client.once('error', () => up.destroy());
  client.once('close', () => up.destroy());
  up.once('close', () => client.destroy());
}
