import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { anthropicMessages } from './fake-anthropic.ts';
import { chatCompletion, responsesApi } from './fake-openai.ts';
import type { TestCa } from './test-ca.ts';

export interface FakeProvider {
  port: number;
  /** Every request received: path and raw body, in arrival order. */
  received: { path: string; body: Buffer; headers: Record<string, string | string[] | undefined>; peerPort: number }[];
  close(): Promise<void>;
}

/**
 * What a test asks the fake model to answer, in request headers (both SDKs take per-request headers):
 * `x-fake-tool-call: {"name": ..., "input": {...}}` replaces the get_weather call, and
 * `x-fake-text: ["piece", ...]` replaces the streamed text pieces.
 */
export interface FakeScript {
  toolCall?: { name: string; input: Record<string, unknown> };
  text?: string[];
}

function scriptFrom(headers: Record<string, string | string[] | undefined>): FakeScript {
  const one = (h: string) => (typeof headers[h] === 'string' ? (JSON.parse(headers[h]) as unknown) : undefined);
  return { toolCall: one('x-fake-tool-call') as FakeScript['toolCall'], text: one('x-fake-text') as string[] | undefined };
}

/**
 * One local HTTPS server answering as api.openai.com and api.anthropic.com (certificate from the test
 * CA for both names). Streams pause `gapMs` between events. Unknown paths echo the raw body back.
 */
export async function startFakeProvider(ca: TestCa, opts: { gapMs?: number; names?: string[] } = {}): Promise<FakeProvider> {
  const { key, cert } = await ca.issue(opts.names ?? ['api.openai.com', 'api.anthropic.com']);
  const received: FakeProvider['received'] = [];
  const gap = opts.gapMs ?? 0;
  const server: Server = createServer({ key, cert, keepAlive: true }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const path = req.url ?? '/';
      received.push({ path, body, headers: req.headers, peerPort: req.socket.remotePort ?? 0 });
      let json: Record<string, unknown> | null;
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        json = null;
      }
      const p = path.split('?')[0];
      const script = scriptFrom(req.headers);
      if (json && p === '/v1/chat/completions') return void chatCompletion(res, json, gap, script);
      if (json && p === '/v1/responses') return void responsesApi(res, json, gap);
      if (json && p === '/v1/messages') return void anthropicMessages(res, json, gap, script);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-fake-path': path }).end(body);
    });
  });
  // WebSocket upgrades (OpenAI Realtime) are answered with 101 and then echo every byte back.
  server.on('upgrade', (_req, socket: Duplex) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
