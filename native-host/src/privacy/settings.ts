import { readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { CHANNELS, PRIVACY_VERSION, type Channel } from './payloads.ts';

/**
 * The user's privacy choices, in `<data-dir>/privacy.json` (0600). Every channel is off until the user
 * turns it on, and a channel only sends while the user has accepted the current PRIVACY_VERSION:
 * after a payload change (version bump) everything stays quiet until they accept again.
 */
const ChannelSettings = z.object({ enabled: z.boolean(), endpoint: z.url().nullable() }).strict();
export const PrivacySettings = z
  .object({
    acceptedVersion: z.number().int().positive().nullable(),
    acceptedAt: z.string().nullable(),
    channels: z.object({ crash: ChannelSettings, telemetry: ChannelSettings, update: ChannelSettings }).strict(),
    /** How often the daemon sends a telemetry ping / checks for updates, in seconds. */
    telemetryIntervalS: z.number().int().min(1).max(30 * 86400),
    updateIntervalS: z.number().int().min(1).max(30 * 86400),
    /** The last update check's answer, shown by `vigil privacy status`. */
    latestVersion: z.string().nullable(),
  })
  .strict();
export type PrivacySettings = z.infer<typeof PrivacySettings>;

export const DEFAULT_SETTINGS: PrivacySettings = {
  acceptedVersion: null,
  acceptedAt: null,
  channels: { crash: { enabled: false, endpoint: null }, telemetry: { enabled: false, endpoint: null }, update: { enabled: false, endpoint: null } },
  telemetryIntervalS: 86400,
  updateIntervalS: 86400,
  latestVersion: null,
};

export function privacySettingsPath(dataDir: string): string {
  return join(dataDir, 'privacy.json');
}

/**
 * Reads the settings; a missing file means the defaults (all off). A file that does not parse is an
 * error rather than a silent reset: the caller decides, and senders treat it as "everything off".
 */
export function readPrivacySettings(dataDir: string): PrivacySettings {
  let text: string;
  try {
    text = readFileSync(privacySettingsPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(DEFAULT_SETTINGS);
    throw new VigilError(ErrorCodes.PRIVACY_SETTINGS_INVALID, `cannot read ${privacySettingsPath(dataDir)}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new VigilError(ErrorCodes.PRIVACY_SETTINGS_INVALID, `${privacySettingsPath(dataDir)} is not valid JSON: ${(err as Error).message}`);
  }
  const result = PrivacySettings.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new VigilError(ErrorCodes.PRIVACY_SETTINGS_INVALID, `${privacySettingsPath(dataDir)}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Settings a sender may trust: any problem reading them means nothing is sent. */
export function readPrivacySettingsOrOff(dataDir: string): PrivacySettings {
  try {
    return readPrivacySettings(dataDir);
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
}

export async function writePrivacySettings(dataDir: string, settings: PrivacySettings): Promise<void> {
  const path = privacySettingsPath(dataDir);
  PrivacySettings.parse(settings);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Written whole or not at all, so a crash mid-write never turns a channel on or off by accident.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export type ChannelState = 'on' | 'off' | 'needs-acceptance' | 'no-endpoint';

/** Why a channel does or does not send right now. Only 'on' sends. */
export function channelState(settings: PrivacySettings, channel: Channel, current = PRIVACY_VERSION): ChannelState {
  const c = settings.channels[channel];
  if (!c.enabled) return 'off';
  if (settings.acceptedVersion !== current) return 'needs-acceptance';
  if (!c.endpoint) return 'no-endpoint';
  return 'on';
}

export function enabledChannels(settings: PrivacySettings): Channel[] {
  return CHANNELS.filter((c) => channelState(settings, c) === 'on');
}

/** The one way settings change: turning a channel on is an explicit acceptance of the current PRIVACY.md. */
export function applyPrivacyChange(settings: PrivacySettings, change: PrivacyChange, now = new Date()): PrivacySettings {
  const next = structuredClone(settings);
  if (change.accept) {
    next.acceptedVersion = PRIVACY_VERSION;
    next.acceptedAt = now.toISOString();
  }
  for (const [channel, c] of Object.entries(change.channels ?? {}) as [Channel, ChannelChange][]) {
    if (c.endpoint !== undefined) next.channels[channel].endpoint = c.endpoint;
    if (c.enabled !== undefined) next.channels[channel].enabled = c.enabled;
    if (c.enabled && next.acceptedVersion !== PRIVACY_VERSION) {
      throw new VigilError(ErrorCodes.PRIVACY_NOT_ACCEPTED, `turning on "${channel}" needs acceptance of PRIVACY.md version ${PRIVACY_VERSION} first`);
    }
  }
  if (change.telemetryIntervalS !== undefined) next.telemetryIntervalS = change.telemetryIntervalS;
  if (change.updateIntervalS !== undefined) next.updateIntervalS = change.updateIntervalS;
  return PrivacySettings.parse(next);
}

export interface ChannelChange {
  enabled?: boolean;
  endpoint?: string | null;
}
export interface PrivacyChange {
  accept?: boolean;
  channels?: Partial<Record<Channel, ChannelChange>>;
  telemetryIntervalS?: number;
  updateIntervalS?: number;
}
