import { ErrorCodes, VigilError } from '@vigil/shared';
import type { AuditCrypto } from '@vigil/shared/audit-format/index';
import type { SecretStore } from '../keychain/secret-store.ts';
import { generateSigningKey, KEY_NAME, NEXT_KEY_NAME, signingKeyFromPkcs8, type SigningKey } from './signing-key.ts';

/**
 * Finds the private key matching the chain's active key. An empty chain gets a new key. A rotation
 * that crashed after its record was durable left the new key under NEXT: it is promoted here. A chain
 * whose key is nowhere is refused (AUDIT_KEY_MISSING) without writing anything: appending under a
 * fresh key would make the chain unverifiable.
 */
export async function resolveSigningKey(
  secrets: SecretStore,
  c: AuditCrypto,
  activeKeyId: string | null,
): Promise<{ key: SigningKey; created: boolean }> {
  const stored = await secrets.get(KEY_NAME);
  const current = stored ? signingKeyFromPkcs8(c, stored) : null;
  if (activeKeyId === null) {
    if (current) return { key: current, created: false };
    const key = generateSigningKey(c);
    await secrets.set(KEY_NAME, key.pkcs8);
    return { key, created: true };
  }
  if (current?.keyId === activeKeyId) return { key: current, created: false };
  const nextRaw = await secrets.get(NEXT_KEY_NAME);
  const next = nextRaw ? signingKeyFromPkcs8(c, nextRaw) : null;
  if (next?.keyId === activeKeyId) {
    await secrets.set(KEY_NAME, next.pkcs8);
    await secrets.delete(NEXT_KEY_NAME);
    return { key: next, created: false };
  }
  throw new VigilError(
    ErrorCodes.AUDIT_KEY_MISSING,
    `the audit chain is signed by key ${activeKeyId} but the ${secrets.kind} key store holds ${current ? `key ${current.keyId}` : 'no audit key'}; restore the key (nothing was written)`,
    { expectedKeyId: activeKeyId, storedKeyId: current?.keyId ?? null, keyStore: secrets.kind },
  );
}


