import type { TextRow } from './data.ts';

/**
 * Training rows for the Bayesian injection classifier, derived from the train split.
 *
 * A BIPIA injected row is a clean document with one attack instruction inserted. Counting the whole
 * row as "injection" teaches the classifier that table/email/code vocabulary is suspicious (clean
 * test documents then score high). So each injected row is split into its inserted instruction
 * (label 1) and its document (label 0): the insertion is recovered against the clean rows that share
 * the document, and the instructions found that way locate the insertion in the rows whose clean
 * document is not in the split.
 */
export interface Part { text: string; label: number; group: string; role: 'attack' | 'document' | 'text' }

/** The grouping used for leave-one-source-out: BIPIA clean and injected rows of one task share documents. */
export const sourceGroup = (s: string) => (s.startsWith('bipia') ? s.split('-').slice(0, 2).join('-') : s);

function insertion(clean: string, injected: string): string | null {
  if (injected.length <= clean.length) return null;
  let p = 0;
  while (p < clean.length && clean[p] === injected[p]) p++;
  let q = 0;
  while (q < clean.length - p && clean[clean.length - 1 - q] === injected[injected.length - 1 - q]) q++;
  if (p + q !== clean.length) return null;
  const ins = injected.slice(p, injected.length - q).trim();
  return ins === '' ? null : ins;
}

/** Splits BIPIA injected rows into attack + document; other rows pass through. */
export function trainingParts(rows: TextRow[]): Part[] {
  const parts: Part[] = [];
  const attacks = new Set<string>();
  const cleanByTask = new Map<string, Map<string, string[]>>();
  const key = (t: string) => t.slice(0, 30) + '\u0000' + t.slice(-30);
  for (const r of rows) {
    if (!r.source.startsWith('bipia') || r.label !== 0) continue;
    const task = sourceGroup(r.source);
    const m = cleanByTask.get(task) ?? new Map<string, string[]>();
    cleanByTask.set(task, m);
    m.set(key(r.text), [...(m.get(key(r.text)) ?? []), r.text]);
  }
  const injected = rows.filter((r) => r.source.startsWith('bipia') && r.label === 1);
  // Pass 1: insertions against a clean document that shares head and tail.
  const found = new Map<TextRow, string>();
  for (const r of injected) {
    const cands = cleanByTask.get(sourceGroup(r.source)) ?? new Map<string, string[]>();
    for (const [, docs] of cands) {
      for (const c of docs) {
        if (!(r.text.startsWith(c.slice(0, 30)) && r.text.endsWith(c.slice(-30)))) continue;
        const ins = insertion(c, r.text);
        if (ins) { found.set(r, ins); attacks.add(ins); break; }
      }
      if (found.has(r)) break;
    }
  }
  // Pass 2: the known instructions located in the remaining rows (longest first).
  const known = [...attacks].sort((a, b) => b.length - a.length);
  for (const r of injected) if (!found.has(r)) { const a = known.find((k) => r.text.includes(k)); if (a) found.set(r, a); }
  for (const r of rows) {
    const group = sourceGroup(r.source);
    if (r.source.startsWith('bipia') && r.label === 1) {
      const a = found.get(r);
      if (!a) continue; // the few rows whose insertion cannot be located stay out of the word counts
      parts.push({ text: a, label: 1, group, role: 'attack' });
      parts.push({ text: r.text.replace(a, ' '), label: 0, group, role: 'document' });
    } else if (r.source.startsWith('bipia')) parts.push({ text: r.text, label: 0, group, role: 'document' });
    else parts.push({ text: r.text, label: r.label, group, role: 'text' });
  }
  return parts;
}
