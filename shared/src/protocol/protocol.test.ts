import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkAssembler, chunkReply, utf8Length, MAX_HOST_MESSAGE_BYTES } from './chunking.ts';
import { ChunkReply } from './messages.ts';
import { parseRequest, parseRequestText } from './validate.ts';

test('a small reply is sent whole', () => {
  const json = JSON.stringify({ id: 1, type: 'pong' });
  assert.deepEqual(chunkReply(1, json), [json]);
});

test('a reply over 1 MB is split into chunks under the limit and reassembled exactly', () => {
  const big = { id: 9, type: 'status', blob: '€😀x'.repeat(200_000) };
  const json = JSON.stringify(big);
  assert.ok(utf8Length(json) > MAX_HOST_MESSAGE_BYTES);
  const parts = chunkReply(9, json);
  assert.ok(parts.length > 1);
  const assembler = new ChunkAssembler();
  let whole: unknown;
  // Out of order arrival still reassembles.
  for (const part of [...parts].reverse()) {
    assert.ok(utf8Length(part) < MAX_HOST_MESSAGE_BYTES);
    whole = assembler.add(ChunkReply.parse(JSON.parse(part))) ?? whole;
  }
  assert.deepEqual(whole, big);
});

test('utf8Length agrees with the platform encoder', () => {
  const text = 'aé€😀\u0000';
  assert.equal(utf8Length(text), new TextEncoder().encode(text).length);
});

test('validation gives stable codes and keeps the id', () => {
  assert.deepEqual(parseRequestText('{"id":1,"type":"ping"}'), { ok: true, request: { id: 1, type: 'ping' } });
  const cases: [unknown, string][] = [
    [[1, 2], 'INVALID_MESSAGE'],
    [{ id: 2 }, 'INVALID_MESSAGE'],
    [{ id: 3, type: 'nope' }, 'UNKNOWN_TYPE'],
    [{ id: 4, type: 'ping', v: 2 }, 'UNSUPPORTED_PROTOCOL'],
    [{ id: 5.5, type: 'ping' }, 'INVALID_MESSAGE'],
  ];
  for (const [input, code] of cases) {
    const result = parseRequest(input);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, code, JSON.stringify(input));
  }
  const bad = parseRequestText('{');
  assert.equal(!bad.ok && bad.error.code, 'INVALID_JSON');
});
