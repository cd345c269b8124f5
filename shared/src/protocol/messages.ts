import { z } from 'zod';
import { Base, MessageId } from './base.ts';
import { DecisionReply, InteractionEvaluateRequest } from './interaction.ts';
import { AuditVerifyReply, AuditVerifyRequest, DashboardEventsReply, DashboardEventsRequest, DashboardSummaryReply, DashboardSummaryRequest, PolicyViewReply, PolicyViewRequest, RoutingPacReply, RoutingPacRequest } from './dashboard.ts';
import { PrivacyGetRequest, PrivacyPreviewReply, PrivacyPreviewRequest, PrivacyReply, PrivacySetRequest } from './privacy.ts';
import { AuditRotateKeyReply, AuditRotateKeyRequest } from './audit.ts';

/**
 * Messages between the extension (or any client) and the host. Every message is `{id, type, ...}`;
 * `v` is the protocol version and may be omitted by simple clients (then the current one is assumed).
 * Requests are validated by the host where they arrive; replies are validated by the extension.
 */

export const PingRequest = z.object({ ...Base, type: z.literal('ping') }).strict();
export const StatusRequest = z.object({ ...Base, type: z.literal('status') }).strict();

/**
 * The request types the host knows; anything else gets UNKNOWN_TYPE. Feature-specific requests live in
 * their own file next to this one (interaction.ts, ...) and are listed here, one per line.
 */
export const Request = z.discriminatedUnion('type', [
  PingRequest,
  StatusRequest,
  InteractionEvaluateRequest,
  PrivacyGetRequest,
  PrivacySetRequest,
  PrivacyPreviewRequest,
  DashboardEventsRequest,
  DashboardSummaryRequest,
  AuditVerifyRequest,
  PolicyViewRequest,
  RoutingPacRequest,
  AuditRotateKeyRequest,
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];
export const REQUEST_TYPES: readonly RequestType[] = Request.options.map((o) => o.shape.type.value);

const DaemonInfo = {
  version: z.string(),
  protocol: z.number().int(),
  pid: z.number().int(),
  uptimeMs: z.number().nonnegative(),
  startedAt: z.string(),
};

export const PongReply = z.object({ id: MessageId, type: z.literal('pong'), ...DaemonInfo });
export type PongReply = z.infer<typeof PongReply>;

export const StatusReply = z.object({
  id: MessageId,
  type: z.literal('status'),
  ...DaemonInfo,
  dataDir: z.string(),
  socket: z.string(),
  sessions: z.number().int().nonnegative(),
  proxyPort: z.number().int().optional(),
});
export type StatusReply = z.infer<typeof StatusReply>;

export const ErrorReply = z.object({
  id: MessageId.nullable(),
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
});
export type ErrorReply = z.infer<typeof ErrorReply>;

/**
 * One piece of a reply too large for Chrome's 1 MB host→browser limit. `data` is a slice of the
 * reply's JSON text; the receiver concatenates `count` pieces in `index` order and parses the result.
 */
export const ChunkReply = z.object({
  id: MessageId.nullable(),
  type: z.literal('chunk'),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  data: z.string(),
});
export type ChunkReply = z.infer<typeof ChunkReply>;

export const Reply = z.discriminatedUnion('type', [
  PongReply,
  StatusReply,
  ErrorReply,
  ChunkReply,
  DecisionReply,
  PrivacyReply,
  PrivacyPreviewReply,
  DashboardEventsReply,
  DashboardSummaryReply,
  AuditVerifyReply,
  PolicyViewReply,
  RoutingPacReply,
  AuditRotateKeyReply,
]);
export type Reply = z.infer<typeof Reply>;
