import { z } from 'zod';
import { Base, MessageId } from './base.ts';

/**
 * Schemas for `Interaction`, `Verdict` and `Decision` as they cross the extension ↔ host boundary
 * (see types.ts for the plain types; these must stay assignable to them). Sizes are bounded so one
 * message cannot exhaust the host: 4 MB of text per interaction is far above any chat composer.
 */
const Text = z.string().max(4 * 1024 * 1024);
const Name = z.string().max(512);

export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
    text: Text,
    toolCalls: z.array(z.object({ id: Name.optional(), name: Name, arguments: Text }).strict()).max(256).optional(),
    toolCallId: Name.optional(),
  })
  .strict();

export const AttachmentSchema = z
  .object({ name: Name, mime: Name.optional(), size: z.number().int().nonnegative(), text: Text.optional() })
  .strict();

export const InteractionSchema = z
  .object({
    id: Name,
    ts: z.string().max(64),
    source: z.enum(['proxy', 'extension']),
    provider: Name,
    endpoint: z.string().max(2048),
    messages: z.array(ChatMessageSchema).max(4096),
    tools: z.array(z.object({ name: Name, description: z.string().max(16384).optional() }).strict()).max(512),
    attachments: z.array(AttachmentSchema).max(64),
    streamed: z.boolean(),
  })
  .strict();

/**
 * How the extension captured an interaction. `kind` says which user gesture produced it: text pasted
 * or dropped into the composer is scored before the user sends it; `submit` is the send itself.
 * `eventId` is the outbox key: the host treats a repeated eventId as the same event (idempotent
 * flush after a reconnect), and `createdAt` is when the event happened, not when it was flushed.
 */
export const CaptureSchema = z
  .object({
    kind: z.enum(['typed', 'paste', 'drop', 'file', 'submit']),
    site: Name,
    url: z.string().max(2048).optional(),
    eventId: Name,
    createdAt: z.string().max(64),
    /** True when the event was created while the host was unreachable and is being replayed. */
    offline: z.boolean().optional(),
  })
  .strict();

export const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).strict();

export const FindingSchema = z
  .object({ detector: Name, type: Name, span: SpanSchema.optional(), score: z.number(), explain: z.string().max(4096) })
  .strict();

export const VerdictSchema = z
  .object({
    risk: z.number().min(0).max(100),
    findings: z.array(FindingSchema),
    scores: z.object({ iforest: z.number().optional(), lstm: z.number().optional(), bayes: z.number().optional(), cusum: z.number().optional() }).strict(),
    explanations: z.array(z.string()),
  })
  .strict();

export const DecisionSchema = z
  .object({ effect: z.enum(['allow', 'warn', 'redact', 'block']), policyIds: z.array(z.string()), reasons: z.array(z.string()) })
  .strict();

/** The extension asks the host to decide about one captured interaction; the host audits it before replying. */
export const InteractionEvaluateRequest = z
  .object({ ...Base, type: z.literal('interaction.evaluate'), interaction: InteractionSchema, capture: CaptureSchema.optional() })
  .strict();
export type InteractionEvaluateRequest = z.infer<typeof InteractionEvaluateRequest>;

/**
 * The host's answer: the decision, the verdict it rests on, and (for redact) the redacted text of each
 * message, so the extension can replace the composer's content without re-implementing redaction.
 * `auditSeq` is the sequence number of the durable audit record holding this decision.
 */
export const DecisionReply = z.object({
  id: MessageId,
  type: z.literal('decision'),
  decision: DecisionSchema,
  verdict: VerdictSchema,
  redacted: z.array(z.object({ messageIndex: z.number().int().nonnegative(), text: z.string() }).strict()).optional(),
  auditSeq: z.number().int().nonnegative(),
});
export type DecisionReply = z.infer<typeof DecisionReply>;
