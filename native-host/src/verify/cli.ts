import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ErrorCodes, isVigilError } from '@vigil/shared';
import { AuditReader, type ChainSource } from '../audit/reader.ts';
import { nodeAuditCrypto, rawPublicKey } from '../audit/node-crypto.ts';
import { JsonlSource } from './jsonl-source.ts';
import { formatReport } from './report.ts';
import { defaultStatePath, readSeen, rememberSeen } from './state.ts';
import { verifyChain } from './verify.ts';

export const VERIFY_USAGE = `Usage: vigil-verify (--db FILE | --jsonl FILE) [--pubkey FILE] [--checkpoint FILE] [--state FILE] [--threads N] [--json]

Checks every link, signature, key rotation and checkpoint of a Vigil audit chain.
  --db FILE          the audit database (<data-dir>/audit.db), opened read-only
  --jsonl FILE       an export made by "vigil audit export --jsonl FILE"
  --pubkey FILE      trusted public key(s), PEM (default: audit-key.pub next to --db)
  --checkpoint FILE  signed checkpoint note (default: checkpoint next to --db)
  --state FILE       where the verifier remembers the newest checkpoint it accepted, to reject a rollback
                     (default: $XDG_STATE_HOME/vigil-verify/seen.json)
  --threads N        signature-checking threads (default: all cores)
  --json             machine-readable report
Exit status: 0 intact, 1 tampered (the first bad record is named), 2 cannot read or bad arguments.`;

/** Parses PEM public keys (audit-key.pub lists the chain's keys, oldest first). */
function readPinned(file: string): Uint8Array[] {
  const text = readFileSync(file, 'utf8');
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${file} holds no PEM public key`);
  return blocks.map((pem) => rawPublicKey(createPublicKey(pem)));
}

/** vigil-verify as a function: writes the report to `out`, returns the exit status. */
export async function verifyMain(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      options: {
        db: { type: 'string' }, jsonl: { type: 'string' }, pubkey: { type: 'string' }, checkpoint: { type: 'string' },
        state: { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    err(`vigil-verify: ${(e as Error).message} [BAD_ARGUMENTS]\n${VERIFY_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out(VERIFY_USAGE + '\n');
    return 0;
  }
  const threads = args.threads === undefined ? availableParallelism() : Number(args.threads);
  if (Boolean(args.db) === Boolean(args.jsonl) || !Number.isInteger(threads) || threads < 0) {
    err(`vigil-verify: give exactly one of --db or --jsonl (and --threads as a whole number) [BAD_ARGUMENTS]\n${VERIFY_USAGE}\n`);
    return 2;
  }
  const input = resolve((args.db ?? args.jsonl)!);
  const near = (name: string) => (args.db && existsSync(join(dirname(input), name)) ? join(dirname(input), name) : undefined);
  let source: ChainSource | null = null;
  try {
    const pubkeyFile = args.pubkey ?? near('audit-key.pub');
    const checkpointFile = args.checkpoint ?? near('checkpoint');
    const pinnedKeys = pubkeyFile ? readPinned(pubkeyFile) : null;
    const checkpointNote = checkpointFile ? readFileSync(checkpointFile, 'utf8') : null;
    source = args.db ? new AuditReader(input) : new JsonlSource(input);
    const statePath = args.state ?? defaultStatePath();
    const report = await verifyChain({ source, sourceName: input, crypto: nodeAuditCrypto(), pinnedKeys, checkpointNote, seen: readSeen(statePath, source.meta.chainId), threads });
    if (report.status === 'intact' && report.latestCheckpoint) {
      try {
        rememberSeen(statePath, report.chainId, { ...report.latestCheckpoint, seenAt: new Date().toISOString() });
      } catch (e) {
        report.warnings.push(`could not remember the checkpoint in ${statePath}: ${(e as Error).message}`);
      }
    }
    out(args.json ? JSON.stringify(report) + '\n' : formatReport(report));
    return report.status === 'intact' ? 0 : 1;
  } catch (e) {
    const code = isVigilError(e) ? e.code : ErrorCodes.AUDIT_UNREADABLE;
    err(`vigil-verify: ${(e as Error).message} [${code}]\n`);
    return 2;
  } finally {
    source?.close();
  }
}
