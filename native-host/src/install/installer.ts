import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, NATIVE_HOST_NAME, VigilError } from '@vigil/shared';
import { hostLocation, type Browser } from './browsers.ts';
import { extensionIdFromKey } from './extension-id.ts';
import { hostPackageRoot } from './package-root.ts';

export interface InstallOptions {
  browsers: Browser[];
  /** Write into `DIR/NativeMessagingHosts/` of this browser profile root instead of the browsers' own places. */
  userDataDir?: string;
  dataDir: string;
  /** Bake `VIGIL_HOME` into the launcher, so the browser's host uses this data dir whatever its environment. */
  pinDataDir: boolean;
}

/** What an install wrote, kept in `<data-dir>/install.json` so uninstall removes exactly that. */
interface InstallRecord {
  files: string[];
  registryKeys: string[];
}

export interface InstallResult extends InstallRecord {
  extensionId: string;
  launcher: string;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function launcherScript(platform: string, hostBin: string, dataDir: string | null): string {
  // Chrome starts hosts with a minimal environment: use absolute paths for node and the entry point.
  if (platform === 'win32') {
    const lines = ['@echo off', ...(dataDir ? [`set "VIGIL_HOME=${dataDir}"`] : []), `"${process.execPath}" "${hostBin}" %*`];
    return lines.join('\r\n') + '\r\n';
  }
  const lines = ['#!/bin/sh', ...(dataDir ? [`VIGIL_HOME=${shQuote(dataDir)}; export VIGIL_HOME`] : []), `exec ${shQuote(process.execPath)} ${shQuote(hostBin)} "$@"`];
  return lines.join('\n') + '\n';
}

async function readRecord(path: string): Promise<InstallRecord> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as InstallRecord;
  } catch {
    return { files: [], registryKeys: [] };
  }
}

/** Writes the launcher and one host manifest per target. Idempotent: running it again rewrites the same files. */
export async function install(opts: InstallOptions, platform = process.platform): Promise<InstallResult> {
  const extensionId = extensionIdFromKey();
  const binDir = join(opts.dataDir, 'bin');
  const launcher = join(binDir, platform === 'win32' ? 'vigil-host.bat' : 'vigil-host');
  const hostBin = join(hostPackageRoot(), 'bin', 'vigil-host.mjs');
  const manifest = {
    name: NATIVE_HOST_NAME,
    description: 'Vigil local AI security host',
    path: launcher,
    type: 'stdio',
    allowed_origins: [`chrome-extension://${extensionId}/`],
  };
  const record = await readRecord(join(opts.dataDir, 'install.json'));
  const files = new Set(record.files);
  const registryKeys = new Set(record.registryKeys);
  try {
    await mkdir(binDir, { recursive: true, mode: 0o700 });
    await writeFile(launcher, launcherScript(platform, hostBin, opts.pinDataDir ? opts.dataDir : null), { mode: 0o755 });
    await chmod(launcher, 0o755);
    files.add(launcher);
    const targets = opts.userDataDir
      ? [{ kind: 'dir' as const, dir: join(opts.userDataDir, 'NativeMessagingHosts') }]
      : opts.browsers.map((b) => hostLocation(b, NATIVE_HOST_NAME, opts.dataDir, platform));
    for (const target of targets) {
      const dir = target.kind === 'dir' ? target.dir : target.manifestDir;
      const file = join(dir, `${NATIVE_HOST_NAME}.json`);
      await mkdir(dir, { recursive: true });
      await writeFile(file, JSON.stringify(manifest, null, 2) + '\n');
      files.add(file);
      if (target.kind === 'registry') {
        execFileSync('reg', ['add', target.key, '/ve', '/t', 'REG_SZ', '/d', file, '/f'], { stdio: 'ignore' });
        registryKeys.add(target.key);
      }
    }
  } catch (err) {
    throw new VigilError(ErrorCodes.INSTALL_FAILED, `install failed: ${(err as Error).message}`);
  }
  const result = { files: [...files], registryKeys: [...registryKeys] };
  await writeFile(join(opts.dataDir, 'install.json'), JSON.stringify(result, null, 2) + '\n', { mode: 0o600 });
  return { ...result, extensionId, launcher };
}

/** Removes everything previous installs recorded. Returns what it removed. */
export async function uninstall(dataDir: string): Promise<InstallRecord> {
  const recordPath = join(dataDir, 'install.json');
  const record = await readRecord(recordPath);
  for (const file of record.files) await rm(file, { force: true });
  for (const key of record.registryKeys) {
    try {
      execFileSync('reg', ['delete', key, '/f'], { stdio: 'ignore' });
    } catch {
      // Already gone: uninstall is idempotent.
    }
  }
  await rm(recordPath, { force: true });
  return record;
}
