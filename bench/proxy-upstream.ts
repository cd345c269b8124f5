// Child process for bench/proxy.ts: the fake provider (HTTPS, test CA) on 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { startFakeProvider } from '../native-host/src/proxy/testing/fake-provider.ts';
import { createTestCa } from '../native-host/src/proxy/testing/test-ca.ts';

const caFile = process.argv[2] ?? '';
const ca = await createTestCa();
writeFileSync(caFile, ca.certPem);
const fake = await startFakeProvider(ca, { gapMs: 10 });
// The bench only needs the port; keep no request log growing for the whole run.
fake.received.push = () => 0;
process.stdout.write(JSON.stringify({ port: fake.port }) + '\n');
