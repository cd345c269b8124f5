#!/usr/bin/env node
// Standalone audit-chain verifier; see native-host/src/verify/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const bundle = fileURLToPath(new URL('../dist/vigil-verify.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('vigil-verify: not built yet; run "npm run build:host" in the repository [NOT_BUILT]\n');
  process.exit(2);
}
await import(bundle);
