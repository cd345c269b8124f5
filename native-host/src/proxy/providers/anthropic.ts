import type { ChatMessage } from '@vigil/shared';
import type { ParsedRequest, ProviderAdapter, ResponseOutput, ResponseParser } from './adapter.ts';
import { SseParser, arr, isRecord, jsonBodyParser, str, tryJson } from './sse.ts';

const MESSAGES = /^\/v1\/messages\/?(\?|$)/;

/** api.anthropic.com Messages API, streamed (SSE with typed events) or not. */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  matches: (host, method, path) => host === 'api.anthropic.com' && method === 'POST' && MESSAGES.test(path),
  parseRequest: (body) => parseMessagesRequest(body),
  responseParser: (ct, out) => (ct.includes('text/event-stream') ? streamParser(out) : jsonBodyParser((json) => applyMessage(json, out))),
  errorBody: (_status, reason) => JSON.stringify({ type: 'error', error: { type: 'permission_error', message: reason } }),
  // Anthropic's SDK raises an APIError for `event: error`, with the error's type and message.
  streamErrorEvent: (reason) => `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'permission_error', message: reason } })}\n\n`,
};

function parseMessagesRequest(body: unknown): ParsedRequest {
  if (!isRecord(body) || !Array.isArray(body.messages)) throw new Error('messages request without messages[]');
  const messages: ChatMessage[] = [];
  const system = typeof body.system === 'string' ? body.system : blocksText(body.system);
  if (system) messages.push({ role: 'system', text: system });
  for (const m of body.messages.filter(isRecord)) {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    if (typeof m.content === 'string') {
      messages.push({ role, text: m.content });
      continue;
    }
    const blocks = arr(m.content).filter(isRecord);
    const msg: ChatMessage = { role, text: blocksText(blocks) };
    const calls = blocks.filter((b) => b.type === 'tool_use').map((b) => ({ id: str(b.id) || undefined, name: str(b.name), arguments: JSON.stringify(b.input ?? {}) }));
    if (calls.length) msg.toolCalls = calls;
    if (msg.text || calls.length) messages.push(msg);
    for (const r of blocks.filter((b) => b.type === 'tool_result')) {
      messages.push({ role: 'tool', text: typeof r.content === 'string' ? r.content : blocksText(r.content), toolCallId: str(r.tool_use_id) });
    }
  }
  const tools = arr(body.tools).filter(isRecord).map((t) => ({ name: str(t.name), description: str(t.description) || undefined }));
  return { endpoint: 'messages', messages, tools, streamed: body.stream === true };
}

function blocksText(blocks: unknown): string {
  return arr(blocks)
    .filter(isRecord)
    .filter((b) => b.type === 'text')
    .map((b) => str(b.text))
    .join('\n');
}

function streamParser(out: ResponseOutput): ResponseParser {
  // content_block index → tool call index, for input_json_delta fragments.
  const tools = new Map<number, number>();
  return new SseParser((ev) => {
    const json = tryJson(ev.data);
    if (!isRecord(json)) return;
    const index = typeof json.index === 'number' ? json.index : -1;
    if (json.type === 'content_block_start' && isRecord(json.content_block) && json.content_block.type === 'tool_use') {
      tools.set(index, out.toolCalls.length);
      out.toolCalls.push({ id: str(json.content_block.id) || undefined, name: str(json.content_block.name), arguments: '' });
    } else if (json.type === 'content_block_delta' && isRecord(json.delta)) {
      if (json.delta.type === 'text_delta') out.text += str(json.delta.text);
      else if (json.delta.type === 'thinking_delta') out.reasoning = (out.reasoning ?? '') + str(json.delta.thinking);
      else if (json.delta.type === 'input_json_delta') {
        const call = out.toolCalls[tools.get(index) ?? -1];
        if (call) call.arguments += str(json.delta.partial_json);
      }
    } else if (json.type === 'error' && isRecord(json.error)) out.error = str(json.error.message);
  });
}

function applyMessage(json: unknown, out: ResponseOutput): void {
  if (!isRecord(json)) return;
  if (json.type === 'error' && isRecord(json.error)) out.error = str(json.error.message);
  for (const b of arr(json.content).filter(isRecord)) {
    if (b.type === 'text') out.text += str(b.text);
    if (b.type === 'tool_use') out.toolCalls.push({ id: str(b.id) || undefined, name: str(b.name), arguments: JSON.stringify(b.input ?? {}) });
  }
}
