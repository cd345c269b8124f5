import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesHost } from './adapter.ts';
import { adapterById, adapterForHost, SITE_ADAPTERS, SITE_MATCHES } from './index.ts';

test('each built-in site has its own adapter, found by host', () => {
  const expected: [string, string][] = [
    ['chatgpt.com', 'chatgpt'], ['chat.openai.com', 'chatgpt'], ['claude.ai', 'claude'], ['gemini.google.com', 'gemini'],
    ['copilot.microsoft.com', 'copilot'], ['www.perplexity.ai', 'perplexity'], ['chat.mistral.ai', 'lechat'],
    ['chat.deepseek.com', 'deepseek'], ['poe.com', 'poe'], ['grok.com', 'grok'],
  ];
  for (const [host, id] of expected) assert.equal(adapterForHost(host)?.id, id, host);
  assert.equal(adapterForHost('x.com'), undefined, 'not every x.com composer is an AI chat');
  assert.equal(adapterForHost('evil-chatgpt.com'), undefined);
  assert.equal(new Set(SITE_ADAPTERS.map((a) => a.id)).size, SITE_ADAPTERS.length);
  assert.equal(adapterById('generic')?.id, 'generic');
});

test('every adapter ends with the generic fallbacks and match patterns are https only', () => {
  for (const a of SITE_ADAPTERS) {
    assert.ok(a.composer.includes('textarea') && a.composer.includes('[contenteditable="true"]'), a.id);
    assert.ok(a.send.includes('button[type="submit"]'), a.id);
  }
  assert.ok(SITE_MATCHES.every((m) => m.startsWith('https://') && m.endsWith('/*')));
  assert.ok(matchesHost({ id: 'x', name: 'x', hosts: ['.example.org'], composer: [], send: [] }, 'chat.example.org'));
});
