import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { tempDir } from '../verify/testing/chain-fixture.ts';
import { verifyMain } from '../verify/cli.ts';

const source = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url));
// Bundled once so each of the 20 restarts costs a plain node start, not a TypeScript compile. Kept out
// of dist/ (the published build) but inside the package so node_modules resolves.
const writer = fileURLToPath(new URL('../../.test-build/crash-writer.mjs', import.meta.url));
const KILLS = 20;

before(async () => {
  await build({
    entryPoints: [source],
    outfile: writer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native addons load from node_modules; the workspace's TypeScript (@vigil/shared) is bundled.
    external: ['better-sqlite3', '@napi-rs/keyring'],
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
});

/** Runs the writer, SIGKILLs it `afterMs` after it is ready, returns the acknowledged seq → n pairs. */
function runAndKill(dataDir: string, run: number, afterMs: number): Promise<Map<number, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dataDir, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own (${code}): ${err}`));
      const acked = new Map<number, number>();
      // Only complete lines count: a line cut by the kill was not fully reported.
      for (const line of out.split('\n').slice(1, -1)) {
        const [seq, n] = line.split(' ').map(Number);
        acked.set(seq!, n!);
      }
      resolve(acked);
    });
  });
}

test(`every acknowledged append survives ${KILLS} SIGKILLs under load, and the chain verifies after each`, { timeout: 240_000 }, async (t) => {
  const dataDir = tempDir('vigil-crash-');
  let total = 0;
  for (let run = 0; run < KILLS; run++) {
    const acked = await runAndKill(dataDir, run, 20 + Math.floor(Math.random() * 300));
    total += acked.size;
    let out = '';
    const code = await verifyMain(['--db', join(dataDir, 'audit.db'), '--json', '--state', join(dataDir, 'seen.json'), '--threads', '2'], (s) => (out += s), () => {});
    assert.equal(code, 0, `run ${run}: ${out}`);
    const db = new Database(join(dataDir, 'audit.db'), { readonly: true });
    const get = db.prepare('SELECT body FROM records WHERE seq = ?').pluck();
    for (const [seq, n] of acked) {
      const body = get.get(seq) as string | undefined;
      assert.ok(body, `run ${run}: acknowledged record ${seq} is missing`);
      assert.deepEqual(JSON.parse(body), { run: String(run), n, text: `run ${run} append ${n}` });
    }
    db.close();
  }
  t.diagnostic(`${total} acknowledged appends across ${KILLS} kills`);
  assert.ok(total > KILLS * 10, `too few appends acknowledged (${total}) for the test to mean anything`);
});
