#!/usr/bin/env node
// Runs the built CLI bundle (npm install builds it via the root "prepare" script; `npm run build:host` refreshes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const bundle = fileURLToPath(new URL('../dist/vigil.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('vigil: the host is not built yet; run "npm run build:host" in the repository [NOT_BUILT]\n');
  process.exit(1);
}
await import(bundle);
