import { defineManifest } from '@crxjs/vite-plugin';
import { EXTENSION_PUBLIC_KEY } from './shared/src/extension-key.ts';
import { VIGIL_VERSION } from './shared/src/version.ts';

export default defineManifest({
  manifest_version: 3,
  name: 'Vigil',
  description: 'Local-first AI security: watches your AI chats, APIs and agents on your own machine.',
  version: VIGIL_VERSION,
  // Fixes the extension id so the native host manifest can allow exactly this extension.
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '116',
  permissions: ['nativeMessaging', 'sidePanel', 'storage'],
  background: { service_worker: 'extension/src/background/index.ts', type: 'module' },
  action: { default_title: 'Vigil', default_popup: 'extension/src/ui/popup/index.html' },
  side_panel: { default_path: 'extension/src/ui/sidepanel/index.html' },
});
