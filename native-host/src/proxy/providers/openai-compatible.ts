import type { ProviderAdapter } from './adapter.ts';
import { chatResponseParser, openAiErrorBody, openAiStreamError, parseChatRequest } from './openai-chat-format.ts';

/** Hosts speaking OpenAI Chat Completions under their own path prefix. */
const HOSTS: Record<string, { id: string; path: RegExp }> = {
  'openrouter.ai': { id: 'openrouter', path: /^\/api\/v1\/chat\/completions\/?(\?|$)/ },
  'api.mistral.ai': { id: 'mistral', path: /^\/v1\/chat\/completions\/?(\?|$)/ },
  'api.groq.com': { id: 'groq', path: /^\/openai\/v1\/chat\/completions\/?(\?|$)/ },
  'api.deepseek.com': { id: 'deepseek', path: /^\/(v1\/)?chat\/completions\/?(\?|$)/ },
  'api.x.ai': { id: 'xai', path: /^\/v1\/chat\/completions\/?(\?|$)/ },
  'api.perplexity.ai': { id: 'perplexity', path: /^\/(v1\/)?chat\/completions\/?(\?|$)/ },
};

function make(host: string, id: string, path: RegExp): ProviderAdapter {
  return {
    id,
    matches: (h, method, p) => h === host && method === 'POST' && path.test(p),
    parseRequest: (body) => parseChatRequest(body, 'chat.completions'),
    // OpenRouter's `: OPENROUTER PROCESSING` keep-alives are SSE comments; DeepSeek's
    // `reasoning_content` deltas land in output.reasoning. Both handled by the shared parser.
    responseParser: (ct, out) => chatResponseParser(ct, out),
    errorBody: (_s, reason) => openAiErrorBody(reason),
    streamErrorEvent: openAiStreamError,
  };
}

export const openAiCompatibleAdapters: ProviderAdapter[] = Object.entries(HOSTS).map(([host, v]) => make(host, v.id, v.path));
