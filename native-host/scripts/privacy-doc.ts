// Regenerates the payload-schema section of PRIVACY.md and pins the schemas' hash for the current
// PRIVACY_VERSION in native-host/src/privacy/schema-lock.json. A pinned version is never re-pinned:
// if the schemas changed, bump PRIVACY_VERSION (payloads.ts) and the PRIVACY.md "Version:" line first.
// Run: npm run privacy:doc
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVACY_VERSION } from '../src/privacy/payloads.ts';
import { DOC_BEGIN, DOC_END, schemaHash, schemaSection } from '../src/privacy/schema-lock.ts';

const root = join(import.meta.dirname, '..', '..');
const docPath = join(root, 'PRIVACY.md');
const lockPath = join(root, 'native-host', 'src', 'privacy', 'schema-lock.json');

const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf(DOC_BEGIN);
const end = doc.indexOf(DOC_END);
if (start < 0 || end < start) throw new Error(`PRIVACY.md has no generated section (${DOC_BEGIN} ... ${DOC_END})`);
writeFileSync(docPath, doc.slice(0, start) + schemaSection() + doc.slice(end + DOC_END.length));

const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Record<string, string>;
const hash = schemaHash();
const pinned = lock[String(PRIVACY_VERSION)];
if (pinned && pinned !== hash) {
  process.stderr.write(`payload schemas changed but PRIVACY_VERSION is still ${PRIVACY_VERSION} (pinned ${pinned.slice(0, 12)}…, now ${hash.slice(0, 12)}…): bump it\n`);
  process.exit(1);
}
lock[String(PRIVACY_VERSION)] = hash;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`PRIVACY.md section regenerated; version ${PRIVACY_VERSION} pinned to ${hash}\n`);
