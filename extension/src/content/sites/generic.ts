import { GENERIC_COMPOSER, GENERIC_SEND, type SiteAdapter } from './adapter.ts';

/** Any site the user adds: the focused textarea or contenteditable is the composer. */
export const generic: SiteAdapter = {
  id: 'generic',
  name: 'Other site',
  hosts: [],
  composer: GENERIC_COMPOSER,
  send: GENERIC_SEND,
};
