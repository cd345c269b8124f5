import { defineManifest } from '@crxjs/vite-plugin';
import { EXTENSION_PUBLIC_KEY } from './shared/src/extension-key.ts';
import { VIGIL_VERSION } from './shared/src/version.ts';
import { SITE_MATCHES } from './extension/src/content/sites/index.ts';

export default defineManifest({
  manifest_version: 3,
  name: 'Vigil',
  description: 'Local-first AI security: watches your AI chats, APIs and agents on your own machine.',
  version: VIGIL_VERSION,
  // Fixes the extension id so the native host manifest can allow exactly this extension.
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '116',
  // scripting: capture scripts registered at run time (built-in sites + the user's own);
  // offscreen: the on-device model while the host is down; proxy: the PAC routing of AI hosts.
  permissions: ['nativeMessaging', 'sidePanel', 'storage', 'scripting', 'offscreen', 'proxy'],
  // The AI chat sites Vigil captures on, plus local AI front-ends (Open WebUI and the like) on loopback.
  host_permissions: [...SITE_MATCHES, 'http://127.0.0.1/*', 'http://localhost/*'],
  // Other sites the user adds from the popup are asked for one at a time.
  optional_host_permissions: ['https://*/*', 'http://*/*'],
  // onnxruntime-web compiles its packaged WASM in the offscreen document; nothing else is relaxed.
  // connect-src 'self': the browser itself refuses any fetch/XHR/WebSocket from the extension's pages
  // and worker to anywhere but its own packaged files (PRIVACY.md; the lint rule checks the source).
  content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self';" },
  background: { service_worker: 'extension/src/background/index.ts', type: 'module' },
  action: { default_title: 'Vigil', default_popup: 'extension/src/ui/popup/index.html' },
  side_panel: { default_path: 'extension/src/ui/sidepanel/index.html' },
});
