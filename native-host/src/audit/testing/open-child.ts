// Child of the bad-input and keychain tests: opens the chain in argv[2] with the given key store mode,
// appends one record, closes, and prints the outcome as one JSON line (error code or seq + key store).
import { openSecretStore } from '../../keychain/secret-store.ts';
import { createLogger } from '../../log/logger.ts';
import { openAuditStore } from '../open-store.ts';

const [dataDir, mode] = process.argv.slice(2) as [string, 'auto' | 'file' | 'keychain'];
try {
  const secretStore = await openSecretStore({ dataDir, mode });
  const store = await openAuditStore({ dataDir, log: createLogger({ component: 'open-child', level: 'error' }), secretStore, checkpointIntervalMs: 0 });
  const seq = await store.append('interaction', { from: 'open-child' });
  const keyId = store.keyId;
  await store.close();
  process.stdout.write(JSON.stringify({ ok: true, seq, keyId, keyStore: secretStore.kind, warning: secretStore.warning ?? null }) + '\n');
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, code: (err as { code?: string }).code ?? null, message: (err as Error).message }) + '\n');
}
