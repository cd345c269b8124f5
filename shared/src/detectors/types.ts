import type { Finding } from '../types.ts';

/** One deterministic finding: what kind of thing, where it is in the text, and which rule saw it. */
export interface DetectorFinding {
  type: string;
  start: number;
  end: number;
  rule: string;
}

/** A detector's finding as a verdict finding, the same on the host and in the extension's offline verdict. */
export const asFinding = (detector: string, score: number) => (d: DetectorFinding): Finding => ({
  detector, type: d.type, span: { start: d.start, end: d.end }, score, explain: `${d.type} (rule ${d.rule})`,
});

/** Shannon entropy in bits per character; used to tell random key material from words. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
