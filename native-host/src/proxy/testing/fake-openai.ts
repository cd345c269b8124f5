import type { ServerResponse } from 'node:http';
import type { FakeScript } from './fake-provider.ts';

/** OpenAI wire-format replies as the real API sends them (ids and timestamps aside). */
type Json = Record<string, unknown>;

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
const json = (res: ServerResponse, body: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

export const FAKE_TEXT = ['Hello', ' from', ' the', ' fake', ' provider.'];

/** Sends SSE events with a pause between them, so tests can see chunk-by-chunk delivery. */
export async function sendEvents(res: ServerResponse, events: string[], gapMs: number): Promise<void> {
  for (const [i, ev] of events.entries()) {
    if (i > 0 && gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    if (res.destroyed) return;
    res.write(ev);
  }
  res.end();
}

export function chatCompletion(res: ServerResponse, body: Json, gapMs: number, script: FakeScript = {}): Promise<void> | void {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model: String(body.model) };
  const wantsTool = Array.isArray(body.tools) && body.tools.length > 0;
  const call = script.toolCall ?? { name: 'get_weather', input: { city: 'Paris' } };
  const args = JSON.stringify(call.input);
  const text = script.text ?? FAKE_TEXT;
  if (body.stream !== true) {
    const message = wantsTool
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: call.name, arguments: args } }] }
      : { role: 'assistant', content: text.join(''), refusal: null };
    return json(res, { ...base, choices: [{ index: 0, message, finish_reason: wantsTool ? 'tool_calls' : 'stop', logprobs: null }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
  }
  const chunk = (delta: Json, finish: string | null = null) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
  const events = wantsTool
    ? [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: call.name, arguments: '' } }] }), ...halves(args).map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })), chunk({}, 'tool_calls')]
    : [chunk({ role: 'assistant', content: '' }), ...text.map((t) => chunk({ content: t })), chunk({}, 'stop')];
  sse(res);
  return sendEvents(res, [...events, 'data: [DONE]\n\n'], gapMs);
}

/** Arguments stream in two fragments, as real providers split them. */
export function halves(s: string): [string, string] {
  const mid = s.indexOf(':') + 1 || Math.floor(s.length / 2);
  return [s.slice(0, mid), s.slice(mid)];
}

export function responsesApi(res: ServerResponse, body: Json, gapMs: number): Promise<void> | void {
  const wantsTool = Array.isArray(body.tools) && body.tools.length > 0;
  const msg = { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: FAKE_TEXT.join(''), annotations: [] }] };
  const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' };
  const response = { id: 'resp_1', object: 'response', created_at: 1_700_000_000, status: 'completed', model: String(body.model), output: [wantsTool ? call : msg], usage: null };
  if (body.stream !== true) return json(res, response);
  let seq = 0;
  const ev = (type: string, data: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const events = [ev('response.created', { response: { ...response, status: 'in_progress', output: [] } })];
  if (wantsTool) {
    events.push(ev('response.output_item.added', { output_index: 0, item: { ...call, arguments: '', status: 'in_progress' } }));
    events.push(ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: '{"city":' }));
    events.push(ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: '"Paris"}' }));
    events.push(ev('response.function_call_arguments.done', { item_id: 'fc_1', output_index: 0, arguments: call.arguments }));
  } else {
    events.push(ev('response.output_item.added', { output_index: 0, item: { ...msg, content: [], status: 'in_progress' } }));
    for (const t of FAKE_TEXT) events.push(ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta: t }));
  }
  events.push(ev('response.completed', { response }));
  sse(res);
  return sendEvents(res, events, gapMs);
}
