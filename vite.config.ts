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
    // No hashes that depend on absolute paths or time: two clean builds give identical bytes.
    minify: true,
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
