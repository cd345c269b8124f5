// Bundles the host into one ESM file per entry point. Native addons and wasm runtimes stay external:
// they are loaded from node_modules at run time. Output is deterministic (no timestamps, sorted input)
// so two clean builds give identical bytes.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, rmSync } from 'node:fs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// Third-party packages load from node_modules at run time; our own workspaces (@vigil/*) are bundled.
const externalDependencies = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || args.path.startsWith('@vigil/') ? undefined : { path: args.path, external: true },
    );
  },
};

const entries = {
  vigil: join(root, 'src/cli/main.ts'),
  'vigil-verify': join(root, 'src/verify/main.ts'),
  // The detection worker thread is started from a file of its own (see detection-worker.ts).
  'detection-worker': join(root, 'src/pipeline/detectors/worker.ts'),
};

// A clean output folder: files left by an older build would end up in the published hash list.
rmSync(join(root, 'dist'), { recursive: true, force: true });

await build({
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  outdir: join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [externalDependencies],
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    // Bundled ESM still needs require() for the few CommonJS-only dependencies.
    js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
  },
});
