import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Microsoft Copilot: a plain textarea. */
export const copilot: SiteAdapter = {
  id: 'copilot',
  name: 'Microsoft Copilot',
  hosts: ['copilot.microsoft.com'],
  composer: ['textarea#userInput', 'textarea[data-testid="composer-input"]', ...GENERIC_COMPOSER],
  send: ['button[data-testid="submit-button"]', 'button[aria-label="Submit message"]', ...GENERIC_SEND],
};
