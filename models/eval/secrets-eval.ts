import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSecrets } from '@vigil/shared/detectors/index';

/**
 * Secrets on CredSweeper's fixtures, by (file, line): expected findings (output.json) are the
 * positives; lines that are candidates in no_filters_no_ml.json but carry no expected finding are
 * decoys. A line counts as flagged when a detector finding covers it: CredSweeper lists every line
 * of a multi-line key (PEM) as its own finding line, and one Vigil span covering the whole key flags
 * each of those lines (counting only the span's first line undercounted it).
 */
interface Cand { line_data_list: { path: string; line_num: number }[] }

export interface SecretsResult { positives: number; found: number; recall: number; decoys: number; decoysFlagged: number }

function keys(list: Cand[]): Set<string> {
  const s = new Set<string>();
  for (const c of list) for (const l of c.line_data_list) s.add(`${l.path}\u0000${l.line_num}`);
  return s;
}

export function credSweeperLabels(dataDir: string): { root: string; pos: Set<string>; decoys: Set<string> } {
  const root = join(dataDir, 'raw/CredSweeper');
  const pos = keys(JSON.parse(readFileSync(join(root, 'tests/data/output.json'), 'utf8')) as Cand[]);
  const all = keys(JSON.parse(readFileSync(join(root, 'tests/data/no_filters_no_ml.json'), 'utf8')) as Cand[]);
  return { root, pos, decoys: new Set([...all].filter((k) => !pos.has(k))) };
}

/** Scores any line-flagging detector, so Vigil and secretlint are measured the same way. */
export function scoreFlags(flagged: Set<string>, pos: Set<string>, decoys: Set<string>): SecretsResult {
  const found = [...pos].filter((k) => flagged.has(k)).length;
  return { positives: pos.size, found, recall: found / pos.size, decoys: decoys.size, decoysFlagged: [...decoys].filter((k) => flagged.has(k)).length };
}

export function vigilFlags(root: string, files: string[]): Set<string> {
  const flagged = new Set<string>();
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue;
    }
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const lineOf = (offset: number): number => {
      let lo = 0, hi = lineStarts.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid]! <= offset) lo = mid; else hi = mid - 1; }
      return lo + 1;
    };
    for (const f of detectSecrets(text)) {
      const last = lineOf(Math.max(f.start, f.end - 1));
      for (let line = lineOf(f.start); line <= last; line++) flagged.add(`${path}\u0000${line}`);
    }
  }
  return flagged;
}
