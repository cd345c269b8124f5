import { DecisionSchema, FindingSchema, VerdictSchema, type DashboardEvent } from '@vigil/shared';
import { RecordTypes, type AuditRecord } from '@vigil/shared/audit-format/index';
import { z } from 'zod';

/** Records that are bookkeeping of the chain itself, not something the user did. */
const HIDDEN_TYPES: ReadonlySet<string> = new Set([RecordTypes.chainStart, RecordTypes.keyRotation, RecordTypes.checkpoint, RecordTypes.keyStoreWarning]);

/**
 * The parts of an extension decision record the dashboard reads. Parsed leniently (unknown fields
 * pass) so a record written by a newer host still shows what it can.
 */
const DecisionBody = z.object({
  interaction: z.object({ provider: z.string(), endpoint: z.string().optional() }).partial().optional(),
  capture: z.object({ kind: z.string(), site: z.string(), offline: z.boolean().optional() }).partial().optional(),
  decision: DecisionSchema.partial().optional(),
  verdict: VerdictSchema.partial().extend({ findings: z.array(FindingSchema.partial().passthrough()).optional() }).optional(),
});

const ProxyBody = z.object({
  host: z.string(),
  method: z.string().optional(),
  path: z.string().optional(),
  provider: z.string().nullable().optional(),
  blocked: z.unknown().optional(),
});

const toFinding = (f: Record<string, unknown>) => FindingSchema.safeParse({ detector: '', type: '', score: 0, explain: '', ...f });

/** Turns one audit record into a timeline row; null for bookkeeping records. */
export function summarize(record: AuditRecord): DashboardEvent | null {
  if (HIDDEN_TYPES.has(record.type)) return null;
  const base = { seq: record.seq, ts: record.ts, recordType: record.type, policyIds: [], reasons: [], findings: [], scores: {}, explanations: [] };
  if (record.body === null) return { ...base, source: 'host', site: '—', action: record.type, erased: true };
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { ...base, source: 'host', site: '—', action: record.type };
  }
  if (record.type === 'proxy.exchange') {
    const p = ProxyBody.safeParse(body);
    if (!p.success) return { ...base, source: 'proxy', site: '—', action: record.type };
    const blocked = p.data.blocked !== null && p.data.blocked !== undefined;
    return {
      ...base,
      source: 'proxy',
      site: p.data.provider ?? p.data.host,
      action: `${p.data.method ?? ''} ${p.data.path ?? ''}`.trim() || record.type,
      effect: blocked ? 'block' : 'allow',
      reasons: blocked ? ['blocked by the proxy'] : [],
    };
  }
  const d = DecisionBody.safeParse(body);
  if (!d.success || (!d.data.decision && !d.data.capture)) return { ...base, source: 'host', site: '—', action: record.type };
  const { interaction, capture, decision, verdict } = d.data;
  const findings = (verdict?.findings ?? []).map(toFinding).flatMap((r) => (r.success ? [r.data] : []));
  return {
    ...base,
    source: capture ? 'extension' : 'proxy',
    site: capture?.site ?? interaction?.provider ?? '—',
    action: capture?.kind ?? record.type,
    ...(verdict?.risk !== undefined ? { risk: verdict.risk } : {}),
    ...(decision?.effect ? { effect: decision.effect } : {}),
    policyIds: decision?.policyIds ?? [],
    reasons: decision?.reasons ?? [],
    findings,
    scores: verdict?.scores ?? {},
    explanations: verdict?.explanations ?? [],
    ...(capture?.offline ? { offline: true } : {}),
  };
}
