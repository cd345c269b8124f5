import { z } from 'zod';

/**
 * User settings kept in chrome.storage.local, readable by every extension context (content scripts
 * included, so a per-site switch takes effect without a round trip).
 */
export const UserSite = z.object({
  /** An origin like `https://chat.example.org` or `http://127.0.0.1:8080`. */
  origin: z.string().max(2048),
  /** Which adapter finds the composer there; `generic` handles any textarea / contenteditable. */
  adapter: z.string().max(64),
});
export type UserSite = z.infer<typeof UserSite>;

export const Settings = z.object({
  /** Global switch: off removes the PAC routing and stops capture everywhere. */
  protection: z.boolean(),
  /** Site ids (built-in) or origins (user-added) where capture is off. */
  disabledSites: z.array(z.string()),
  userSites: z.array(UserSite),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { protection: true, disabledSites: [], userSites: [] };
const KEY = 'settings';

export async function readSettings(): Promise<Settings> {
  const stored = (await chrome.storage.local.get(KEY))[KEY];
  const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) });
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const next = Settings.parse(change(await readSettings()));
  await chrome.storage.local.set({ [KEY]: next });
  return next;
}

export function onSettingsChanged(listener: (s: Settings) => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && KEY in changes) void readSettings().then(listener);
  });
}

/** Whether capture runs for `siteKey` (a site id or a user-added origin). */
export const siteEnabled = (s: Settings, siteKey: string) => s.protection && !s.disabledSites.includes(siteKey);
