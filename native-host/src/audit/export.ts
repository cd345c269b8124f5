import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { toHex } from '@vigil/shared/audit-format/index';
import { toExportLine, type ExportHeader } from '../verify/jsonl-source.ts';
import type { AuditReader } from './reader.ts';

/**
 * Writes the whole chain as JSONL: a header line, then one record per line with bytes as hex. Erased
 * bodies stay null; `vigil-verify --jsonl FILE` checks the export exactly like the database.
 */
export function exportJsonl(reader: AuditReader, file: string): number {
  const fd = openSync(file, 'w', 0o600);
  let n = 0;
  try {
    const header: ExportHeader = { vigilAuditExport: 1, formatVersion: reader.meta.formatVersion, chainId: reader.meta.chainId };
    writeSync(fd, JSON.stringify(header) + '\n');
    for (const batch of reader.batches(4096)) {
      writeSync(fd, batch.map((r) => JSON.stringify(toExportLine(r, toHex))).join('\n') + '\n');
      n += batch.length;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return n;
}
