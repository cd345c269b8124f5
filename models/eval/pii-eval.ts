import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPii } from '@vigil/shared/detectors/index';
import { prf, type SpanPRF } from './metrics.ts';

/**
 * Span-level PII scoring on presidio-research's synthetic set. A predicted span counts as a true
 * positive when it overlaps a gold span of the same type (presidio's own evaluator is token-based;
 * overlap is the closest span-level equivalent and forgives trailing punctuation differences).
 */
const TYPE_MAP: Record<string, string> = {
  EMAIL_ADDRESS: 'email', PHONE_NUMBER: 'phone_number', CREDIT_CARD: 'credit_card', IBAN_CODE: 'iban', US_SSN: 'us_ssn', IP_ADDRESS: 'ip_address',
  STREET_ADDRESS: 'street_address',
};

interface Row { full_text: string; spans: { entity_type: string; start_position: number; end_position: number }[] }

export function evalPii(dataDir: string): Record<string, SpanPRF> {
  const rows = JSON.parse(readFileSync(join(dataDir, 'raw/presidio-research/data/synth_dataset_v2.json'), 'utf8')) as Row[];
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const t of Object.values(TYPE_MAP)) counts[t] = { tp: 0, fp: 0, fn: 0 };
  for (const row of rows) {
    const gold = row.spans.filter((s) => TYPE_MAP[s.entity_type]).map((s) => ({ type: TYPE_MAP[s.entity_type]!, start: s.start_position, end: s.end_position, hit: false }));
    for (const p of detectPii(row.full_text)) {
      const c = counts[p.type];
      if (!c) continue;
      const g = gold.find((x) => !x.hit && x.type === p.type && p.start < x.end && x.start < p.end);
      if (g) { g.hit = true; c.tp++; } else c.fp++;
    }
    for (const g of gold) if (!g.hit) counts[g.type]!.fn++;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, prf(c.tp, c.fp, c.fn)]));
}
