#!/usr/bin/env node
// The whole test suite, as the README and CI run it: typecheck, lint, build, unit + integration tests
// (node:test through tsx), then the end-to-end tests in Chromium, then the model evaluation gate.
// `--unit` or `--e2e` runs one part; extra arguments are passed on as test file filters.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

function find(dir, suffix, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, suffix, out);
    else if (name.endsWith(suffix)) out.push(relative(root, path));
  }
  return out;
}

function run(title, cmd, cmdArgs, env = {}) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stdout.write(`\n${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status || 1);
  }
}

const select = (files) => (filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files);
const unitFiles = select(['shared', 'native-host', 'extension', 'models', 'bench', 'scripts'].flatMap((d) => find(join(root, d), '.test.ts')));
const e2eFiles = select(find(join(root, 'e2e'), '.spec.ts'));

ensureSystemPackages();

if (!only) {
  run('typecheck', 'npx', ['tsc', '-p', 'shared']);
  run('typecheck host', 'npx', ['tsc', '-p', 'native-host']);
  run('typecheck extension', 'npx', ['tsc', '-p', 'extension']);
  run('typecheck e2e', 'npx', ['tsc', '-p', 'e2e']);
  run('lint', 'npx', ['eslint', '.']);
}
if (!only || only === '--e2e') run('build', 'npm', ['run', 'build']);
else run('build host', 'npm', ['run', 'build:host']);

if (only !== '--e2e' && unitFiles.length) {
  run('unit and integration tests', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...unitFiles]);
}
if (only !== '--unit' && e2eFiles.length) {
  run('end-to-end tests (Chromium)', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...e2eFiles]);
}
