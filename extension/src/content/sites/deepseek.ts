import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** DeepSeek: a textarea; the send control is a div with role=button. */
export const deepseek: SiteAdapter = {
  id: 'deepseek',
  name: 'DeepSeek',
  hosts: ['chat.deepseek.com'],
  composer: ['textarea#chat-input', 'textarea[placeholder*="DeepSeek" i]', ...GENERIC_COMPOSER],
  send: ['div[role="button"][aria-label*="send" i]', 'div[role="button"]._7436101', ...GENERIC_SEND],
};
