import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Poe: a growing textarea with a CSS-module class. */
export const poe: SiteAdapter = {
  id: 'poe',
  name: 'Poe',
  hosts: ['poe.com'],
  composer: ['textarea[class*="GrowingTextArea_textArea"]', 'footer textarea', ...GENERIC_COMPOSER],
  send: ['button[data-button-send="true"]', 'button[class*="ChatMessageSendButton"]', ...GENERIC_SEND],
};
