import {
  AUDIT_FORMAT_VERSION, bodyHashOf, bytesEqual, CompactRange, fromHex, GENESIS_PREV_HASH, keyIdOf, noteSignedBy, parseCheckpointNote,
  recordHashOf, RecordTypes, STRUCTURAL_TYPES, toBase64, toHex, type AuditCrypto, type AuditRecord,
} from '@vigil/shared/audit-format/index';
import { ErrorCodes, VigilError } from '@vigil/shared';
import type { DbMeta } from '../audit/schema.ts';
import type { Problem } from './report.ts';

type Check = Problem | null;
const bad = (seq: number, what: string, evidence: Record<string, unknown> = {}): Problem => ({ seq, what, evidence });

/**
 * The sequential half of verification: links, hashes, sequence, key lineage and in-chain checkpoints,
 * one record at a time. Signatures are checked elsewhere (in parallel) against `keyFor(record)`.
 */
export class ChainWalk {
  expectSeq = 1;
  private prevHash: Uint8Array = GENESIS_PREV_HASH;
  readonly range: CompactRange;
  /** Keys in lineage order; the last one is active. */
  readonly lineage: Uint8Array[] = [];
  private activeId = '';
  readonly erased: number[] = [];
  /** seq → note text of each checkpoint record. */
  readonly notes = new Map<number, string>();
  /** Roots captured at the sizes other checks ask for (checkpoint file, remembered state). */
  readonly rootsAt = new Map<number, Uint8Array>();

  constructor(
    private readonly c: AuditCrypto,
    private readonly meta: DbMeta,
    private readonly pinned: Uint8Array[] | null,
    private readonly wantRootsAt: Set<number>,
  ) {
    this.range = new CompactRange(c);
  }

  get activeKey(): Uint8Array | undefined {
    return this.lineage[this.lineage.length - 1];
  }

  /** Checks one record; on success the record's signature must still verify under `activeKey` (read before calling). */
  step(r: AuditRecord): Check {
    const c = this.c;
    if (r.seq !== this.expectSeq) {
      return bad(this.expectSeq, r.seq > this.expectSeq ? `record ${this.expectSeq} is missing` : 'sequence out of order', { expected: this.expectSeq, found: r.seq });
    }
    if (r.body !== null) {
      const bodyHash = bodyHashOf(c, r.body);
      if (!bytesEqual(bodyHash, r.bodyHash)) return bad(r.seq, 'body does not match its bodyHash', { stored: toHex(r.bodyHash), computed: toHex(bodyHash) });
    } else if (STRUCTURAL_TYPES.has(r.type)) {
      return bad(r.seq, `${r.type} record has no body (it can never be erased)`, { type: r.type });
    } else {
      this.erased.push(r.seq);
    }
    if (!bytesEqual(r.prevHash, this.prevHash)) {
      return bad(r.seq, `prevHash does not match the hash of record ${r.seq - 1}`, { stored: toHex(r.prevHash), expected: toHex(this.prevHash) });
    }
    const hash = recordHashOf(c, { prevHash: this.prevHash, bodyHash: r.bodyHash, seq: r.seq, ts: r.ts, type: r.type });
    if (!bytesEqual(hash, r.hash)) return bad(r.seq, 'hash does not match the record', { stored: toHex(r.hash), computed: toHex(hash) });
    if (r.seq === 1) {
      const problem = this.chainStart(r);
      if (problem) return problem;
    } else if (r.type === RecordTypes.chainStart) {
      return bad(r.seq, 'a second chain-start record', {});
    }
    if (r.keyId !== this.activeId) {
      return bad(r.seq, `signed by key ${r.keyId}, which is not the chain's key at this point`, { keyId: r.keyId, activeKeyId: this.activeId });
    }
    if (r.type === RecordTypes.checkpoint) {
      const problem = this.checkpoint(r);
      if (problem) return problem;
    }
    return null;
  }

