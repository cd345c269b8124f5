import type { ProviderAdapter, ResponseOutput } from './adapter.ts';
import { SseParser, arr, isRecord, jsonBodyParser, str, tryJson } from './sse.ts';

/**
 * The ChatGPT and Claude web apps' private backends, as far as their formats are publicly known.
 * They change without notice: anything not recognised is still forwarded, and recorded as unparsed.
 */
const CHATGPT = /^\/backend-(api|anon)\/(f\/)?conversation\/?(\?|$)/;
const CLAUDE = /^\/api\/organizations\/[^/]+\/chat_conversations\/[^/]+\/(completion|retry_completion)\/?(\?|$)/;

export const chatGptWebAdapter: ProviderAdapter = {
  id: 'chatgpt-web',
  matches: (host, method, path) => host === 'chatgpt.com' && method === 'POST' && CHATGPT.test(path),
  parseRequest(body) {
    if (!isRecord(body) || !Array.isArray(body.messages)) throw new Error('conversation request without messages[]');
    const messages = body.messages.filter(isRecord).map((m) => {
      const content = isRecord(m.content) ? m.content : {};
      const role = isRecord(m.author) && m.author.role === 'system' ? ('system' as const) : ('user' as const);
      return { role, text: arr(content.parts).filter((p): p is string => typeof p === 'string').join('\n') };
    });
    return { endpoint: 'conversation', messages, tools: [], streamed: true };
  },
  responseParser: (ct, out) => (ct.includes('text/event-stream') ? new SseParser((ev) => applyChatGptEvent(tryJson(ev.data), out)) : jsonBodyParser(() => undefined)),
  errorBody: (_s, reason) => JSON.stringify({ detail: reason }),
};

/** Older events carry the whole message so far; newer ones are JSON-patch-like `{p, o, v}` deltas. */
function applyChatGptEvent(json: unknown, out: ResponseOutput): void {
  if (!isRecord(json)) return;
  const msg = isRecord(json.message) ? json.message : isRecord(json.v) && isRecord(json.v.message) ? json.v.message : null;
  if (msg && isRecord(msg.author) && msg.author.role === 'assistant' && isRecord(msg.content)) {
    out.text = arr(msg.content.parts).filter((p): p is string => typeof p === 'string').join('');
    return;
  }
  if (typeof json.v === 'string' && (json.o === undefined || json.o === 'append')) out.text += json.v;
  for (const op of arr(json.v).filter(isRecord)) if (op.o === 'append' && typeof op.v === 'string' && str(op.p).includes('/content/parts')) out.text += op.v;
}

export const claudeWebAdapter: ProviderAdapter = {
  id: 'claude-web',
  matches: (host, method, path) => host === 'claude.ai' && method === 'POST' && CLAUDE.test(path),
  parseRequest(body) {
    if (!isRecord(body) || typeof body.prompt !== 'string') throw new Error('completion request without prompt');
    const attachments = arr(body.attachments).filter(isRecord);
    const texts = attachments.map((a) => str(a.extracted_content)).filter(Boolean);
    return { endpoint: 'completion', messages: [{ role: 'user', text: [body.prompt, ...texts].join('\n\n') }], tools: [], streamed: true };
  },
  responseParser: (ct, out) =>
    ct.includes('text/event-stream')
      ? new SseParser((ev) => {
          const json = tryJson(ev.data);
          if (!isRecord(json)) return;
          if (typeof json.completion === 'string') out.text += json.completion;
          if (json.type === 'content_block_delta' && isRecord(json.delta)) out.text += str(json.delta.text);
        })
      : jsonBodyParser(() => undefined),
  errorBody: (_s, reason) => JSON.stringify({ type: 'error', error: { type: 'permission_error', message: reason } }),
};

