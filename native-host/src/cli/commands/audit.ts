import { ErrorCodes, VigilError } from '@vigil/shared';
import { inclusionProof, parseCheckpointNote, toBase64, toHex, verifyInclusion } from '@vigil/shared/audit-format/index';
import { databasePath } from '../../audit/checkpoint-file.ts';
import { exportJsonl } from '../../audit/export.ts';
import { nodeAuditCrypto } from '../../audit/node-crypto.ts';
import { openAuditStore } from '../../audit/open-store.ts';
import { AuditReader } from '../../audit/reader.ts';
import { DEFAULT_ROTATION_REASON } from '../../audit/audit-service.ts';
import { publicKeyPem } from '../../audit/signing-key.ts';
import { dataPaths, defaultDataDir } from '../../config/paths.ts';
import { askRunningDaemon } from '../../daemon/client.ts';
import { createLogger } from '../../log/logger.ts';
import { verifyMain } from '../../verify/cli.ts';
import { parseCommandArgs, type Command } from '../command.ts';

const HELP = `Usage: vigil audit <action> [--data-dir DIR]

Actions:
  pubkey [--all]                   print the chain's public key (PEM); --all prints every key since the start
  proof SEQ [--json]               inclusion proof of record SEQ against the latest checkpoint
  erase SEQ [--reason TEXT]        drop record SEQ's body; its hash stays, so the chain still verifies
  erase --from TIME --to TIME      same for every record in a time range (ISO 8601 or ms since epoch)
  export --jsonl FILE              write the chain as JSONL (check it with vigil-verify --jsonl FILE)
  verify [--json]                  run vigil-verify on this data dir's chain
  rotate-key [--reason TEXT]       new signing key, introduced by a record signed with the old one
                                   (done by the running daemon when there is one)`;

const out = (s: string) => process.stdout.write(s);
const bad = (msg: string) => new VigilError(ErrorCodes.BAD_ARGUMENTS, msg);

function parseTime(s: string | undefined, flag: string): number {
  if (s === undefined) throw bad(`${flag} is required`);
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(n)) throw bad(`${flag}: not a time: ${s}`);
  return n;
}

function parseSeq(s: string | undefined): number {
  const n = Number(s);
  if (!s || !Number.isSafeInteger(n) || n < 1) throw bad(`expected a record number, got "${s ?? ''}"`);
  return n;
}

function withReader<T>(dataDir: string, fn: (r: AuditReader) => T): T {
  const reader = new AuditReader(databasePath(dataDir));
  try {
    return fn(reader);
  } finally {
    reader.close();
  }
}

function proof(dataDir: string, seq: number, json: boolean): number {
  const c = nodeAuditCrypto();
  return withReader(dataDir, (reader) => {
    const cpRecord = reader.latestCheckpoint();
    if (!cpRecord?.body) throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, 'the chain has no checkpoint yet');
    const note = (JSON.parse(cpRecord.body) as { note: string }).note;
    const { checkpoint } = parseCheckpointNote(note);
    if (seq > checkpoint.size) throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, `record ${seq} is not covered by the latest checkpoint (size ${checkpoint.size}) yet`, { seq, size: checkpoint.size });
    const leaves = reader.hashes(checkpoint.size);
    const path = inclusionProof(c, leaves, seq - 1);
    const leaf = leaves[seq - 1]!;
    // Never print a proof that does not check out against the signed tree head.
    if (!verifyInclusion(c, leaf, seq - 1, checkpoint.size, path, checkpoint.rootHash)) {
      throw new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `the stored hashes do not match the latest checkpoint; run "vigil audit verify"`, { seq });
    }
    const result = { seq, leafIndex: seq - 1, recordHash: toHex(leaf), treeSize: checkpoint.size, rootHash: toBase64(checkpoint.rootHash), proof: path.map(toBase64), checkpoint: note };
    if (json) out(JSON.stringify(result) + '\n');
    else out(`record ${seq} (hash ${result.recordHash}) is leaf ${seq - 1} of the tree of size ${checkpoint.size}\nproof:\n${result.proof.map((p) => `  ${p}\n`).join('')}checkpoint:\n${note}`);
    return 0;
  });
}

/**
 * Asks the running daemon to rotate (it is the chain's writer and must switch keys itself); null when
 * no daemon runs, so the caller opens the store instead.
 */
async function rotateByDaemon(dataDir: string, reason: string): Promise<{ seq: number; keyId: string } | null> {
  // Generous timeout: the daemon first makes every queued append durable, and the keychain may be slow.
  const reply = await askRunningDaemon(dataPaths(dataDir).socket, { type: 'audit.rotateKey', reason }, 'audit.rotateKey', { failure: 'the daemon could not rotate the key', timeoutMs: 60_000 });
  return reply && { seq: reply.seq, keyId: reply.keyId };
}

async function writer(dataDir: string) {
  return openAuditStore({ dataDir, log: createLogger({ component: 'audit-cli' }), checkpointIntervalMs: 0 });
}

/** `vigil audit …`: the user's handle on their chain. Read-only actions never open the writer. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'inspect, prove, erase, export and verify the audit chain',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { 'data-dir': { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' }, reason: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, jsonl: { type: 'string' } },
      true,
    );
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const [action, arg, ...rest] = positionals;
    if (rest.length) throw bad(`unexpected argument "${rest[0]}"`);
    switch (action) {
      case 'pubkey':
        return printKeys(dataDir, values.all === true);
      case 'proof':
        return proof(dataDir, parseSeq(arg), values.json === true);
      case 'erase': {
        const sel = arg !== undefined ? { seq: parseSeq(arg) } : { from: parseTime(values.from, '--from'), to: parseTime(values.to, '--to') };
        const store = await writer(dataDir);
        try {
          const res = await store.erase(sel, values.reason ?? 'erased by the user (vigil audit erase)');
          out(res.erased.length ? `erased ${res.erased.length} record(s); recorded as record ${res.recordSeq}\n` : 'nothing to erase\n');
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'export': {
        if (!values.jsonl) throw bad('export needs --jsonl FILE');
        const n = withReader(dataDir, (r) => exportJsonl(r, values.jsonl!));
        out(`exported ${n} records to ${values.jsonl}\n`);
        return 0;
      }
      case 'verify':
        return verifyMain(['--db', databasePath(dataDir), ...(values.json ? ['--json'] : [])]);
      case 'rotate-key': {
        const reason = values.reason ?? DEFAULT_ROTATION_REASON;
        const byDaemon = await rotateByDaemon(dataDir, reason);
        if (byDaemon) {
          out(`new key ${byDaemon.keyId}, introduced by record ${byDaemon.seq} (by the running daemon)\n`);
          return 0;
        }
        const store = await writer(dataDir);
        try {
          const r = await store.rotateKey(reason);
          out(`new key ${r.keyId}, introduced by record ${r.seq}\n`);
        } finally {
          await store.close();
        }
        return 0;
      }
      default:
        throw bad(`unknown audit action "${action ?? ''}" (run "vigil audit --help")`);
    }
  },
};

function printKeys(dataDir: string, all: boolean): number {
  return withReader(dataDir, (reader) => {
    const keys = reader.keyLineage();
    if (keys.length === 0) throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, `no audit chain in ${dataDir}`);
    out((all ? keys : keys.slice(-1)).map(publicKeyPem).join(''));
    return 0;
  });
}
