import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped policy folder (native-host/policies/: the Cedar schema and the default pack), found
 * from this file both in the source tree (src/pipeline/policy/) and in the bundle (dist/, dist/chunks/).
 */
function packageDir(): string {
  const candidates = ['../../../policies/', '../policies/', '../../policies/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'vigil.cedarschema'))) ?? (candidates[0] as string);
}

export const PACKAGE_POLICY_DIR = packageDir();
export const SCHEMA_FILE = join(PACKAGE_POLICY_DIR, 'vigil.cedarschema');
export const DEFAULT_PACK_DIR = join(PACKAGE_POLICY_DIR, 'default');

export interface PolicyFile {
  /** File name relative to its folder, as shown in errors and the audit. */
  name: string;
  text: string;
}

/** The `.cedar` files of a folder, sorted by name so load order (and policy ids on collision) is stable. */
export async function readPolicyFiles(dir: string): Promise<PolicyFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.cedar')).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

export function readSchema(): Promise<string> {
  return readFile(SCHEMA_FILE, 'utf8');
}

/** The folder the daemon runs policies from and watches: `<data-dir>/policies`, seeded with the default pack. */
export function policyDir(dataDir: string): string {
  return join(dataDir, 'policies');
}
