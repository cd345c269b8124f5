import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Benign code for the gibberish detector's character model: the train split has only 50 clean code
 * documents, and unfamiliar code (regular expressions, escapes, punctuation runs) cost as much per
 * character as adversarial token soup. This reads the readable source of a fixed list of installed
 * packages (versions pinned by package-lock.json, so a retrain sees the same files): JavaScript,
 * TypeScript declarations, JSON, CSS, shell, Python and C/C++ where a package ships them. Minified files are
 * skipped (their lines are token soup too). Only symbol-class counts are kept; no text is copied.
 */
const ROOT = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const PACKAGES = [
  'typescript/lib', '@types/node', 'lit-html/development', 'zod/v4', 'playwright-core/lib', 'ajv/lib', 'acorn/dist',
  'yaml/dist', 'undici/lib', 'protobufjs/src', 'eslint/lib', '@peculiar/x509/build', 'libphonenumber-js/source',
  'esbuild/lib', 'better-sqlite3/lib', 'better-sqlite3/src', 'node-gyp/gyp/pylib', 'node-addon-api',
];
const EXTENSIONS = /\.(?:js|mjs|cjs|ts|json|css|sh|py|c|h|cpp|hpp)$/;
/** Longer average lines than this are minified or generated tables. */
const MAX_MEAN_LINE = 160;
/** Per package, so one large package does not decide what code looks like. */
const MAX_CHARS_PER_PACKAGE = 2_000_000;

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'test' || name === 'tests') continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path, out);
    else if (EXTENSIONS.test(name) && !/\.min\./.test(name) && st.size < 400_000) out.push(path);
  }
}

/** The code texts in a fixed order, with the packages actually found (a missing one is skipped, and listed). */
export function codeTexts(): { texts: string[]; packages: string[]; chars: number } {
  const texts: string[] = [];
  const packages: string[] = [];
  let chars = 0;
  for (const pkg of PACKAGES) {
    const files: string[] = [];
    walk(join(ROOT, pkg), files);
    if (files.length === 0) continue;
    let taken = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length;
      if (text.length / lines > MAX_MEAN_LINE) continue;
      if (taken + text.length > MAX_CHARS_PER_PACKAGE) continue;
      texts.push(text);
      taken += text.length;
    }
    packages.push(`${relative(ROOT, join(ROOT, pkg))} (${(taken / 1e6).toFixed(1)} M chars)`);
    chars += taken;
  }
  return { texts, packages, chars };
}
