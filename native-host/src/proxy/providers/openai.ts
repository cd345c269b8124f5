import type { ProviderAdapter } from './adapter.ts';
import { chatResponseParser, openAiErrorBody, openAiStreamError, parseChatRequest } from './openai-chat-format.ts';
import { parseResponsesRequest, responsesParser } from './openai-responses-format.ts';

const CHAT = /^\/v1\/chat\/completions\/?(\?|$)/;
const RESPONSES = /^\/v1\/responses\/?(\?|$)/;

/** api.openai.com: Chat Completions and the Responses API. */
export const openAiAdapter: ProviderAdapter = {
  id: 'openai',
  matches: (host, method, path) => host === 'api.openai.com' && method === 'POST' && (CHAT.test(path) || RESPONSES.test(path)),
  parseRequest: (body, path) => (RESPONSES.test(path) ? parseResponsesRequest(body, 'responses') : parseChatRequest(body, 'chat.completions')),
  responseParser: (ct, out, path) => (RESPONSES.test(path) ? responsesParser(ct, out) : chatResponseParser(ct, out)),
  errorBody: (_status, reason) => openAiErrorBody(reason),
  streamErrorEvent: openAiStreamError,
};
