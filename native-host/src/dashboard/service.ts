import { createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_INTERCEPTED_HOSTS } from '../proxy/hosts.ts';
import { pacScript } from '../proxy/pac.ts';
import { AuditReader } from '../audit/reader.ts';
import { databasePath } from '../audit/checkpoint-file.ts';
import { nodeAuditCrypto, rawPublicKey } from '../audit/node-crypto.ts';
import { verifyChain } from '../verify/verify.ts';
import type { DaemonService, RequestHandlers, ServiceContext } from '../daemon/service.ts';
import { summarize } from './summarize.ts';
import type { DashboardEvent, EffectCounts } from '@vigil/shared';

/** Where the user's Cedar policy files live; shown read-only in the dashboard. */
export const policyDir = (dataDir: string) => join(dataDir, 'policies');

/** Never walk more than this many records for one answer: the dashboard must stay responsive on a big chain. */
const MAX_SCAN = 20_000;

/**
 * Answers the extension dashboard's read-only questions from the audit chain. Opens its own
 * read-only reader per request (SQLite WAL lets it read while the daemon's writer appends), so it
 * never contends with the writer's transaction.
 */
export class DashboardService implements DaemonService {
  readonly name = 'dashboard';
  private dataDir = '';

  async start(ctx: ServiceContext): Promise<void> {
    this.dataDir = ctx.options.dataDir;
  }

  async stop(): Promise<void> {}

  private withReader<T>(use: (reader: AuditReader | null) => T): T {
    const file = databasePath(this.dataDir);
    if (!existsSync(file)) return use(null);
    const reader = new AuditReader(file);
    try {
      return use(reader);
    } finally {
      reader.close();
    }
  }

  /** Newest-first walk from `before` (exclusive), summarised; stops when `keep` says so. */
  private walk(reader: AuditReader, before: number, visit: (event: DashboardEvent) => boolean): void {
    for (let seq = before - 1, scanned = 0; seq >= 1 && scanned < MAX_SCAN; seq--, scanned++) {
      const record = reader.get(seq);
      if (!record) continue;
      const event = summarize(record);
      if (event && !visit(event)) return;
    }
  }

  readonly handlers: RequestHandlers = {
    'dashboard.events': async (req) =>
      this.withReader((reader) => {
        const events: DashboardEvent[] = [];
        const headSeq = reader?.count() ?? 0;
        if (reader) this.walk(reader, Math.min(req.beforeSeq ?? headSeq + 1, headSeq + 1), (e) => events.push(e) < req.limit);
        return { id: req.id, type: 'dashboard.events', events, headSeq };
      }),

    'dashboard.summary': async (req) =>
      this.withReader((reader) => {
        const today: EffectCounts = { events: 0, allow: 0, warn: 0, redact: 0, block: 0 };
        const headSeq = reader?.count() ?? 0;
        if (reader) {
          this.walk(reader, headSeq + 1, (e) => {
            if (e.ts < req.since) return false;
            today.events++;
            if (e.effect) today[e.effect]++;
            return true;
          });
        }
        return { id: req.id, type: 'dashboard.summary', today, headSeq, chainId: reader?.meta.chainId ?? null };
      }),

    'dashboard.verify': async (req) => {
      const t0 = performance.now();
      const file = databasePath(this.dataDir);
      const checkedAt = new Date().toISOString();
      if (!existsSync(file)) {
        return { id: req.id, type: 'dashboard.verify', status: 'empty', records: 0, checkpoints: 0, latestCheckpoint: null, problem: null, warnings: [], checkedAt, ms: 0 };
      }
      const source = new AuditReader(file);
      try {
        const near = (name: string) => join(this.dataDir, name);
        const report = await verifyChain({
          source,
          sourceName: file,
          crypto: nodeAuditCrypto(),
          pinnedKeys: existsSync(near('audit-key.pub')) ? readPinnedKeys(near('audit-key.pub')) : null,
          checkpointNote: existsSync(near('checkpoint')) ? readFileSync(near('checkpoint'), 'utf8') : null,
          seen: null,
          // The daemon is serving other requests: check signatures on one worker, not every core.
          threads: 1,
        });
        return {
          id: req.id,
          type: 'dashboard.verify',
          status: report.status,
          records: report.records,
          checkpoints: report.checkpoints,
          latestCheckpoint: report.latestCheckpoint,
          problem: report.problem ? { seq: report.problem.seq, what: report.problem.what } : null,
          warnings: report.warnings,
          checkedAt,
          ms: Math.round(performance.now() - t0),
        };
      } finally {
        source.close();
      }
    },

    'dashboard.policy': async (req) => {
      const dir = policyDir(this.dataDir);
      const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cedar')).sort() : [];
      return { id: req.id, type: 'dashboard.policy', dir, files: names.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })) };
    },

    'routing.pac': async (req) => ({ id: req.id, type: 'routing.pac', script: pacScript(req.port, DEFAULT_INTERCEPTED_HOSTS), hosts: [...DEFAULT_INTERCEPTED_HOSTS] }),
  };
}

/** The chain's trusted public keys (PEM blocks in audit-key.pub, oldest first). */
function readPinnedKeys(file: string): Uint8Array[] {
  const blocks = readFileSync(file, 'utf8').match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  return blocks.map((pem) => rawPublicKey(createPublicKey(pem)));
}
