// Lint rules that keep the runtimes apart: shared/ is runtime-agnostic (no node:, no chrome.*),
// the extension never imports host code, and nothing uses `any`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import vigil from './scripts/eslint/no-network.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'child_process', 'worker_threads', 'dgram', 'dns', 'stream', 'util'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.test-build/**', 'test-output/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'native-host/**', 'e2e/**', 'bench/**', 'models/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: nodeBuiltins, message: 'shared/ is runtime-agnostic: no Node built-ins.' }, { group: ['**/native-host/**', '**/extension/**', 'webextension-polyfill'], message: 'shared/ imports no runtime code.' }] }],
      'no-restricted-globals': ['error', { name: 'chrome', message: 'shared/ must not use chrome.* APIs.' }, { name: 'browser', message: 'shared/ must not use extension APIs.' }, { name: 'process', message: 'shared/ must not use Node globals.' }, { name: 'Buffer', message: 'shared/ must not use Node globals.' }],
    },
  },
  {
    files: ['extension/**/*.ts', 'manifest.config.ts', 'vite.config.ts'],
    languageOptions: { globals: { ...globals.browser, chrome: 'readonly' } },
  },
  {
    files: ['extension/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/native-host/**', '@vigil/native-host*'], message: 'The extension never imports host code.' }, { group: nodeBuiltins, message: 'The extension runs in the browser: no Node built-ins.' }] }],
    },
  },
  {
    // Privacy by architecture (PRIVACY.md): shipped code may not reach the network, except the proxy's
    // connection code, the opt-in egress module, local IPC sockets, and the extension's loader of its
    // own packaged files. Tests and test fixtures are not shipped and may talk to 127.0.0.1.
    files: ['native-host/src/**/*.ts', 'shared/src/**/*.ts', 'extension/src/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      '**/testing/**',
      'native-host/src/privacy/egress.ts',
      'native-host/src/ipc/local-socket.ts',
      'extension/src/offscreen/load-asset.ts',
    ],
    plugins: { vigil },
    rules: { 'vigil/no-network': 'error' },
  },
  {
    // The proxy is the door for provider traffic, but only its connection code: what parses bodies
    // (providers/) and decides about them (addons/) has no business opening connections.
    files: ['native-host/src/proxy/**/*.ts'],
    ignores: ['native-host/src/proxy/addons/**', 'native-host/src/proxy/providers/**'],
    rules: { 'vigil/no-network': 'off' },
  },
);
