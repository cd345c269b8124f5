// System packages the test suite needs that npm cannot install: Debian's Chromium for the e2e tests,
// NSS tools to trust a CA in a browser profile, gnome-keyring + dbus for a real Secret Service,
// strace for the egress test.
// On a Debian machine where we are root, missing ones are installed with apt-get (saying so);
// elsewhere the suite stops with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  { pkg: 'chromium', probe: '/usr/bin/chromium' },
  { pkg: 'libnss3-tools', probe: '/usr/bin/certutil' },
  { pkg: 'gnome-keyring', probe: '/usr/bin/gnome-keyring-daemon' },
  { pkg: 'dbus-x11', probe: '/usr/bin/dbus-launch' },
  { pkg: 'dbus', probe: '/usr/bin/dbus-run-session' },
  // The egress test records every connect(2) of Vigil's processes.
  { pkg: 'strace', probe: '/usr/bin/strace' },
];

export function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !existsSync(p.probe)).map((p) => p.pkg);
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    process.stderr.write(`The tests need these system packages: ${missing.join(' ')}.\nInstall them, e.g.: sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`Installing system packages the tests need: ${missing.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}
