import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, encodeFrame } from './framing.ts';

test('decodes frames split at every byte boundary', () => {
  const bytes = Buffer.concat([encodeFrame('{"id":1,"type":"ping"}'), encodeFrame('{"id":"é","type":"status"}')]);
  const decoder = new FrameDecoder();
  const texts: string[] = [];
  for (const byte of bytes) {
    for (const e of decoder.push(Buffer.from([byte]))) if (e.kind === 'frame') texts.push(e.text);
  }
  assert.deepEqual(texts, ['{"id":1,"type":"ping"}', '{"id":"é","type":"status"}']);
  assert.equal(decoder.end(), null);
});

test('a length over the limit is fatal and stops decoding', () => {
  const decoder = new FrameDecoder(1024);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(2 ** 31, 0);
  const events = decoder.push(Buffer.concat([header, encodeFrame('{}')]));
  assert.equal(events.length, 1);
  assert.deepEqual(events[0] && events[0].kind === 'fatal' && events[0].code, 'FRAME_TOO_LARGE');
  assert.deepEqual(decoder.push(encodeFrame('{}')), []);
});

test('zero length and truncated input are reported', () => {
  const zero = new FrameDecoder();
  const e = zero.push(Buffer.alloc(4));
  assert.equal(e[0]?.kind === 'fatal' && e[0].code, 'BAD_FRAME_LENGTH');
  const partial = new FrameDecoder();
  partial.push(encodeFrame('{"id":1}').subarray(0, 6));
  const ended = partial.end();
  assert.equal(ended?.kind === 'fatal' ? ended.code : null, 'TRUNCATED_FRAME');
});
