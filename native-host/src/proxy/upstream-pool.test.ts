import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createSecureContext, createServer, type Server, type TLSSocket } from 'node:tls';
import { createTestCa, type TestCa } from './testing/test-ca.ts';
import { UpstreamPool, type UpstreamResponse } from './upstream-pool.ts';

// Real TLS servers on 127.0.0.1 that speak raw HTTP/1.1, so each test decides exactly what goes on the wire.
let ca: TestCa;
let cert: { key: string; cert: string };
const servers: Server[] = [];
const pools: UpstreamPool[] = [];
before(async () => {
  ca = await createTestCa();
  cert = await ca.issue(['api.openai.com']);
});
after(() => {
  for (const p of pools) p.destroy();
  for (const s of servers) s.close();
});

/** A server that hands each request (the bytes up to the body) to `onRequest` with its connection number. */
async function rawServer(onRequest: (socket: TLSSocket, head: string, conn: number, nth: number) => void): Promise<number> {
  let conns = 0;
  const server = createServer({ key: cert.key, cert: cert.cert }, (socket) => {
    const conn = ++conns;
    let nth = 0;
    let buf = '';
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const head = buf.slice(0, end + 4 + len);
        buf = buf.slice(end + 4 + len);
        onRequest(socket, head, conn, ++nth);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function newPool(): UpstreamPool {
  const p = new UpstreamPool(createSecureContext({ ca: ca.certPem }));
  pools.push(p);
  return p;
}

/** One POST through the pool: status, body text and the request the server saw. */
function call(pool: UpstreamPool, port: number, body = '{"a":1}', onRes?: (r: UpstreamResponse) => void): Promise<{ status: number; text: string }> {
  const head = `POST /v1/x HTTP/1.1\r\nHost: api.openai.com\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    pool.request({ host: '127.0.0.1', port }, 'api.openai.com', head, Buffer.from(body), 'POST', (res) => {
      onRes?.(res);
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    }, reject);
  });
}

const ok = (socket: TLSSocket, text: string, extra = '') => socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${extra}\r\n${text}`);

test('requests reuse one keep-alive connection and the request arrives whole', async () => {
  const seen: { conn: number; head: string }[] = [];
  const port = await rawServer((s, head, conn) => {
    seen.push({ conn, head });
    ok(s, `reply ${seen.length}`);
  });
  const pool = newPool();
  assert.deepEqual(await call(pool, port), { status: 200, text: 'reply 1' });
  assert.deepEqual(await call(pool, port, '{"b":2}'), { status: 200, text: 'reply 2' });
  assert.deepEqual(seen.map((s) => s.conn), [1, 1]);
  assert.match(seen[1]?.head ?? '', /^POST \/v1\/x HTTP\/1\.1\r\nHost: api\.openai\.com\r\ncontent-length: 7\r\n\r\n\{"b":2\}$/);
});

test('a pooled connection the server dropped is retried once on a new one; a fresh one failing is an error', async () => {
  const port = await rawServer((s, _head, conn, nth) => {
    // The keep-alive race: the server closes its first connection as the second request arrives.
    if (conn === 1 && nth === 2) return void s.destroy();
    ok(s, `conn ${conn}`);
  });
  const pool = newPool();
  assert.equal((await call(pool, port)).text, 'conn 1');
  assert.equal((await call(pool, port)).text, 'conn 2');
  const dead = await rawServer((s) => s.destroy());
  await assert.rejects(call(pool, dead), /closed/);
});

test('a server closing after a close-delimited body ends the response, and the connection is not reused', async () => {
  const conns: number[] = [];
  const port = await rawServer((s, _head, conn) => {
    conns.push(conn);
    s.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil close');
  });
  const pool = newPool();
  assert.equal((await call(pool, port)).text, 'until close');
  assert.equal((await call(pool, port)).text, 'until close');
  assert.deepEqual(conns, [1, 2]);
});

test('a large body arrives whole through backpressure; an aborted response closes its connection', async () => {
  const big = 'x'.repeat(4 * 1024 * 1024);
  const conns: number[] = [];
  const port = await rawServer((s, head, conn) => {
    conns.push(conn);
    if (head.includes('"slow"')) s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${big.length}\r\n\r\n${big.slice(0, 1000)}`);
    else ok(s, big);
  });
  const pool = newPool();
  const got = await call(pool, port, '{}', (res) => {
    // A slow reader: pause after every chunk for a moment.
    res.on('data', () => {
      res.pause();
      setTimeout(() => res.resume(), 1);
    });
  });
  assert.equal(got.text.length, big.length);
  const aborted = await new Promise<string>((resolve) => {
    const head = 'POST /v1/x HTTP/1.1\r\nHost: api.openai.com\r\ncontent-length: 8\r\n\r\n';
    const c = pool.request({ host: '127.0.0.1', port }, 'api.openai.com', head, Buffer.from('{"slow"}'), 'POST', (res) => {
      res.once('data', () => {
        c.abort();
        resolve('aborted');
      });
    }, (err) => resolve(err.message));
  });
  assert.equal(aborted, 'aborted');
  assert.equal((await call(pool, port)).text.length, big.length);
  assert.deepEqual(conns, [1, 1, 2]);
});

test('the upstream certificate is verified for the requested host name', async () => {
  const port = await rawServer((s) => ok(s, 'never'));
  const pool = newPool();
  const err = await new Promise<Error>((resolve) => {
    pool.request({ host: '127.0.0.1', port }, 'api.anthropic.com', 'GET / HTTP/1.1\r\nHost: api.anthropic.com\r\n\r\n', Buffer.alloc(0), 'GET', () => resolve(new Error('answered')), resolve);
  });
  assert.match(err.message, /api\.anthropic\.com|altnames|certificate/i);
});
