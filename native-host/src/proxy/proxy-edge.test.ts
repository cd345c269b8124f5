import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { request as httpRequest, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ProxyAgent, request } from 'undici';
import { startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
let other: { port: number; fingerprint: string; caPem: string; close(): void };
before(async () => {
  // A non-intercepted "public" host, served locally with a certificate from the test root.
  const tmp = await import('./testing/test-ca.ts');
  const ca = await tmp.createTestCa();
  const { key, cert } = await ca.issue(['example.org']);
  const srv = createHttpsServer({ key, cert }, (_q, s) => s.end('example'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  other = { port: (srv.address() as AddressInfo).port, fingerprint: new X509Certificate(cert).fingerprint256, caPem: ca.certPem, close: () => srv.close() };
  h = await startHarness({ extraOverride: [`example.org=127.0.0.1:${other.port}`], timeouts: { requestTimeoutMs: 800, headersTimeoutMs: 800 } });
});
after(async () => {
  other.close();
  await h.close();
});

/** Sends raw bytes to the proxy and resolves with everything it answers before closing. */
function raw(bytes: string, opts: { localAddress?: string } = {}): Promise<string> {
  return new Promise((resolve) => {
    const s = netConnect({ host: '127.0.0.1', port: h.port, localAddress: opts.localAddress });
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', () => resolve(got));
    s.on('close', () => resolve(got));
    s.on('connect', () => s.write(bytes));
    s.setTimeout(3000, () => s.destroy());
  });
}

function connectTunnel(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: h.port, method: 'CONNECT', path: `${host}:${port}` });
    req.once('connect', (res, socket) => (res.statusCode === 200 ? resolve(socket) : reject(new Error(`CONNECT ${res.statusCode}`))));
    req.once('error', reject);
    req.end();
  });
}

function tlsOver(socket: Socket, servername: string, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tlsConnect({ socket, servername, ca, ALPNProtocols: ['http/1.1'] }, () => resolve(t));
    t.once('error', reject);
  });
}

async function healthy(): Promise<void> {
  const agent = new ProxyAgent({ uri: `http://127.0.0.1:${h.port}`, requestTls: { ca: h.vigilCaPem } });
  const res = await request('https://api.openai.com/v1/chat/completions', { method: 'POST', dispatcher: agent, body: JSON.stringify({ model: 'm', messages: [] }), headers: { 'content-type': 'application/json' } });
  assert.equal(res.statusCode, 200);
  await res.body.text();
  await agent.close();
}

test('a non-intercepted host is tunnelled blind: the client sees that host’s own certificate', async () => {
  const t = await tlsOver(await connectTunnel('example.org', 443), 'example.org', other.caPem);
  assert.equal(t.getPeerX509Certificate()?.fingerprint256, other.fingerprint);
  assert.notEqual(t.getPeerX509Certificate()?.issuer, new X509Certificate(h.vigilCaPem).subject);
  t.destroy();
});

test('an intercepted host gets a Vigil leaf with ALPN http/1.1', async () => {
  const t = await tlsOver(await connectTunnel('api.openai.com', 443), 'api.openai.com', h.vigilCaPem);
  assert.equal(t.getPeerX509Certificate()?.issuer, new X509Certificate(h.vigilCaPem).subject);
  assert.equal(t.alpnProtocol, 'http/1.1');
  t.destroy();
});

test('malformed CONNECT lines get 400 and the proxy keeps serving', async () => {
  for (const line of ['CONNECT nonsense HTTP/1.1\r\n\r\n', 'CONNECT api.openai.com:99999 HTTP/1.1\r\n\r\n', 'CONNECT a b c\r\n\r\n', '\x16\x03\x01garbage\r\n\r\n', 'CONNECT evil.com:443/x HTTP/1.1\r\n\r\n']) {
    assert.match(await raw(line), /^HTTP\/1\.1 400/, JSON.stringify(line));
  }
  await healthy();
});

test('oversized headers get 431', async () => {
  const res = await raw(`GET http://127.0.0.1:1/ HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(100_000)}\r\n\r\n`);
  assert.match(res, /^HTTP\/1\.1 431/);
  await healthy();
});

test('a client stalling mid-request is cut off after the request timeout; others are unaffected', async () => {
  const t = await tlsOver(await connectTunnel('api.openai.com', 443), 'api.openai.com', h.vigilCaPem);
  const closed = new Promise<number>((r) => t.once('close', () => r(Date.now())));
  t.on('error', () => undefined);
  const start = Date.now();
  t.write('POST /v1/chat/completions HTTP/1.1\r\nhost: api.openai.com\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"model":');
  await healthy();
  const at = await closed;
  assert.ok(at - start < 3000, `closed after ${at - start} ms`);
});

test('a non-loopback peer is refused without affecting other connections', async (t) => {
  // 127.0.0.2 stands in for a foreign peer: the proxy serves exactly 127.0.0.1 / ::1.
  const got = await raw('GET /proxy.pac HTTP/1.1\r\nhost: x\r\n\r\n', { localAddress: '127.0.0.2' }).catch(() => null);
  if (got === null) return t.skip('cannot bind 127.0.0.2 here');
  assert.equal(got, '');
  await healthy();
});

test('WebSocket upgrades on an intercepted host pass through to the provider', async () => {
  const t = await tlsOver(await connectTunnel('api.openai.com', 443), 'api.openai.com', h.vigilCaPem);
  t.write('GET /v1/realtime?model=x HTTP/1.1\r\nhost: api.openai.com\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n');
  let got = '';
  await new Promise<void>((resolve) => {
    t.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n\r\n') && !got.includes('ping')) t.write('ping');
      if (got.includes('ping')) resolve();
    });
  });
  assert.match(got, /^HTTP\/1\.1 101/);
  t.destroy();
});

test('plain-HTTP proxy requests are forwarded', async () => {
  const srv = createServer((q, s) => s.end(`plain ${q.url}`));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  const res = await raw(`GET http://127.0.0.1:${port}/hello?x=1 HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`);
  srv.close();
  assert.match(res, /^HTTP\/1\.1 200/);
  assert.match(res, /plain \/hello\?x=1$/);
});
