import type { ProviderAdapter } from './adapter.ts';
import { chatResponseParser, openAiErrorBody, openAiStreamError, parseChatRequest } from './openai-chat-format.ts';
import { parseResponsesRequest, responsesParser } from './openai-responses-format.ts';

const AZURE_HOST = /^[a-z0-9-]+\.openai\.azure\.com$/;
// Deployment-scoped (`/openai/deployments/NAME/chat/completions?api-version=`) and v1 (`/openai/v1/...`) paths.
const CHAT = /^\/openai\/(deployments\/[^/]+|v1)\/chat\/completions\/?(\?|$)/;
const RESPONSES = /^\/openai\/(v1\/)?responses\/?(\?|$)/;

export const azureOpenAiAdapter: ProviderAdapter = {
  id: 'azure-openai',
  matches: (host, method, path) => AZURE_HOST.test(host) && method === 'POST' && (CHAT.test(path) || RESPONSES.test(path)),
  parseRequest: (body, path) => (RESPONSES.test(path) ? parseResponsesRequest(body, 'responses') : parseChatRequest(body, 'chat.completions')),
  responseParser: (ct, out, path) => (RESPONSES.test(path) ? responsesParser(ct, out) : chatResponseParser(ct, out)),
  errorBody: (_s, reason) => openAiErrorBody(reason),
  streamErrorEvent: openAiStreamError,
};
