import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Grok on grok.com: a textarea (a ProseMirror editor in newer builds). Not x.com: its composer posts tweets. */
export const grok: SiteAdapter = {
  id: 'grok',
  name: 'Grok',
  hosts: ['grok.com'],
  composer: ['textarea[aria-label*="Grok" i]', 'div.ProseMirror[contenteditable="true"]', ...GENERIC_COMPOSER],
  send: ['button[type="submit"][aria-label="Submit"]', 'button[aria-label="Grok something"]', ...GENERIC_SEND],
};
