import { z } from 'zod';
import { Base, MessageId } from './base.ts';
import { DecisionSchema, FindingSchema, VerdictSchema } from './interaction.ts';

/**
 * What the extension's dashboard (side panel) and popup ask the host: audit-chain events summarised
 * for display, today's counts, a verification of the chain, the active policy, and the PAC script
 * that routes AI-provider hosts to the local proxy. All read-only: none of these writes anything.
 */

/** One audit record as the dashboard shows it. Fields the record does not carry are absent. */
export const DashboardEvent = z.object({
  seq: z.number().int().nonnegative(),
  /** Milliseconds since the epoch, as recorded in the chain. */
  ts: z.number(),
  /** The audit record type, e.g. `interaction.decision` or `proxy.exchange`. */
  recordType: z.string(),
  source: z.enum(['extension', 'proxy', 'host']),
  /** Site id (extension) or provider id / host (proxy). */
  site: z.string(),
  /** Capture kind (paste, submit, ...) or the proxy's method + path. */
  action: z.string(),
  risk: z.number().optional(),
  effect: DecisionSchema.shape.effect.optional(),
  policyIds: z.array(z.string()),
  reasons: z.array(z.string()),
  findings: z.array(FindingSchema),
  scores: VerdictSchema.shape.scores,
  explanations: z.array(z.string()),
  /** True when the extension decided on-device while the host was unreachable and replayed it later. */
  offline: z.boolean().optional(),
  /** The content was erased from the chain (its hash stays). */
  erased: z.boolean().optional(),
});
export type DashboardEvent = z.infer<typeof DashboardEvent>;

export const DashboardEventsRequest = z
  .object({
    ...Base,
    type: z.literal('dashboard.events'),
    /** Only records with seq below this (paging backwards); omitted = from the newest. */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().positive().max(1000),
  })
  .strict();
export type DashboardEventsRequest = z.infer<typeof DashboardEventsRequest>;

export const DashboardEventsReply = z.object({
  id: MessageId,
  type: z.literal('dashboard.events'),
  /** Newest first. Checkpoints and other bookkeeping records are left out. */
  events: z.array(DashboardEvent),
  headSeq: z.number().int().nonnegative(),
});
export type DashboardEventsReply = z.infer<typeof DashboardEventsReply>;

export const EffectCounts = z.object({
  events: z.number().int().nonnegative(),
  allow: z.number().int().nonnegative(),
  warn: z.number().int().nonnegative(),
  redact: z.number().int().nonnegative(),
  block: z.number().int().nonnegative(),
});
export type EffectCounts = z.infer<typeof EffectCounts>;

export const DashboardSummaryRequest = z
  .object({
    ...Base,
    type: z.literal('dashboard.summary'),
    /** Start of "today" in the user's time zone, ms since the epoch (the host does not know the browser's zone). */
    since: z.number(),
  })
  .strict();
export type DashboardSummaryRequest = z.infer<typeof DashboardSummaryRequest>;

export const DashboardSummaryReply = z.object({
  id: MessageId,
  type: z.literal('dashboard.summary'),
  today: EffectCounts,
  headSeq: z.number().int().nonnegative(),
  chainId: z.string().nullable(),
});
export type DashboardSummaryReply = z.infer<typeof DashboardSummaryReply>;

export const AuditVerifyRequest = z.object({ ...Base, type: z.literal('dashboard.verify') }).strict();
export type AuditVerifyRequest = z.infer<typeof AuditVerifyRequest>;

export const AuditVerifyReply = z.object({
  id: MessageId,
  type: z.literal('dashboard.verify'),
  status: z.enum(['intact', 'tampered', 'empty']),
  records: z.number().int().nonnegative(),
  checkpoints: z.number().int().nonnegative(),
  latestCheckpoint: z.object({ size: z.number().int(), rootHash: z.string() }).nullable(),
  problem: z.object({ seq: z.number().int().nullable(), what: z.string() }).nullable(),
  warnings: z.array(z.string()),
  checkedAt: z.string(),
  ms: z.number(),
});
export type AuditVerifyReply = z.infer<typeof AuditVerifyReply>;

export const PolicyViewRequest = z.object({ ...Base, type: z.literal('dashboard.policy') }).strict();
export type PolicyViewRequest = z.infer<typeof PolicyViewRequest>;

export const PolicyViewReply = z.object({
  id: MessageId,
  type: z.literal('dashboard.policy'),
  /** Where the policy files live, for the user to edit them. */
  dir: z.string(),
  files: z.array(z.object({ name: z.string(), text: z.string() })),
});
export type PolicyViewReply = z.infer<typeof PolicyViewReply>;

/** The PAC script for the proxy on `port`: only AI-provider hosts go to 127.0.0.1:port, the rest DIRECT. */
export const RoutingPacRequest = z.object({ ...Base, type: z.literal('routing.pac'), port: z.number().int().min(1).max(65535) }).strict();
export type RoutingPacRequest = z.infer<typeof RoutingPacRequest>;

export const RoutingPacReply = z.object({
  id: MessageId,
  type: z.literal('routing.pac'),
  script: z.string(),
  hosts: z.array(z.string()),
});
export type RoutingPacReply = z.infer<typeof RoutingPacReply>;
