import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Claude: a ProseMirror contenteditable inside the composer fieldset. */
export const claude: SiteAdapter = {
  id: 'claude',
  name: 'Claude',
  hosts: ['claude.ai'],
  composer: ['div.ProseMirror[contenteditable="true"]', '[data-testid="chat-input"]', 'fieldset [contenteditable="true"]', ...GENERIC_COMPOSER],
  send: ['button[aria-label="Send message"]', 'button[aria-label="Send Message"]', 'fieldset button[type="button"]:last-of-type', ...GENERIC_SEND],
};
