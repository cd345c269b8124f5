import type { ChatMessage } from '@vigil/shared';
import type { ParsedRequest, ResponseOutput, ResponseParser } from './adapter.ts';
import { SseParser, arr, isRecord, jsonBodyParser, str, tryJson } from './sse.ts';

/**
 * The Chat Completions wire format, shared by OpenAI, Azure OpenAI and the OpenAI-compatible family
 * (OpenRouter, Mistral, Groq, DeepSeek, xAI, Perplexity).
 */
export function parseChatRequest(body: unknown, endpoint: string): ParsedRequest {
  if (!isRecord(body) || !Array.isArray(body.messages)) throw new Error('chat completions request without messages[]');
  const messages: ChatMessage[] = body.messages.filter(isRecord).map((m) => {
    const msg: ChatMessage = { role: chatRole(m.role), text: contentText(m.content) };
    const calls = arr(m.tool_calls).filter(isRecord).map((c) => {
      const fn = isRecord(c.function) ? c.function : {};
      return { id: str(c.id) || undefined, name: str(fn.name), arguments: str(fn.arguments) };
    });
    if (calls.length) msg.toolCalls = calls;
    if (typeof m.tool_call_id === 'string') msg.toolCallId = m.tool_call_id;
    return msg;
  });
  const tools = arr(body.tools).filter(isRecord).map((t) => {
    const fn = isRecord(t.function) ? t.function : t;
    return { name: str(fn.name), description: str(fn.description) || undefined };
  });
  return { endpoint, messages, tools, streamed: body.stream === true };
}

export function chatRole(role: unknown): ChatMessage['role'] {
  return role === 'system' || role === 'assistant' || role === 'tool' || role === 'developer' ? role : 'user';
}

/** Text of a string or a content-part array (`{type:'text', text}`, `input_text`, `output_text`). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .filter(isRecord)
    .map((p) => str(p.text))
    .filter(Boolean)
    .join('\n');
}

export function chatResponseParser(contentType: string, out: ResponseOutput): ResponseParser {
  if (contentType.includes('text/event-stream')) {
    return new SseParser((ev) => {
      const json = tryJson(ev.data);
      if (isRecord(json)) applyChatChunk(json, out);
    });
  }
  return jsonBodyParser((json) => applyChatMessage(json, out));
}

function applyChatChunk(chunk: Record<string, unknown>, out: ResponseOutput): void {
  for (const choice of arr(chunk.choices).filter(isRecord)) {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    out.text += str(delta.content);
    if (typeof delta.reasoning_content === 'string') out.reasoning = (out.reasoning ?? '') + delta.reasoning_content;
    if (typeof delta.reasoning === 'string') out.reasoning = (out.reasoning ?? '') + delta.reasoning;
    for (const tc of arr(delta.tool_calls).filter(isRecord)) {
      const index = typeof tc.index === 'number' ? tc.index : out.toolCalls.length;
      const fn = isRecord(tc.function) ? tc.function : {};
      const call = (out.toolCalls[index] ??= { name: '', arguments: '' });
      if (typeof tc.id === 'string') call.id = tc.id;
      call.name += str(fn.name);
      call.arguments += str(fn.arguments);
    }
  }
  if (isRecord(chunk.error)) out.error = str(chunk.error.message);
}

export function applyChatMessage(json: unknown, out: ResponseOutput): void {
  if (!isRecord(json)) return;
  if (isRecord(json.error)) out.error = str(json.error.message);
  for (const choice of arr(json.choices).filter(isRecord)) {
    const msg = isRecord(choice.message) ? choice.message : {};
    out.text += contentText(msg.content);
    if (typeof msg.reasoning_content === 'string') out.reasoning = (out.reasoning ?? '') + msg.reasoning_content;
    for (const tc of arr(msg.tool_calls).filter(isRecord)) {
      const fn = isRecord(tc.function) ? tc.function : {};
      out.toolCalls.push({ id: str(tc.id) || undefined, name: str(fn.name), arguments: str(fn.arguments) });
    }
  }
}

/**
 * An error event in an OpenAI stream (Chat Completions and Responses): the SDK throws an APIError
 * for any event whose data carries `error`.
 */
export function openAiStreamError(reason: string): string {
  const error = { message: reason, type: 'vigil_policy_violation', param: null, code: 'blocked_by_vigil' };
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error, message: reason, code: error.code })}\n\n`;
}

/** OpenAI's error envelope, which every OpenAI-compatible SDK understands. */
export function openAiErrorBody(reason: string): string {
  return JSON.stringify({ error: { message: reason, type: 'vigil_policy_violation', param: null, code: 'blocked_by_vigil' } });
}