  /** Called after the record's signature job is queued: advance links, tree and key lineage. */
  advance(r: AuditRecord): void {
    if (this.wantRootsAt.has(this.range.size)) this.rootsAt.set(this.range.size, this.range.root());
    this.range.append(r.hash);
    if (this.wantRootsAt.has(this.range.size)) this.rootsAt.set(this.range.size, this.range.root());
    this.prevHash = r.hash;
    this.expectSeq++;
    if (r.type === RecordTypes.keyRotation && r.body !== null) {
      const key = fromHex((JSON.parse(r.body) as { newPublicKey: string }).newPublicKey);
      this.lineage.push(key);
      this.activeId = keyIdOf(this.c, key);
    }
  }

  /** Rotation bodies are read in `advance`; check their shape up front so advance cannot throw. */
  checkRotation(r: AuditRecord): Check {
    if (r.type !== RecordTypes.keyRotation) return null;
    try {
      const body = JSON.parse(r.body ?? '') as { newPublicKey?: string; newKeyId?: string };
      const key = fromHex(body.newPublicKey ?? '');
      if (key.length === 32 && keyIdOf(this.c, key) === body.newKeyId) return null;
    } catch {
      // fall through
    }
    return bad(r.seq, 'key-rotation record does not name a valid Ed25519 key', { body: r.body });
  }

  private chainStart(r: AuditRecord): Check {
    if (r.type !== RecordTypes.chainStart) return bad(1, `record 1 is a ${r.type} record, not chain-start`, {});
    let body: { chainId?: string; formatVersion?: number; publicKey?: string; keyId?: string };
    let key: Uint8Array;
    try {
      body = JSON.parse(r.body ?? '') as typeof body;
      key = fromHex(body.publicKey ?? '');
    } catch {
      return bad(1, 'chain-start body is malformed', {});
    }
    if (key.length !== 32 || keyIdOf(this.c, key) !== body.keyId) return bad(1, 'chain-start does not name a valid key', {});
    if (body.formatVersion !== this.meta.formatVersion) {
      return bad(1, `the database says format version ${this.meta.formatVersion} but the signed chain-start says ${body.formatVersion}`, {
        database: this.meta.formatVersion,
        signed: body.formatVersion,
      });
    }
    if (body.formatVersion !== AUDIT_FORMAT_VERSION) {
      throw new VigilError(ErrorCodes.AUDIT_FORMAT_UNSUPPORTED, `format version ${body.formatVersion} is not one this verifier reads (${AUDIT_FORMAT_VERSION})`);
    }
    if (body.chainId !== this.meta.chainId) return bad(1, 'chain id in the database differs from the signed chain-start', { database: this.meta.chainId, signed: body.chainId });
    if (this.pinned && !this.pinned.some((k) => bytesEqual(k, key))) {
      return bad(1, `the chain starts with key ${body.keyId}, which is not the pinned public key`, { keyId: body.keyId, pinned: this.pinned.map((k) => keyIdOf(this.c, k)) });
    }
    this.lineage.push(key);
    this.activeId = body.keyId;
    return null;
  }

  private checkpoint(r: AuditRecord): Check {
    try {
      const body = JSON.parse(r.body ?? '') as { note: string; size: number; rootHash: string; origin: string };
      const note = parseCheckpointNote(body.note);
      const root = this.range.root();
      const cp = note.checkpoint;
      const evidence = { size: cp.size, noteRoot: toBase64(cp.rootHash), computedRoot: toBase64(root) };
      if (cp.size !== r.seq - 1 || body.size !== cp.size) return bad(r.seq, `checkpoint size ${cp.size} should be ${r.seq - 1}`, evidence);
      if (!bytesEqual(cp.rootHash, root) || body.rootHash !== toBase64(root)) return bad(r.seq, 'checkpoint root does not match the records before it', evidence);
      if (cp.origin !== `vigil.local/audit/${this.meta.chainId}` || body.origin !== cp.origin) return bad(r.seq, 'checkpoint origin is not this chain', { origin: cp.origin });
      if (!noteSignedBy(this.c, note, this.activeKey!)) return bad(r.seq, 'checkpoint note signature is invalid', evidence);
      this.notes.set(r.seq, body.note);
      return null;
    } catch (err) {
      return bad(r.seq, `checkpoint record is malformed (${(err as Error).message})`, {});
    }
  }
}
