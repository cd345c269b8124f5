import type { ServerResponse } from 'node:http';
import { FAKE_TEXT, halves, sendEvents } from './fake-openai.ts';
import type { FakeScript } from './fake-provider.ts';

type Json = Record<string, unknown>;

/** Anthropic Messages API replies in the real wire format. */
export function anthropicMessages(res: ServerResponse, body: Json, gapMs: number, script: FakeScript = {}): Promise<void> | void {
  const wantsTool = Array.isArray(body.tools) && body.tools.length > 0;
  const usage = { input_tokens: 5, output_tokens: 5 };
  const call = script.toolCall ?? { name: 'get_weather', input: { city: 'Paris' } };
  const text = script.text ?? FAKE_TEXT;
  const content = wantsTool ? [{ type: 'tool_use', id: 'toolu_1', name: call.name, input: call.input }] : [{ type: 'text', text: text.join('') }];
  const message = { id: 'msg_fake', type: 'message', role: 'assistant', model: String(body.model), content, stop_reason: wantsTool ? 'tool_use' : 'end_turn', stop_sequence: null, usage };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    return;
  }
  const ev = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [ev('message_start', { message: { ...message, content: [], stop_reason: null } }), ev('ping', {})];
  if (wantsTool) {
    events.push(ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: call.name, input: {} } }));
    for (const part of halves(JSON.stringify(call.input))) events.push(ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: part } }));
  } else {
    events.push(ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const t of text) events.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } }));
  }
  events.push(ev('content_block_stop', { index: 0 }));
  events.push(ev('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 5 } }));
  events.push(ev('message_stop', {}));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  return sendEvents(res, events, gapMs);
}
