import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endToEndHeaders, setRawHeader } from './headers.ts';

test('hop-by-hop headers and those Connection names are dropped; casing, order and repeats kept', () => {
  const raw = ['Host', 'api.openai.com', 'Connection', 'keep-alive, X-Hop', 'X-Hop', '1', 'Set-Cookie', 'a=1', 'Transfer-Encoding', 'chunked', 'set-cookie', 'b=2', 'Keep-Alive', 'timeout=5', 'Proxy-Authorization', 'Basic x'];
  assert.deepEqual(endToEndHeaders(raw), ['Host', 'api.openai.com', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2']);
});

test('a WebSocket handshake keeps Upgrade and Connection', () => {
  const raw = ['Upgrade', 'websocket', 'Connection', 'Upgrade', 'Sec-WebSocket-Key', 'k'];
  assert.deepEqual(endToEndHeaders(raw, true), raw);
  assert.deepEqual(endToEndHeaders(raw), ['Sec-WebSocket-Key', 'k']);
});

test('setRawHeader replaces every copy of a header with one value', () => {
  assert.deepEqual(setRawHeader(['Content-Length', '5', 'A', 'b', 'content-length', '5'], 'content-length', '9'), ['A', 'b', 'content-length', '9']);
});
