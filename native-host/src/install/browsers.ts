import { homedir } from 'node:os';
import { join } from 'node:path';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave'] as const;
export type Browser = (typeof BROWSERS)[number];

/** Where a browser looks for a native messaging host manifest, or the registry key on Windows. */
export type HostLocation = { kind: 'dir'; dir: string } | { kind: 'registry'; key: string; manifestDir: string };

const LINUX_DIRS: Record<Browser, string> = {
  chrome: '.config/google-chrome',
  chromium: '.config/chromium',
  edge: '.config/microsoft-edge',
  brave: '.config/BraveSoftware/Brave-Browser',
};
const MAC_DIRS: Record<Browser, string> = {
  chrome: 'Library/Application Support/Google/Chrome',
  chromium: 'Library/Application Support/Chromium',
  edge: 'Library/Application Support/Microsoft Edge',
  brave: 'Library/Application Support/BraveSoftware/Brave-Browser',
};
const WIN_KEYS: Record<Browser, string> = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
};

export function hostLocation(browser: Browser, hostName: string, dataDir: string, platform = process.platform, home = process.env.HOME || homedir()): HostLocation {
  if (platform === 'win32') return { kind: 'registry', key: `${WIN_KEYS[browser]}\\${hostName}`, manifestDir: join(dataDir, 'native-messaging', browser) };
  const base = platform === 'darwin' ? MAC_DIRS[browser] : LINUX_DIRS[browser];
  return { kind: 'dir', dir: join(home, base, 'NativeMessagingHosts') };
}
