// Prints the sha256 of every file Vigil's build produced — the extension (dist/extension) and the
// host bundle (native-host/dist) — in `sha256sum` format, sorted by path, so a user can compare their
// own build with a published list (`npm run build:hashes > mine.txt; diff mine.txt published.txt`).
// Usage: node scripts/build-hashes.mjs [ROOT]   (ROOT defaults to this repository)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILD_OUTPUTS = ['dist/extension', 'native-host/dist'];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `[path, sha256]` for every build output file under root, sorted by path. */
export function buildHashes(root) {
  const files = BUILD_OUTPUTS.flatMap((out) => {
    const dir = join(root, out);
    try {
      return walk(dir);
    } catch (err) {
      throw new Error(`${out} is missing: run npm run build first (${err.message})`, { cause: err });
    }
  });
  return files
    .map((file) => [relative(root, file).split(sep).join('/'), createHash('sha256').update(readFileSync(file)).digest('hex')])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'));
  for (const [path, hash] of buildHashes(root)) process.stdout.write(`${hash}  ${path}\n`);
}
