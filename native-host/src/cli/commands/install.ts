import { resolve } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { defaultDataDir } from '../../config/paths.ts';
import { BROWSERS, type Browser } from '../../install/browsers.ts';
import { install, uninstall } from '../../install/installer.ts';
import { hostPackageRoot } from '../../install/package-root.ts';
import { parseCommandArgs, type Command } from '../command.ts';

function parseBrowsers(value: string | undefined): Browser[] {
  if (!value || value === 'all') return [...BROWSERS];
  if ((BROWSERS as readonly string[]).includes(value)) return [value as Browser];
  throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `--browser must be one of ${BROWSERS.join(', ')} or all, got "${value}"`);
}

export const installCommand: Command = {
  name: 'install',
  summary: 'register the native messaging host with your browsers',
  help: `Usage: vigil install [--browser chrome|chromium|edge|brave|all] [--user-data-dir DIR] [--data-dir D]

Writes the launcher <data-dir>/bin/vigil-host and the native messaging host manifest
(com.vigil.host) where each browser looks for it (the registry on Windows). Safe to run again.
  --browser B         one browser, or all (default: all)
  --user-data-dir DIR write the manifest to DIR/NativeMessagingHosts/ (a browser profile root)
  --data-dir D        data directory; when given, the launcher is pinned to it`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { browser: { type: 'string' }, 'user-data-dir': { type: 'string' }, 'data-dir': { type: 'string' } });
    const browsers = parseBrowsers(values.browser);
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
    const result = await install({
      browsers,
      dataDir,
      pinDataDir: Boolean(values['data-dir']),
      ...(values['user-data-dir'] ? { userDataDir: resolve(values['user-data-dir']) } : {}),
    });
    const lines = [
      `Installed the Vigil native messaging host (com.vigil.host) for extension ${result.extensionId}.`,
      `  launcher  ${result.launcher}`,
      ...result.files.filter((f) => f !== result.launcher).map((f) => `  manifest  ${f}`),
      ...result.registryKeys.map((k) => `  registry  ${k}`),
      '',
      'Next: load the extension. Open chrome://extensions, turn on Developer mode, click',
      `"Load unpacked" and choose ${resolve(hostPackageRoot(), '..', 'dist', 'extension')} (built by "npm run build").`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};

export const uninstallCommand: Command = {
  name: 'uninstall',
  summary: 'remove everything "vigil install" wrote',
  help: `Usage: vigil uninstall [--data-dir D]

Removes the launcher, the host manifests and registry keys recorded by earlier installs.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { 'data-dir': { type: 'string' } });
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
    const removed = await uninstall(dataDir);
    const items = [...removed.files.map((f) => `  removed   ${f}`), ...removed.registryKeys.map((k) => `  removed   ${k}`)];
    process.stdout.write((items.length ? ['Uninstalled the Vigil native messaging host.', ...items] : ['Nothing to uninstall.']).join('\n') + '\n');
    return 0;
  },
};
