import { readFileSync } from 'node:fs';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { fromHex, type AuditRecord } from '@vigil/shared/audit-format/index';
import type { ChainSource } from '../audit/reader.ts';
import type { DbMeta } from '../audit/schema.ts';

/** First line of `vigil audit export --jsonl`. */
export interface ExportHeader {
  vigilAuditExport: 1;
  formatVersion: number;
  chainId: string;
}

/** One exported record: the stored columns with bytes as lowercase hex. */
export interface ExportLine {
  seq: number;
  ts: number;
  type: string;
  body: string | null;
  bodyHash: string;
  prevHash: string;
  hash: string;
  keyId: string;
  sig: string;
}

export const toExportLine = (r: AuditRecord, hex: (b: Uint8Array) => string): ExportLine => ({
  seq: r.seq,
  ts: r.ts,
  type: r.type,
  body: r.body,
  bodyHash: hex(r.bodyHash),
  prevHash: hex(r.prevHash),
  hash: hex(r.hash),
  keyId: r.keyId,
  sig: hex(r.sig),
});

/** A JSONL export as a chain source. Lines that are not records are a read error (exit 2), with the line number. */
export class JsonlSource implements ChainSource {
  readonly meta: DbMeta;
  private readonly lines: string[];

  constructor(readonly file: string) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new VigilError(ErrorCodes.AUDIT_NOT_FOUND, `cannot read ${file}: ${(err as Error).message}`, { file });
    }
    this.lines = text.split('\n').filter((l) => l.length > 0);
    const header = this.parse(0) as Partial<ExportHeader>;
    if (header.vigilAuditExport !== 1) throw new VigilError(ErrorCodes.AUDIT_DB_FOREIGN, `${file} is not a Vigil audit export`, { file });
    this.meta = { formatVersion: Number(header.formatVersion), chainId: String(header.chainId ?? '') };
  }

  private parse(i: number): unknown {
    try {
      return JSON.parse(this.lines[i] ?? '');
    } catch {
      throw new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `${this.file} line ${i + 1} is not JSON`, { file: this.file, line: i + 1 });
    }
  }

  *batches(batchSize: number): Iterable<AuditRecord[]> {
    for (let start = 1; start < this.lines.length; start += batchSize) {
      const out: AuditRecord[] = [];
      for (let i = start; i < Math.min(start + batchSize, this.lines.length); i++) {
        const l = this.parse(i) as ExportLine;
        try {
          out.push({ seq: l.seq, ts: l.ts, type: l.type, body: l.body, bodyHash: fromHex(l.bodyHash), prevHash: fromHex(l.prevHash), hash: fromHex(l.hash), keyId: l.keyId, sig: fromHex(l.sig) });
        } catch {
          throw new VigilError(ErrorCodes.AUDIT_DB_CORRUPT, `${this.file} line ${i + 1} is not an audit record`, { file: this.file, line: i + 1 });
        }
      }
      yield out;
    }
  }

  close(): void {}
}
