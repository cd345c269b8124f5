import type Database from 'better-sqlite3';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { fromHex, RecordTypes } from '@vigil/shared/audit-format/index';

/**
 * The chain's public keys in order: the chain-start key, then each key a rotation introduced (the
 * last is the active one). Read-only; shared by the writer and the reader.
 */
export function keyLineage(db: Database.Database): Uint8Array[] {
  const rows = db
    .prepare(`SELECT seq, type, body FROM records WHERE type IN ('${RecordTypes.chainStart}', '${RecordTypes.keyRotation}') ORDER BY seq`)
    .all() as { seq: number; type: string; body: string | null }[];
  return rows.map((r) => {
    let key: Uint8Array = new Uint8Array(0);
    try {
      const body = JSON.parse(r.body ?? '{}') as { publicKey?: string; newPublicKey?: string };
      key = fromHex((r.type === RecordTypes.chainStart ? body.publicKey : body.newPublicKey) ?? '');
    } catch {
      // reported below
    }
    if (key.length !== 32) throw new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `${r.type} record ${r.seq} has no valid public key`, { seq: r.seq });
    return key;
  });
}
