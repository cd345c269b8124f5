import type { ProviderAdapter } from './adapter.ts';
import { anthropicAdapter } from './anthropic.ts';
import { azureOpenAiAdapter } from './azure-openai.ts';
import { openAiAdapter } from './openai.ts';
import { openAiCompatibleAdapters } from './openai-compatible.ts';
import { geminiAdapter } from './gemini.ts';
import { chatGptWebAdapter, claudeWebAdapter } from './web-backends.ts';

/** Every provider adapter; the first whose `matches` accepts a request parses it. */
export const PROVIDER_ADAPTERS: ProviderAdapter[] = [openAiAdapter, anthropicAdapter, azureOpenAiAdapter, geminiAdapter, ...openAiCompatibleAdapters, chatGptWebAdapter, claudeWebAdapter];

export function findAdapter(host: string, method: string, path: string): ProviderAdapter | null {
  return PROVIDER_ADAPTERS.find((a) => a.matches(host, method, path)) ?? null;
}
