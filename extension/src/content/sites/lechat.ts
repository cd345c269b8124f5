import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Mistral Le Chat: a ProseMirror contenteditable (a named textarea in older builds). */
export const lechat: SiteAdapter = {
  id: 'lechat',
  name: 'Le Chat',
  hosts: ['chat.mistral.ai'],
  composer: ['div.ProseMirror[contenteditable="true"]', 'textarea[name="message.text"]', ...GENERIC_COMPOSER],
  send: ['button[aria-label="Send question"]', 'button[aria-label*="send" i]', ...GENERIC_SEND],
};
