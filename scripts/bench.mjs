#!/usr/bin/env node
// Runs every benchmark in bench/ (files not ending in .test.ts, except helpers), one after another.
// Files with a dash (bench/proxy-fake.ts) are helpers of the bench named before the dash.
// Pass names to run some: npm run bench -- messaging proxy
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const helpers = new Set(['stats.ts']);
const wanted = process.argv.slice(2);
const benches = readdirSync(new URL('../bench', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !helpers.has(f) && !f.includes('-'))
  .filter((f) => !wanted.length || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n== bench/${bench}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${bench}`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
