import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Interaction } from '@vigil/shared';
import { openAiAdapter } from '../../proxy/providers/openai.ts';
import { anthropicAdapter } from '../../proxy/providers/anthropic.ts';
import { redactJsonBody, redactMessages } from '../redact.ts';
import { decomposeRequest, decomposeResponse } from './decompose.ts';
import { linkHosts } from './links.ts';
import { locateInBody } from './locate.ts';

const fromBody = (adapter: typeof openAiAdapter, path: string, body: unknown): Interaction => ({
  id: 'x', ts: '', source: 'proxy', provider: adapter.id, attachments: [], ...adapter.parseRequest(body, path),
});

test('an agent turn decomposes into system prompt, prompt, replayed call, tool result and web content, in order', () => {
  const body = {
    model: 'm',
    messages: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'Summarise the page and check the weather' },
      { role: 'assistant', content: null, tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'fetch_url', arguments: '{"url":"https://a.example"}' } },
        { id: 'c2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ] },
      { role: 'tool', tool_call_id: 'c1', content: 'page text' },
      { role: 'tool', tool_call_id: 'c2', content: '21 C' },
    ],
    tools: [{ type: 'function', function: { name: 'fetch_url' } }],
  };
  const actions = decomposeRequest(fromBody(openAiAdapter, '/v1/chat/completions', body));
  assert.deepEqual(actions.map((a) => [a.kind, a.history, a.tool?.name ?? null]), [
    ['system.prompt', false, null],
    ['prompt.submit', true, null],
    ['tool.call', true, 'fetch_url'],
    ['tool.call', true, 'get_weather'],
    ['web.content', false, 'fetch_url'],
    ['tool.result', false, 'get_weather'],
  ]);
  assert.equal(actions[2]?.text, 'fetch_url{"url":"https://a.example"}');
  const out = decomposeResponse({ text: 'See ![x](https://img.example/a.png)', toolCalls: [{ name: 'http_post', arguments: '{}' }] });
  assert.deepEqual(out.map((a) => [a.kind, a.direction, a.history]), [['model.output', 'response', false], ['tool.call', 'response', false]]);
});

test('extension captures: a paste becomes prompt.paste, attachments become file.upload with their text', () => {
  const i: Interaction = {
    id: 'e', ts: '', source: 'extension', provider: 'chatgpt', endpoint: 'composer', streamed: false, tools: [],
    messages: [{ role: 'user', text: 'pasted text' }], attachments: [{ name: 'notes.txt', mime: 'text/plain', size: 5, text: 'hello' }],
  };
  const actions = decomposeRequest(i, 'paste');
  assert.deepEqual(actions.map((a) => a.kind), ['prompt.paste', 'file.upload']);
  assert.deepEqual(actions[1]?.file, { name: 'notes.txt', mime: 'text/plain', size: 5 });
});

test('spans point into the original body: OpenAI content parts and Anthropic blocks redact in place, valid JSON', () => {
  const card = '4111 1111 1111 1111';
  const oa = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'first part' }, { type: 'text', text: `pay ${card} now` }] }] };
  const ia = fromBody(openAiAdapter, '/v1/chat/completions', oa);
  const aa = decomposeRequest(ia);
  locateInBody(aa, oa);
  assert.deepEqual(aa[0]?.pieces, [{ pointer: '/messages/0/content/0/text', offset: 0, length: 10 }, { pointer: '/messages/0/content/1/text', offset: 11, length: 27 }]);
  const start = aa[0]!.text.indexOf(card);
  const out = redactJsonBody(oa, aa, [{ action: 0, start, end: start + card.length, type: 'credit_card' }]);
  assert.ok(out);
  assert.deepEqual(JSON.parse(out), { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'first part' }, { type: 'text', text: 'pay [REDACTED credit_card by Vigil] now' }] }] });
  assert.equal(oa.messages[0]?.content[1]?.text, `pay ${card} now`, 'the original is untouched');

  const an = { model: 'c', system: 'sys', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: `ssn 123-45-6789 end` }] }] };
  const acts = decomposeRequest(fromBody(anthropicAdapter, '/v1/messages', an));
  locateInBody(acts, an);
  const result = acts.find((a) => a.kind === 'tool.result')!;
  assert.deepEqual(result.pieces, [{ pointer: '/messages/0/content/0/content', offset: 0, length: 19 }]);
  const red = redactJsonBody(an, acts, [{ action: acts.indexOf(result), start: 4, end: 15, type: 'us_ssn' }]);
  assert.match(red ?? '', /"ssn \[REDACTED us_ssn by Vigil\] end"/);
});

test('a span that cannot be located is refused (the caller blocks rather than forward it unredacted)', () => {
  const body = { messages: [{ role: 'user', content: 'abc' }] };
  const i = fromBody(openAiAdapter, '/v1/chat/completions', body);
  const actions = decomposeRequest(i);
  // No locateInBody: no pieces.
  assert.equal(redactJsonBody(body, actions, [{ action: 0, start: 0, end: 1, type: 'email' }]), null);
});

test('extension redaction returns the rewritten text per message; overlapping spans keep the first', () => {
  const i: Interaction = { id: 'e', ts: '', source: 'extension', provider: 'claude', endpoint: '', streamed: false, tools: [], attachments: [], messages: [{ role: 'user', text: 'a 1234 b 5678' }] };
  const actions = decomposeRequest(i);
  assert.deepEqual(redactMessages(actions, [{ action: 0, start: 9, end: 13, type: 'iban' }, { action: 0, start: 2, end: 6, type: 'x' }, { action: 0, start: 3, end: 5, type: 'y' }]), [
    { messageIndex: 0, text: 'a [REDACTED x by Vigil] b [REDACTED iban by Vigil]' },
  ]);
});

test('link hosts: markdown images apart from links, lower-cased, non-http ignored', () => {
  assert.deepEqual(linkHosts('see ![a](https://IMG.example/x.png) and https://docs.python.org/3/ and [b](http://x.test/y) and ftp://no'), {
    imageHosts: ['img.example'], linkHosts: ['docs.python.org', 'x.test'],
  });
});
