import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramingError, ResponseFramer, type ResponseHead } from './response-framer.ts';

interface Seen {
  head: ResponseHead | null;
  body: string;
  ended: boolean | null;
}

/** Feeds `wire` to a framer in pieces of `step` bytes (every split point gets exercised). */
function frame(wire: string, step: number, opts: { noBody?: boolean; eof?: boolean } = {}): Seen {
  const seen: Seen = { head: null, body: '', ended: null };
  const f = new ResponseFramer({ head: (h) => (seen.head = h), body: (b) => (seen.body += b.toString('latin1')), end: (r) => (seen.ended = r) }, opts.noBody ?? false);
  const bytes = Buffer.from(wire, 'latin1');
  for (let i = 0; i < bytes.length; i += step) f.feed(bytes.subarray(i, i + step));
  if (opts.eof) f.eof();
  return seen;
}

const everySplit = (wire: string, check: (s: Seen, step: number) => void, opts?: { noBody?: boolean; eof?: boolean }) => {
  for (let step = 1; step <= wire.length; step++) check(frame(wire, step, opts), step);
};

test('content-length body, split at every point: head fields as IncomingMessage has them, reusable', () => {
  const wire = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-A: 1\r\nx-a: 2\r\n\r\n{"ok":true}';
  everySplit(wire, (s, step) => {
    assert.equal(s.body, '{"ok":true}', `step ${step}`);
    assert.equal(s.ended, true);
    assert.equal(s.head?.statusCode, 200);
    assert.equal(s.head?.statusMessage, 'OK');
    assert.deepEqual(s.head?.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(s.head?.headers['x-a'], '1, 2');
    assert.deepEqual(s.head?.rawHeaders.slice(0, 2), ['Content-Type', 'application/json']);
  });
});

test('chunked body is de-chunked at every split point, extensions and trailers skipped', () => {
  const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
  everySplit(wire, (s, step) => {
    assert.equal(s.body, 'hello 0123456789', `step ${step}`);
    assert.equal(s.ended, true);
  });
});

test('a body read until close is not reusable; a close mid-body is an error', () => {
  everySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it', (s) => {
    assert.equal(s.body, 'all of it');
    assert.equal(s.ended, false);
  }, { eof: true });
  assert.throws(() => frame('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', 100, { eof: true }), FramingError);
  assert.throws(() => frame('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', 100, { eof: true }), FramingError);
  assert.throws(() => frame('', 1, { eof: true }), /closed before responding/);
});

test('HEAD, 204 and 304 have no body; informational responses are skipped', () => {
  assert.deepEqual(frame('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n', 7, { noBody: true }).ended, true);
  assert.equal(frame('HTTP/1.1 204 No Content\r\n\r\n', 3).ended, true);
  assert.equal(frame('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n', 3).ended, true);
  everySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', (s) => {
    assert.equal(s.head?.statusCode, 201);
    assert.equal(s.body, 'ok');
  });
});

test('connection: close and HTTP/1.0 without keep-alive end the connection after the message', () => {
  assert.equal(frame('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok', 4).ended, false);
  assert.equal(frame('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', 4).ended, false);
  assert.equal(frame('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok', 4).ended, true);
});

test('malformed responses are refused rather than guessed at', () => {
  const bad = [
    'HTTP/2 200 OK\r\n\r\n',
    'HTTP/1.1 20 OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n',
    'HTTP/1.1 200 OK\r\n folded: x\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA',
    'HTTP/1.1 101 Switching Protocols\r\n\r\n',
  ];
  for (const wire of bad) assert.throws(() => frame(wire, 1000), FramingError, JSON.stringify(wire));
  assert.throws(() => frame(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}\r\n\r\n`, 4096), /too large/);
});
