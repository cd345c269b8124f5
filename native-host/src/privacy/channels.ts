import { rmSync } from 'node:fs';
import type { Logger } from '../log/logger.ts';
import type { DaemonMetrics } from '../metrics/metrics.ts';
import { buildCrashReport, pendingCrashReports, saveCrashReport, type CrashKind, type ProcessKind } from './crash-report.ts';
import { outgoing, send, type Outgoing } from './egress.ts';
import type { Channel } from './payloads.ts';
import { channelState, readPrivacySettingsOrOff, writePrivacySettings, type PrivacySettings } from './settings.ts';
import { telemetryPing } from './telemetry.ts';
import { parseUpdateAnswer, updateCheckRequest } from './update-check.ts';

/**
 * What each opt-in channel does, built on the one egress door. Every function re-reads the settings
 * first, so turning a channel off takes effect before its next send, in every process.
 */

function endpointIfOn(settings: PrivacySettings, channel: Channel): string | null {
  return channelState(settings, channel) === 'on' ? settings.channels[channel].endpoint : null;
}

/** Exactly the requests the enabled channels would send next (what `vigil privacy show` prints). */
export function nextRequests(dataDir: string, metrics: DaemonMetrics | null): Outgoing[] {
  const settings = readPrivacySettingsOrOff(dataDir);
  const out: Outgoing[] = [];
  const crash = endpointIfOn(settings, 'crash');
  if (crash) for (const p of pendingCrashReports(dataDir)) if (p.report) out.push(outgoing('crash', crash, p.report));
  const telemetry = endpointIfOn(settings, 'telemetry');
  // Without a running daemon the next ping starts from zero: that is what the next daemon would send.
  if (telemetry) out.push(outgoing('telemetry', telemetry, telemetryPing(metrics?.snapshot() ?? { since: Date.now(), requests: 0, totalLatencyMs: 0, modelStatus: 'not-loaded' })));
  const update = endpointIfOn(settings, 'update');
  if (update) out.push(outgoing('update', update, updateCheckRequest()));
  return out;
}

const ok = (status: number) => status >= 200 && status < 300;

/** Sends saved crash reports (oldest first) and deletes each one the endpoint accepted. Returns how many were sent. */
export async function flushCrashReports(dataDir: string, log: Logger): Promise<number> {
  const endpoint = endpointIfOn(readPrivacySettingsOrOff(dataDir), 'crash');
  if (!endpoint) return 0;
  let sent = 0;
  for (const p of pendingCrashReports(dataDir)) {
    if (!p.report) continue;
    const answer = await send(outgoing('crash', endpoint, p.report));
    if (!ok(answer.status)) {
      log.warn('crash report endpoint refused a report; keeping it', { status: answer.status });
      break;
    }
    rmSync(p.file, { force: true });
    sent++;
  }
  return sent;
}

export async function sendTelemetry(dataDir: string, metrics: DaemonMetrics, log: Logger): Promise<boolean> {
  const endpoint = endpointIfOn(readPrivacySettingsOrOff(dataDir), 'telemetry');
  if (!endpoint) return false;
  const snap = metrics.snapshot();
  const answer = await send(outgoing('telemetry', endpoint, telemetryPing(snap)));
  if (!ok(answer.status)) {
    log.warn('telemetry endpoint refused the ping', { status: answer.status });
    return false;
  }
  metrics.reported(snap);
  return true;
}

/** Asks the update endpoint for the latest version and remembers the answer. Returns it, or null when off. */
export async function checkForUpdate(dataDir: string): Promise<string | null> {
  const settings = readPrivacySettingsOrOff(dataDir);
  const endpoint = endpointIfOn(settings, 'update');
  if (!endpoint) return null;
  const answer = await send(outgoing('update', endpoint, updateCheckRequest()));
  const latest = parseUpdateAnswer(answer.body);
  // Re-read: the user may have changed something while the request was out.
  const current = readPrivacySettingsOrOff(dataDir);
  if (current.latestVersion !== latest) await writePrivacySettings(dataDir, { ...current, latestVersion: latest });
  return latest;
}

/**
 * Saves a crash report for a fatal error and, if the crash channel is on, tries to send it (bounded
 * wait) before the process exits. What cannot be sent now is sent by the next daemon start.
 */
export async function reportCrash(dataDir: string, thrown: unknown, kind: CrashKind, processKind: ProcessKind, log: Logger): Promise<void> {
  const report = buildCrashReport(thrown, kind, processKind);
  saveCrashReport(dataDir, report);
  const endpoint = endpointIfOn(readPrivacySettingsOrOff(dataDir), 'crash');
  if (!endpoint) return;
  await Promise.race([flushCrashReports(dataDir, log).catch(() => 0), new Promise((r) => setTimeout(r, 3000).unref())]);
}

/** Installs the fatal-error handlers of a long-running Vigil process. Exit code 70 (EX_SOFTWARE). */
export function installCrashHandler(dataDir: string, processKind: ProcessKind, log: Logger): void {
  let handling = false;
  const onFatal = (kind: CrashKind) => (thrown: unknown) => {
    if (handling) return;
    handling = true;
    log.error('fatal error; writing a crash report', { kind, error: String((thrown as Error)?.stack ?? thrown) });
    void reportCrash(dataDir, thrown, kind, processKind, log)
      .catch((err: unknown) => log.error('could not write the crash report', { error: String(err) }))
      .finally(() => process.exit(70));
  };
  process.on('uncaughtException', onFatal('uncaughtException'));
  process.on('unhandledRejection', onFatal('unhandledRejection'));
}
