import { createSecureContext, type SecureContext } from 'node:tls';
import type { CertificateAuthority } from './authority.ts';
import { EC_ALG, exportPkcs8Pem, generateEcKeys, randomSerial, x509 } from './x509.ts';

/** Leaves live three days and are replaced a day before they expire. */
const LEAF_MS = 3 * 86400_000;
const RENEW_BEFORE_MS = 86400_000;

interface Entry {
  ctx: Promise<SecureContext>;
  expires: number;
}

/**
 * Mints per-host leaf certificates and caches one SecureContext per host. Key generation and signing
 * go through WebCrypto, which runs in libuv's thread pool, so a new host never stalls other
 * connections; concurrent first requests for one host share one minting.
 */
export class LeafIssuer {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly ca: CertificateAuthority) {}

  context(host: string): Promise<SecureContext> {
    const now = Date.now();
    const hit = this.cache.get(host);
    if (hit && hit.expires - RENEW_BEFORE_MS > now) return hit.ctx;
    const ctx = this.mint(host, now);
    // A failed minting must not poison the cache.
    ctx.catch(() => this.cache.delete(host));
    this.cache.set(host, { ctx, expires: now + LEAF_MS });
    return ctx;
  }

  private async mint(host: string, now: number): Promise<SecureContext> {
    const keys = await generateEcKeys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${host}`,
      issuer: this.ca.cert.subject,
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + LEAF_MS),
      signingKey: this.ca.key,
      publicKey: keys.publicKey,
      signingAlgorithm: EC_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }]),
        await x509.AuthorityKeyIdentifierExtension.create(this.ca.cert),
      ],
    });
    return createSecureContext({ key: await exportPkcs8Pem(keys.privateKey), cert: cert.toString('pem'), minVersion: 'TLSv1.2' });
  }
}
