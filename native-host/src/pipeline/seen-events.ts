import { existsSync } from 'node:fs';
import type { DecisionReply } from '@vigil/shared';
import { databasePath } from '../audit/checkpoint-file.ts';
import { AuditReader } from '../audit/reader.ts';

export type StoredReply = Omit<DecisionReply, 'id'>;

/** How far back the daemon looks at start-up for decisions the extension may replay. */
const LOOKBACK_RECORDS = 5000;

/**
 * The extension's replies to recent capture events, read back from the audit chain at start-up, so
 * an outbox flushed after a daemon restart gets the recorded answers instead of a second decision
 * and a duplicate record. Only the last LOOKBACK_RECORDS records are read: outboxes flush within
 * minutes of a reconnect, and start-up must stay fast on a long chain.
 */
export function recentReplies(dataDir: string): Map<string, StoredReply> {
  const out = new Map<string, StoredReply>();
  const file = databasePath(dataDir);
  if (!existsSync(file)) return out;
  const reader = new AuditReader(file);
  try {
    const head = reader.count();
    for (let seq = Math.max(1, head - LOOKBACK_RECORDS + 1); seq <= head; seq++) {
      const rec = reader.get(seq);
      if (rec?.type !== 'interaction.decision' || !rec.body) continue;
      const body = JSON.parse(rec.body) as { capture?: { eventId?: string }; decision?: StoredReply['decision']; verdict?: StoredReply['verdict']; redacted?: StoredReply['redacted'] };
      const eventId = body.capture?.eventId;
      if (!eventId || !body.decision || !body.verdict) continue;
      out.set(eventId, { type: 'decision', decision: body.decision, verdict: body.verdict, ...(body.redacted ? { redacted: body.redacted } : {}), auditSeq: rec.seq });
    }
  } finally {
    reader.close();
  }
  return out;
}
