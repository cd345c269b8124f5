import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error — plain ESM script without type declarations
import { buildHashes } from './build-hashes.mjs';

const root = join(import.meta.dirname, '..');
const run = (cwd: string, cmd: string, args: string[]) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });

// Two builds from clean trees at different paths (so an absolute path baked into an output shows up):
// tree A gets the repository's files and a fresh `npm ci`; tree B is a copy of A before its build.
// Every file of the extension and of the host bundle must come out byte-identical.
test('npm run build twice from clean trees gives identical bytes', { timeout: 15 * 60_000 }, () => {
  const base = mkdtempSync(join(tmpdir(), 'vigil-repro-'));
  try {
    const a = join(base, 'a');
    const b = join(base, 'second-tree-b');
    const files = run(root, 'git', ['ls-files', '-co', '--exclude-standard', '-z']).split('\0').filter(Boolean);
    for (const f of files) {
      mkdirSync(dirname(join(a, f)), { recursive: true });
      cpSync(join(root, f), join(a, f));
    }
    // No install scripts: the build needs none (native addons are external to the bundle).
    run(a, 'npm', ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund']);
    cpSync(a, b, { recursive: true, verbatimSymlinks: true });
    rmSync(join(b, 'node_modules', '.vite'), { recursive: true, force: true });
    run(a, 'npm', ['run', 'build']);
    run(b, 'npm', ['run', 'build']);
    const ha = buildHashes(a) as [string, string][];
    const hb = buildHashes(b) as [string, string][];
    assert.ok(ha.some(([p]) => p === 'native-host/dist/vigil.js') && ha.some(([p]) => p === 'dist/extension/manifest.json'), 'both outputs were hashed');
    assert.deepEqual(hb, ha);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
