import type { ChatMessage } from '@vigil/shared';
import type { ParsedRequest, ResponseOutput, ResponseParser } from './adapter.ts';
import { chatRole, contentText } from './openai-chat-format.ts';
import { SseParser, arr, isRecord, jsonBodyParser, str, tryJson } from './sse.ts';

/** The OpenAI Responses API (`POST /v1/responses`): `input` is a string or a list of items. */
export function parseResponsesRequest(body: unknown, endpoint: string): ParsedRequest {
  if (!isRecord(body) || (typeof body.input !== 'string' && !Array.isArray(body.input))) throw new Error('responses request without input');
  const messages: ChatMessage[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', text: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', text: body.input });
  for (const item of arr(body.input).filter(isRecord)) {
    if (item.type === 'function_call') {
      messages.push({ role: 'assistant', text: '', toolCalls: [{ id: str(item.call_id) || undefined, name: str(item.name), arguments: str(item.arguments) }] });
    } else if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', text: typeof item.output === 'string' ? item.output : JSON.stringify(item.output), toolCallId: str(item.call_id) });
    } else {
      messages.push({ role: chatRole(item.role), text: contentText(item.content) });
    }
  }
  const tools = arr(body.tools).filter(isRecord).map((t) => ({ name: str(t.name) || str(t.type), description: str(t.description) || undefined }));
  return { endpoint, messages, tools, streamed: body.stream === true };
}

export function responsesParser(contentType: string, out: ResponseOutput): ResponseParser {
  if (!contentType.includes('text/event-stream')) return jsonBodyParser((json) => applyResponse(json, out));
  const byItem = new Map<string, number>();
  return new SseParser((ev) => {
    const json = tryJson(ev.data);
    if (!isRecord(json)) return;
    const type = str(json.type) || ev.event;
    if (type === 'response.output_text.delta') out.text += str(json.delta);
    else if (type === 'response.output_item.added' && isRecord(json.item) && json.item.type === 'function_call') {
      byItem.set(str(json.item.id), out.toolCalls.length);
      out.toolCalls.push({ id: str(json.item.call_id) || undefined, name: str(json.item.name), arguments: '' });
    } else if (type === 'response.function_call_arguments.delta') {
      const call = out.toolCalls[byItem.get(str(json.item_id)) ?? -1];
      if (call) call.arguments += str(json.delta);
    } else if (type === 'response.function_call_arguments.done') {
      const call = out.toolCalls[byItem.get(str(json.item_id)) ?? -1];
      if (call && typeof json.arguments === 'string') call.arguments = json.arguments;
    } else if (type === 'error' || type === 'response.failed') {
      out.error = str(json.message) || 'response failed';
    }
  });
}

function applyResponse(json: unknown, out: ResponseOutput): void {
  if (!isRecord(json)) return;
  if (isRecord(json.error)) out.error = str(json.error.message);
  for (const item of arr(json.output).filter(isRecord)) {
    if (item.type === 'message') out.text += contentText(item.content);
    if (item.type === 'function_call') out.toolCalls.push({ id: str(item.call_id) || undefined, name: str(item.name), arguments: str(item.arguments) });
  }
}
