import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../../keychain/secret-store.ts';
import { nameConstraintsExtension } from './name-constraints.ts';
import { EC_ALG, type CryptoKey, exportPkcs8Der, generateEcKeys, importPkcs8, randomSerial, x509 } from './x509.ts';

/** The local CA: its certificate on disk (public), its private key in the key store. */
export interface CertificateAuthority {
  cert: x509.X509Certificate;
  certPem: string;
  certPath: string;
  key: CryptoKey;
  /** The DNS names the name constraints permit. */
  names: string[];
  /** True when this call created a new CA (first run, or the intercepted list changed). */
  issued: boolean;
}

const KEY_NAME = 'proxy-ca-key';
const VALID_DAYS = 825;

export function caPaths(dataDir: string): { dir: string; cert: string; meta: string; bundle: string } {
  const dir = join(dataDir, 'ca');
  return { dir, cert: join(dir, 'vigil-ca.pem'), meta: join(dir, 'vigil-ca.json'), bundle: join(dir, 'ca-bundle.pem') };
}

/**
 * Loads the CA, or issues a new one when there is none, it is near expiry, its key is gone, or the
 * permitted names changed. A new CA gets a new key: the old certificate may still sit in a trust
 * store with wider constraints, and it must not keep validating new leaves.
 */
export async function loadOrCreateCa(dataDir: string, store: SecretStore, names: readonly string[]): Promise<CertificateAuthority> {
  const paths = caPaths(dataDir);
  const wanted = [...names].sort();
  const existing = await loadExisting(paths, store, wanted);
  if (existing) return existing;

  const keys = await generateEcKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=Vigil Local CA ${new Date(now).toISOString().slice(0, 10)}, O=Vigil (local only)`,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + VALID_DAYS * 86400_000),
    keys,
    signingAlgorithm: EC_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      nameConstraintsExtension(wanted),
    ],
  });
  await store.set(KEY_NAME, await exportPkcs8Der(keys.privateKey));
  const certPem = cert.toString('pem') + '\n';
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await atomicWrite(paths.cert, certPem, 0o644);
  await atomicWrite(paths.meta, JSON.stringify({ names: wanted, serial: cert.serialNumber }) + '\n', 0o644);
  return { cert, certPem, certPath: paths.cert, key: keys.privateKey, names: wanted, issued: true };
}

async function loadExisting(paths: ReturnType<typeof caPaths>, store: SecretStore, wanted: string[]): Promise<CertificateAuthority | null> {
  let certPem: string;
  let meta: { names?: unknown; serial?: unknown };
  try {
    certPem = await readFile(paths.cert, 'utf8');
    meta = JSON.parse(await readFile(paths.meta, 'utf8')) as typeof meta;
  } catch {
    return null;
  }
  if (JSON.stringify(meta.names) !== JSON.stringify(wanted)) return null;
  const der = await store.get(KEY_NAME);
  if (!der) return null;
  const cert = new x509.X509Certificate(certPem);
  if (cert.serialNumber !== meta.serial || cert.notAfter.getTime() < Date.now() + 30 * 86400_000) return null;
  const key = await importPkcs8(der);
  return { cert, certPem, certPath: paths.cert, key, names: wanted, issued: false };
}

async function atomicWrite(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, path);
}
