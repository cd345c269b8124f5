import { PROTOCOL_VERSION, type PrivacyReply } from '@vigil/shared';
import type { DaemonService, RequestHandlers, ServiceContext } from '../daemon/service.ts';
import { checkForUpdate, flushCrashReports, nextRequests, sendTelemetry } from './channels.ts';
import { formatOutgoing } from './egress.ts';
import { CHANNELS, PRIVACY_VERSION } from './payloads.ts';
import { applyPrivacyChange, channelState, readPrivacySettings, readPrivacySettingsOrOff, writePrivacySettings, type PrivacyChange, type PrivacySettings } from './settings.ts';

/** The privacy state as the popup and `vigil privacy status` show it. */
export function privacyView(settings: PrivacySettings): Omit<PrivacyReply, 'id' | 'type'> {
  const channels = Object.fromEntries(
    CHANNELS.map((c) => [c, { enabled: settings.channels[c].enabled, endpoint: settings.channels[c].endpoint, state: channelState(settings, c) }]),
  ) as PrivacyReply['channels'];
  return { version: PRIVACY_VERSION, acceptedVersion: settings.acceptedVersion, channels, latestVersion: settings.latestVersion };
}

/**
 * Runs the opt-in channels inside the daemon: sends saved crash reports at start, a telemetry ping
 * and an update check on their intervals — each only while the user has it on — and answers the
 * popup's privacy requests. Every settings change is an audit record.
 */
export class PrivacyService implements DaemonService {
  readonly name = 'privacy';
  /** The pending timer of each periodic channel (telemetry, update), replaced at every tick. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private ctx: ServiceContext | null = null;

  async start(ctx: ServiceContext): Promise<void> {
    this.ctx = ctx;
    const { dataDir } = ctx.options;
    const settings = readPrivacySettingsOrOff(dataDir);
    // One record per start of what the user has chosen, so the chain shows which PRIVACY.md version was in force.
    await ctx.audit?.append('privacy.settings', { reason: 'daemon start', ...privacyView(settings) });
    this.guard('crash', () => flushCrashReports(dataDir, ctx.log));
    this.every(() => readPrivacySettingsOrOff(dataDir).telemetryIntervalS, 'telemetry', () => sendTelemetry(dataDir, ctx.metrics, ctx.log));
    this.every(() => readPrivacySettingsOrOff(dataDir).updateIntervalS, 'update', () => checkForUpdate(dataDir));
  }

  async stop(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  readonly handlers: RequestHandlers = {
    'privacy.get': async (r) => ({ id: r.id, type: 'privacy', ...privacyView(readPrivacySettingsOrOff(this.context.options.dataDir)) }),
    'privacy.set': async (r) => {
      const change: PrivacyChange = { ...(r.accept !== undefined ? { accept: r.accept } : {}), ...(r.channels ? { channels: r.channels } : {}) };
      const view = await changePrivacySettings(this.context.options.dataDir, change, this.context.audit, 'native messaging');
      return { id: r.id, type: 'privacy', ...view };
    },
    'privacy.preview': async (r) => ({
      id: r.id,
      type: 'privacy.preview',
      requests: nextRequests(this.context.options.dataDir, this.context.metrics).map((o) => ({ channel: o.channel, url: o.url.href, bytes: formatOutgoing(o).toString('utf8') })),
    }),
  };

  private get context(): ServiceContext {
    if (!this.ctx) throw new Error('privacy service not started');
    return this.ctx;
  }

  private guard(what: string, fn: () => Promise<unknown>): void {
    fn().catch((err: Error) => this.ctx?.log.warn(`${what} channel: ${err.message}`, { code: (err as { code?: string }).code }));
  }

  /** Runs fn every interval seconds (read fresh each time, so a settings change applies at the next tick). */
  private every(interval: () => number, what: string, fn: () => Promise<unknown>): void {
    const schedule = () => {
      const t = setTimeout(() => {
        this.guard(what, fn);
        schedule();
      }, interval() * 1000);
      t.unref();
      this.timers.set(what, t);
    };
    schedule();
  }
}

/** Applies one user choice to the settings file and audits it. Used by the daemon and by the CLI when no daemon runs. */
export async function changePrivacySettings(dataDir: string, change: PrivacyChange, audit: { append(type: string, body: unknown): Promise<number> } | null, via: string) {
  const next = applyPrivacyChange(readPrivacySettings(dataDir), change);
  await writePrivacySettings(dataDir, next);
  const view = privacyView(next);
  await audit?.append('settings.change', { area: 'privacy', via, change, result: view, protocol: PROTOCOL_VERSION });
  return view;
}
