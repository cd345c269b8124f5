import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import { x509 } from './x509.ts';

/**
 * A critical Name Constraints extension: only the given DNS names (and their subdomains) are
 * permitted, and every IPv4/IPv6 address is excluded. With it, the CA key — even stolen — cannot
 * mint a certificate that a conforming client accepts for any other site.
 */
export function nameConstraintsExtension(dnsNames: readonly string[]): x509.Extension {
  const permitted = new GeneralSubtrees(dnsNames.map((name) => new GeneralSubtree({ base: new GeneralName({ dNSName: name }) })));
  const excluded = new GeneralSubtrees([
    new GeneralSubtree({ base: new GeneralName({ iPAddress: '0.0.0.0/0' }) }),
    new GeneralSubtree({ base: new GeneralName({ iPAddress: '::/0' }) }),
  ]);
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: permitted, excludedSubtrees: excluded }));
  return new x509.Extension(id_ce_nameConstraints, true, value);
}
