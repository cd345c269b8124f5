import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../../proxy/testing/harness.ts';
import { formatEnv } from './env.ts';

const exec = promisify(execFile);
const cli = fileURLToPath(new URL('../main.ts', import.meta.url));
const vigil = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  exec(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test('the service writes run/proxy.json (0600) with the port and CA path; vigil ca path prints the CA', async () => {
  const info = join(h.dataDir, 'run', 'proxy.json');
  assert.equal((await stat(info)).mode & 0o777, 0o600);
  assert.equal((JSON.parse(await readFile(info, 'utf8')) as { port: number }).port, h.port);
  const r = await vigil(['ca', 'path', '--data-dir', h.dataDir]);
  assert.equal(r.stdout.trim(), join(h.dataDir, 'ca', 'vigil-ca.pem'));
});

test('vigil env prints every variable for each shell, quoted safely', async () => {
  const r = await vigil(['env', '--shell', 'fish', '--data-dir', h.dataDir]);
  assert.equal(r.code, 0);
  for (const k of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_OPTIONS']) assert.match(r.stdout, new RegExp(`^set -gx ${k} '`, 'm'));
  assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${h.port}`));
  assert.match(r.stdout, /--require \S*preload\.cjs/);
  assert.equal(formatEnv({ A: "it's" }, 'bash'), `export A='it'\\''s'\n`);
  assert.equal(formatEnv({ A: "it's" }, 'powershell'), `$env:A = 'it''s'\n`);
  const bad = await vigil(['env', '--shell', 'tcsh', '--data-dir', h.dataDir]);
  assert.equal(bad.code, 2);
});

test('the CA bundle holds the system roots plus the Vigil CA', async () => {
  const bundle = await readFile(join(h.dataDir, 'ca', 'ca-bundle.pem'), 'utf8');
  assert.ok(bundle.includes(h.vigilCaPem.trim()));
  assert.ok((bundle.match(/BEGIN CERTIFICATE/g) ?? []).length > 100);
});

test('vigil run passes the exit code through; env/run without a running proxy fail clearly', async () => {
  const r = await vigil(['run', '--data-dir', h.dataDir, '--', process.execPath, '-e', 'process.exit(process.env.HTTPS_PROXY ? 7 : 1)']);
  assert.equal(r.code, 7);
  const none = await mkdtemp(join(tmpdir(), 'vigil-none-'));
  const e = await vigil(['env', '--data-dir', none]);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /not running.*DAEMON_UNAVAILABLE/);
  assert.equal((await vigil(['run', '--data-dir', none])).code, 2);
  await rm(none, { recursive: true, force: true });
});

test('vigil ca trust / untrust edit the NSS database and say what they did', async (t) => {
  if (process.platform !== 'linux') return t.skip('NSS check is Linux-only');
  const home = await mkdtemp(join(tmpdir(), 'vigil-home-'));
  const probe = await exec('certutil', ['--help']).catch((e: { code?: string }) => e);
  if ((probe as { code?: string }).code === 'ENOENT') return t.skip('certutil (libnss3-tools) not installed');
  const trust = await vigil(['ca', 'trust', '--data-dir', h.dataDir], { HOME: home });
  assert.equal(trust.code, 0, trust.stderr);
  assert.match(trust.stdout, /added "Vigil Local CA [0-9a-f]+" to the NSS database sql:.*\.pki\/nssdb/);
  const list = await exec('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`]);
  assert.match(list.stdout, /Vigil Local CA [0-9a-f]+\s+C,,/);
  const untrust = await vigil(['ca', 'untrust', '--data-dir', h.dataDir], { HOME: home });
  assert.match(untrust.stdout, /removed "Vigil Local CA/);
  const after = await exec('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`]);
  assert.doesNotMatch(after.stdout, /Vigil Local CA/);
  await rm(home, { recursive: true, force: true });
});
