import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Gemini: a Quill editor (`.ql-editor`) inside a `rich-textarea` element. */
export const gemini: SiteAdapter = {
  id: 'gemini',
  name: 'Gemini',
  hosts: ['gemini.google.com'],
  composer: ['rich-textarea .ql-editor[contenteditable="true"]', '.ql-editor[contenteditable="true"]', ...GENERIC_COMPOSER],
  send: ['button.send-button', 'button[aria-label="Send message"]', ...GENERIC_SEND],
};
