import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { startFakeProvider } from './testing/fake-provider.ts';
import { createTestCa } from './testing/test-ca.ts';

const exec = promisify(execFile);
const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const client = fileURLToPath(new URL('./testing/clients/openai-client.mjs', import.meta.url));

test('vigil start runs the proxy (ready file carries proxyPort); vigil run routes the OpenAI SDK through it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-daemon-proxy-'));
  const ca = await createTestCa();
  const fake = await startFakeProvider(ca);
  const caFile = join(dir, 'upstream-ca.pem');
  await writeFile(caFile, ca.certPem);
  const ready = join(dir, 'ready.json');
  const env = { ...process.env, VIGIL_KEYSTORE: 'file', NODE_OPTIONS: '', OPENAI_API_KEY: 'sk-test' };
  const daemon = spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--data-dir', join(dir, 'data'), '--ready-file', ready, '--upstream-override', `api.openai.com=127.0.0.1:${fake.port}`, '--upstream-ca', caFile], { env, stdio: 'ignore' });
  try {
    for (let i = 0; i < 300 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 100));
    const info = JSON.parse(await readFile(ready, 'utf8')) as { proxyPort: number };
    assert.ok(info.proxyPort > 0);
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', cli, 'run', '--data-dir', join(dir, 'data'), '--', process.execPath, client, 'chat'], { env, timeout: 30_000 });
    assert.equal((JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { text: string }).text, 'Hello from the fake provider.');
    assert.equal(fake.received.at(-1)?.path, '/v1/chat/completions');
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    await fake.close();
  }
  assert.equal(existsSync(join(dir, 'data', 'run', 'proxy.json')), false, 'proxy.json removed at stop');
  await rm(dir, { recursive: true, force: true });
});
