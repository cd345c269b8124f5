import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyOutput, type ProviderAdapter, type ResponseOutput } from './adapter.ts';
import { findAdapter } from './index.ts';

/** Feeds a body in pieces of `size` characters, as the network might split it. */
function feed(adapter: ProviderAdapter, ct: string, path: string, body: string, size: number): ResponseOutput {
  const out = emptyOutput();
  const p = adapter.responseParser(ct, out, path);
  for (let i = 0; i < body.length; i += size) p.write(body.slice(i, i + size));
  p.end();
  return out;
}

function mustFind(host: string, path: string): ProviderAdapter {
  const a = findAdapter(host, 'POST', path);
  assert.ok(a, `${host}${path}`);
  return a;
}

const sse = (...events: unknown[]) => events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\r\n\r\n`).join('');

test('adapters match their hosts and paths only', () => {
  assert.equal(mustFind('api.openai.com', '/v1/chat/completions').id, 'openai');
  assert.equal(mustFind('api.openai.com', '/v1/responses').id, 'openai');
  assert.equal(mustFind('api.anthropic.com', '/v1/messages?beta=true').id, 'anthropic');
  assert.equal(mustFind('res.openai.azure.com', '/openai/deployments/gpt4/chat/completions?api-version=2024-10-21').id, 'azure-openai');
  assert.equal(mustFind('generativelanguage.googleapis.com', '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse').id, 'gemini');
  assert.equal(mustFind('openrouter.ai', '/api/v1/chat/completions').id, 'openrouter');
  assert.equal(mustFind('api.groq.com', '/openai/v1/chat/completions').id, 'groq');
  assert.equal(mustFind('api.deepseek.com', '/chat/completions').id, 'deepseek');
  assert.equal(mustFind('api.mistral.ai', '/v1/chat/completions').id, 'mistral');
  assert.equal(mustFind('api.x.ai', '/v1/chat/completions').id, 'xai');
  assert.equal(mustFind('chatgpt.com', '/backend-api/conversation').id, 'chatgpt-web');
  assert.equal(mustFind('claude.ai', '/api/organizations/o1/chat_conversations/c1/completion').id, 'claude-web');
  assert.equal(findAdapter('api.openai.com', 'GET', '/v1/models'), null);
  assert.equal(findAdapter('evil.com', 'POST', '/v1/chat/completions'), null);
});

test('OpenRouter SSE with comment lines, split at every size, yields the same text', () => {
  const a = mustFind('openrouter.ai', '/api/v1/chat/completions');
  const body = ': OPENROUTER PROCESSING\n\n' + sse({ choices: [{ delta: { content: 'Héllo' } }] }, { choices: [{ delta: { content: ' wörld' } }] }, '[DONE]');
  for (const size of [1, 2, 3, 7, 1000]) assert.equal(feed(a, 'text/event-stream', '/api/v1/chat/completions', body, size).text, 'Héllo wörld');
});

test('DeepSeek reasoning_content goes to reasoning, content to text; streamed tool calls assemble', () => {
  const a = mustFind('api.deepseek.com', '/chat/completions');
  const body = sse(
    { choices: [{ delta: { reasoning_content: 'think' } }] },
    { choices: [{ delta: { content: 'answer' } }] },
    { choices: [{ delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a"' } }] } }] },
    { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } }] },
  );
  const out = feed(a, 'text/event-stream', '/chat/completions', body, 5);
  assert.equal(out.reasoning, 'think');
  assert.equal(out.text, 'answer');
  assert.deepEqual(out.toolCalls, [{ id: 'c1', name: 'f', arguments: '{"a":1}' }]);
});

test('Gemini: alt=sse and the JSON-array stream give the same output; requests parse', () => {
  const a = mustFind('generativelanguage.googleapis.com', '/v1beta/models/m:streamGenerateContent');
  const chunks = [{ candidates: [{ content: { parts: [{ text: 'Hi {there}' }] } }] }, { candidates: [{ content: { parts: [{ text: ' "you"' }, { functionCall: { name: 'g', args: { x: 1 } } }] } }] }];
  const viaSse = feed(a, 'text/event-stream', '/v1beta/models/m:streamGenerateContent?alt=sse', sse(...chunks), 4);
  const viaArray = feed(a, 'application/json', '/v1beta/models/m:streamGenerateContent', `[${chunks.map((c) => JSON.stringify(c, null, 2)).join(',\r\n')}]`, 3);
  assert.equal(viaSse.text, 'Hi {there} "you"');
  assert.deepEqual(viaArray, viaSse);
  const req = a.parseRequest({ systemInstruction: { parts: [{ text: 'sys' }] }, contents: [{ role: 'user', parts: [{ text: 'q' }] }], tools: [{ functionDeclarations: [{ name: 'g' }] }] }, '/v1beta/models/m:generateContent');
  assert.deepEqual(req.messages, [{ role: 'system', text: 'sys' }, { role: 'user', text: 'q' }]);
  assert.deepEqual(req.tools, [{ name: 'g', description: undefined }]);
});

test('Azure OpenAI parses chat requests and answers blocks in the OpenAI error shape', () => {
  const a = mustFind('x.openai.azure.com', '/openai/v1/chat/completions');
  const req = a.parseRequest({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'u' }] }], stream: true }, '/openai/v1/chat/completions');
  assert.deepEqual(req.messages, [{ role: 'system', text: 's' }, { role: 'user', text: 'u' }]);
  assert.equal(req.streamed, true);
  assert.equal((JSON.parse(a.errorBody(403, 'no')) as { error: { message: string } }).error.message, 'no');
});

test('ChatGPT web: cumulative and delta-encoded events both yield the text', () => {
  const a = mustFind('chatgpt.com', '/backend-api/conversation');
  const cumulative = sse({ message: { author: { role: 'assistant' }, content: { parts: ['Hel'] } } }, { message: { author: { role: 'assistant' }, content: { parts: ['Hello'] } } }, '[DONE]');
  assert.equal(feed(a, 'text/event-stream', '/backend-api/conversation', cumulative, 6).text, 'Hello');
  const delta = sse({ p: '/message/content/parts/0', o: 'append', v: 'Hel' }, { v: 'lo' }, { v: [{ p: '/message/content/parts/0', o: 'append', v: '!' }] });
  assert.equal(feed(a, 'text/event-stream', '/backend-api/conversation', delta, 6).text, 'Hello!');
});

test('malformed bodies throw so the proxy records them as unparsed', () => {
  assert.throws(() => mustFind('api.openai.com', '/v1/chat/completions').parseRequest({ nope: 1 }, '/v1/chat/completions'));
  assert.throws(() => mustFind('api.anthropic.com', '/v1/messages').parseRequest([], '/v1/messages'));
});
