import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Perplexity: a Lexical contenteditable `#ask-input` (a textarea in older builds). */
export const perplexity: SiteAdapter = {
  id: 'perplexity',
  name: 'Perplexity',
  hosts: ['perplexity.ai', 'www.perplexity.ai'],
  composer: ['#ask-input', 'div[data-lexical-editor="true"]', 'textarea[placeholder*="Ask" i]', ...GENERIC_COMPOSER],
  send: ['button[data-testid="submit-button"]', 'button[aria-label="Submit"]', ...GENERIC_SEND],
};
