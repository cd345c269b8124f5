import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSecretStore, type SecretStore } from '../../keychain/secret-store.ts';
import { DEFAULT_INTERCEPTED_HOSTS, constraintNames, hostMatcher } from '../hosts.ts';
import { loadOrCreateCa, type CertificateAuthority } from './authority.ts';
import { LeafIssuer } from './leaf-issuer.ts';
import { EC_ALG, exportPkcs8Pem, generateEcKeys, randomSerial, x509 } from './x509.ts';

let dir: string;
let store: SecretStore;
let ca: CertificateAuthority;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-ca-'));
  store = await openSecretStore({ dataDir: dir, mode: 'file' });
  ca = await loadOrCreateCa(dir, store, constraintNames(DEFAULT_INTERCEPTED_HOSTS));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Signs a leaf with the CA's own key, bypassing the issuer's host check — what a key thief could do. */
async function forge(san: { type: 'dns' | 'ip'; value: string }): Promise<{ key: string; cert: string }> {
  const keys = await generateEcKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(), subject: `CN=${san.value}`, issuer: ca.cert.subject, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86400_000),
    signingKey: ca.key, publicKey: keys.publicKey, signingAlgorithm: EC_ALG,
    extensions: [new x509.BasicConstraintsExtension(false), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]), new x509.SubjectAlternativeNameExtension([san])],
  });
  return { key: await exportPkcs8Pem(keys.privateKey), cert: cert.toString('pem') };
}

async function handshake(creds: { key: string; cert: string }, servername: string): Promise<string | null> {
  const server: Server = createServer(creds, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    return await new Promise<string | null>((resolve) => {
      const s = connect({ host: '127.0.0.1', port, servername, ca: ca.certPem, checkServerIdentity: () => undefined }, () => {
        s.destroy();
        resolve(null);
      });
      s.once('error', (err: Error & { code?: string }) => resolve(err.code ?? err.message));
    });
  } finally {
    server.close();
  }
}

test('the CA is EC P-256 with a critical name-constraints extension', () => {
  const nc = ca.cert.getExtension('2.5.29.30');
  assert.ok(nc);
  assert.equal(nc.critical, true);
  assert.equal((ca.cert.publicKey.algorithm as { namedCurve?: string }).namedCurve, 'P-256');
  assert.ok(ca.names.includes('api.openai.com') && ca.names.includes('amazonaws.com'));
});

test('Node’s TLS client accepts a permitted name but rejects a leaf for any other name or an IP', async () => {
  const ok = await handshake(await forge({ type: 'dns', value: 'api.openai.com' }), 'api.openai.com');
  assert.equal(ok, null);
  const bad = await handshake(await forge({ type: 'dns', value: 'bank.example.com' }), 'bank.example.com');
  // Same key, same forging, only the name differs from the control above: the constraint is what
  // rejects it (OpenSSL reports PERMITTED_SUBTREE_VIOLATION or, for some builds, UNSPECIFIED).
  assert.match(String(bad), /SUBTREE_VIOLATION|UNSPECIFIED/);
  const ip = await handshake(await forge({ type: 'ip', value: '127.0.0.1' }), 'localhost');
  assert.match(String(ip), /SUBTREE_VIOLATION|UNSPECIFIED|NAME_CONSTRAINTS/);
});

test('the CA key lives in the key store, and an unchanged list reuses the CA', async () => {
  assert.ok(await store.get('proxy-ca-key'));
  const again = await loadOrCreateCa(dir, store, constraintNames(DEFAULT_INTERCEPTED_HOSTS));
  assert.equal(again.issued, false);
  assert.equal(again.cert.serialNumber, ca.cert.serialNumber);
});

test('changing the intercepted list re-issues the CA with a new key', async () => {
  const other = await mkdtemp(join(tmpdir(), 'vigil-ca2-'));
  const s = await openSecretStore({ dataDir: other, mode: 'file' });
  const first = await loadOrCreateCa(other, s, ['api.openai.com']);
  const second = await loadOrCreateCa(other, s, ['api.openai.com', 'api.example-ai.com']);
  assert.equal(second.issued, true);
  assert.notEqual(second.cert.serialNumber, first.cert.serialNumber);
  assert.notDeepEqual(Buffer.from(second.cert.publicKey.rawData), Buffer.from(first.cert.publicKey.rawData));
  await rm(other, { recursive: true, force: true });
});

test('leaves are minted off the event loop and cached per host', async () => {
  const issuer = new LeafIssuer(ca);
  await issuer.context('warm.openai.azure.com');
  // One new host at a time, as CONNECTs arrive: the loop may run a few ms of ASN.1 work, never the
  // hundreds of ms an RSA key generation on the loop costs.
  const h = monitorEventLoopDelay({ resolution: 2 });
  h.enable();
  for (let i = 0; i < 5; i++) await issuer.context(`r${i}.openai.azure.com`);
  h.disable();
  assert.ok(h.max / 1e6 < 60, `event loop stalled ${h.max / 1e6} ms`);
  assert.equal(issuer.context('r1.openai.azure.com'), issuer.context('r1.openai.azure.com'));
});

test('host matching honours wildcard labels', () => {
  const m = hostMatcher(DEFAULT_INTERCEPTED_HOSTS);
  assert.ok(m('res1.openai.azure.com') && m('bedrock-runtime.us-east-1.amazonaws.com') && m('API.OpenAI.com.'));
  assert.ok(!m('openai.azure.com.evil.com') && !m('s3.us-east-1.amazonaws.com') && !m('example.org'));
});
