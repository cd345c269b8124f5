import type { ServerResponse } from 'node:http';
import { FAKE_TEXT, sendEvents } from './fake-openai.ts';

type Json = Record<string, unknown>;

/** Anthropic Messages API replies in the real wire format. */
export function anthropicMessages(res: ServerResponse, body: Json, gapMs: number): Promise<void> | void {
  const wantsTool = Array.isArray(body.tools) && body.tools.length > 0;
  const usage = { input_tokens: 5, output_tokens: 5 };
  const content = wantsTool ? [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] : [{ type: 'text', text: FAKE_TEXT.join('') }];
  const message = { id: 'msg_fake', type: 'message', role: 'assistant', model: String(body.model), content, stop_reason: wantsTool ? 'tool_use' : 'end_turn', stop_sequence: null, usage };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    return;
  }
  const ev = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [ev('message_start', { message: { ...message, content: [], stop_reason: null } }), ev('ping', {})];
  if (wantsTool) {
    events.push(ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }));
    events.push(ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } }));
    events.push(ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: ' "Paris"}' } }));
  } else {
    events.push(ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const t of FAKE_TEXT) events.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } }));
  }
  events.push(ev('content_block_stop', { index: 0 }));
  events.push(ev('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 5 } }));
  events.push(ev('message_stop', {}));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  return sendEvents(res, events, gapMs);
}
