import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** ChatGPT: a ProseMirror contenteditable `#prompt-textarea` (a textarea in older builds). */
export const chatgpt: SiteAdapter = {
  id: 'chatgpt',
  name: 'ChatGPT',
  hosts: ['chatgpt.com', 'chat.openai.com'],
  composer: ['#prompt-textarea', 'div.ProseMirror[contenteditable="true"]', 'textarea[data-id="root"]', ...GENERIC_COMPOSER],
  send: ['button[data-testid="send-button"]', '#composer-submit-button', 'button[aria-label="Send prompt"]', ...GENERIC_SEND],
};
