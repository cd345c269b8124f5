import { EC_ALG, exportPkcs8Pem, generateEcKeys, randomSerial, x509 } from '../ca/x509.ts';

/** A throwaway CA standing in for the public PKI in tests: it signs the fake providers' certificates. */
export interface TestCa {
  certPem: string;
  /** A server key + certificate for these DNS names, signed by this CA. */
  issue(names: string[]): Promise<{ key: string; cert: string }>;
}

export async function createTestCa(): Promise<TestCa> {
  const keys = await generateEcKeys();
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(), name: 'CN=Vigil Test Public Root', notBefore: new Date(now - 3600_000), notAfter: new Date(now + 86400_000), keys,
    signingAlgorithm: EC_ALG,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return {
    certPem: ca.toString('pem') + '\n',
    async issue(names) {
      const leafKeys = await generateEcKeys();
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerial(), subject: `CN=${names[0] ?? 'localhost'}`, issuer: ca.subject, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 86400_000),
        signingKey: keys.privateKey, publicKey: leafKeys.publicKey, signingAlgorithm: EC_ALG,
        extensions: [new x509.BasicConstraintsExtension(false), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]), new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: 'dns' as const, value: n })))],
      });
      return { key: await exportPkcs8Pem(leafKeys.privateKey), cert: cert.toString('pem') };
    },
  };
}
