import { bytesEqual, keyIdOf, noteSignedBy, parseCheckpointNote, toBase64, type AuditCrypto, type ParsedNote } from '@vigil/shared/audit-format/index';
import type { ChainSource } from '../audit/reader.ts';
import type { Problem, VerifyReport } from './report.ts';
import { SigChecker } from './sig-check.ts';
import type { SeenCheckpoint } from './state.ts';
import { ChainWalk } from './walk.ts';

export interface VerifyOptions {
  source: ChainSource;
  sourceName: string;
  crypto: AuditCrypto;
  /** Trust anchors (audit-key.pub): the chain-start key must be one of them. null = not pinned (warned). */
  pinnedKeys: Uint8Array[] | null;
  /** Text of the checkpoint file written next to the database, if any. */
  checkpointNote: string | null;
  /** The newest checkpoint this verifier accepted for the chain before (rollback detection). */
  seen: SeenCheckpoint | null;
  /** Signature worker threads; 0 checks signatures on this thread. */
  threads: number;
}

const BATCH = 2048;

/**
 * Verifies a whole chain: the sequential walk (ChainWalk) on this thread, signatures in workers
 * (SigChecker) while the walk reads on, then the checkpoint file and the remembered checkpoint.
 * Reports the first bad record.
 */
export async function verifyChain(o: VerifyOptions): Promise<VerifyReport> {
  const c = o.crypto;
  const warnings: string[] = [];
  let fileNote: ParsedNote | null = null;
  let problem: Problem | null = null;
  if (o.checkpointNote !== null) {
    try {
      fileNote = parseCheckpointNote(o.checkpointNote);
    } catch (err) {
      problem = { seq: null, what: `the checkpoint file is malformed (${(err as Error).message})`, evidence: {} };
    }
  }
  const want = new Set<number>([fileNote?.checkpoint.size, o.seen?.size].filter((n): n is number => n !== undefined));
  const walk = new ChainWalk(c, o.source.meta, o.pinnedKeys, want);
  const checker = new SigChecker(c, o.threads);
  let sigFailures: number[];
  let checkpoints = 0;
  try {
    outer: for (const batch of o.source.batches(BATCH)) {
      for (const r of batch) {
        const p = walk.step(r) ?? walk.checkRotation(r);
        if (p) {
          problem = p;
          break outer;
        }
        checker.add(r.seq, r.hash, r.sig, walk.activeKey!);
        if (r.type === 'checkpoint') checkpoints++;
        walk.advance(r);
      }
      await checker.drainTo();
    }
    // Signatures of the records before a problem are still checked: an earlier bad one is reported first.
    sigFailures = await checker.finish();
  } finally {
    await checker.close();
  }
  const records = walk.expectSeq - 1;
  const firstSig = sigFailures[0] ?? null;
  if (firstSig !== null && (problem === null || problem.seq === null || firstSig < problem.seq)) {
    problem = { seq: firstSig, what: 'signature does not verify', evidence: { check: 'Ed25519 over the record hash, with the key active at this record' } };
  }
  if (!problem && records === 0) problem = { seq: 1, what: 'the chain has no records (record 1 is missing)', evidence: {} };
  if (!problem && fileNote) problem = checkAnchor(c, walk, records, fileNote.checkpoint.size, 'checkpoint file', fileNote);
  if (!problem && o.seen) problem = checkAnchor(c, walk, records, o.seen.size, `checkpoint seen on ${o.seen.seenAt}`, null, o.seen.rootHash);
  if (!o.pinnedKeys) warnings.push('no pinned public key (--pubkey or audit-key.pub): the chain is self-consistent, but its key is not checked against one you trust');
  if (!fileNote && o.checkpointNote === null) warnings.push('no checkpoint file: truncation of the newest records cannot be detected');
  const latest = latestCheckpoint(walk, fileNote);
  return {
    status: problem ? 'tampered' : 'intact',
    source: o.sourceName,
    chainId: o.source.meta.chainId,
    records,
    erased: walk.erased,
    checkpoints,
    keys: walk.lineage.map((k) => keyIdOf(c, k)),
    signatureThreads: o.threads,
    latestCheckpoint: latest,
    warnings,
    problem,
  };
}

/**
 * A checkpoint from outside the chain (the file next to it, or the verifier's memory) of size S must
 * still be in the chain: records 1..S hash to its root and record S+1 is that checkpoint. A shorter
 * chain was truncated or rolled back.
 */
function checkAnchor(c: AuditCrypto, walk: ChainWalk, records: number, size: number, label: string, note: ParsedNote | null, rootB64?: string): Problem | null {
  if (records < size + 1) {
    return { seq: records + 1, what: `record ${records + 1} is missing: the ${label} covers ${size} records and is itself record ${size + 1}, but the chain ends at ${records}`, evidence: { chainLength: records, checkpointSize: size } };
  }
  const root = walk.rootsAt.get(size);
  const expected = note ? toBase64(note.checkpoint.rootHash) : rootB64;
  if (!root || toBase64(root) !== expected) {
    return { seq: null, what: `the ${label} does not match the chain (root of the first ${size} records differs)`, evidence: { expected, computed: root ? toBase64(root) : null } };
  }
  if (note) {
    if (!walk.lineage.some((k) => noteSignedBy(c, note, k))) return { seq: null, what: `the ${label} is not signed by any of the chain's keys`, evidence: {} };
    const inChain = walk.notes.get(size + 1);
    if (inChain === undefined || !bytesEqual(parseCheckpointNote(inChain).checkpoint.rootHash, note.checkpoint.rootHash)) {
      return { seq: size + 1, what: `record ${size + 1} should be the checkpoint in the ${label}`, evidence: {} };
    }
  }
  return null;
}

function latestCheckpoint(walk: ChainWalk, fileNote: ParsedNote | null): { size: number; rootHash: string } | null {
  const seqs = [...walk.notes.keys()];
  if (seqs.length === 0) return fileNote ? { size: fileNote.checkpoint.size, rootHash: toBase64(fileNote.checkpoint.rootHash) } : null;
  const note = parseCheckpointNote(walk.notes.get(Math.max(...seqs))!);
  return { size: note.checkpoint.size, rootHash: toBase64(note.checkpoint.rootHash) };
}
