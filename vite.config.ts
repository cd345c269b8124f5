import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.config.ts';

// Builds the extension into dist/extension (load it unpacked from there).
export default defineConfig({
  plugins: [crx({ manifest })],
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    sourcemap: false,
    // No hashes that depend on absolute paths or time: two clean builds give identical bytes
    // (checked by scripts/reproducible-build.test.ts).
    minify: true,
    // Pages not named in the manifest: the offscreen document that runs the on-device model.
    rollupOptions: {
      input: { offscreen: 'extension/src/offscreen/index.html' },
      // Entry chunks (the service worker crxjs emits, pages' scripts) get plain names: their [hash]
      // depends on the checkout's absolute path, so two clean builds in different folders differed.
      // Shared chunks keep their content hash. An extension is versioned as a whole, so no cache
      // busting is lost.
      output: { entryFileNames: 'assets/[name].js', chunkFileNames: (c) => (c.facadeModuleId ? 'assets/[name].js' : 'assets/[name]-[hash].js') },
    },
    // The onnxruntime WASM binary (~14 MB) is a packaged file, not something to inline or warn about.
    chunkSizeWarningLimit: 1024,
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
