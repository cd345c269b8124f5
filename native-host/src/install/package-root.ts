import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The native-host package folder, found from this module whether it runs from src/ or a dist/ bundle. */
export function hostPackageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@vigil/native-host') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the @vigil/native-host package above ${from}`);
    dir = parent;
  }
}
