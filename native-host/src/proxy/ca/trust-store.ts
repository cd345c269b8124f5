import { execFileSync } from 'node:child_process';
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ErrorCodes, VigilError } from '@vigil/shared';

const NICK_PREFIX = 'Vigil Local CA';

/** What a trust operation did, in words the user can check. */
export interface TrustResult {
  done: string[];
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      const hint = cmd === 'certutil' && process.platform === 'linux' ? ' (install libnss3-tools)' : '';
      throw new VigilError(ErrorCodes.INSTALL_FAILED, `${cmd} not found${hint}`);
    }
    throw new VigilError(ErrorCodes.INSTALL_FAILED, `${cmd} ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`);
  }
}

function nick(certPath: string): string {
  const fp = new X509Certificate(readFileSync(certPath)).fingerprint256.replace(/:/g, '').slice(0, 12).toLowerCase();
  return `${NICK_PREFIX} ${fp}`;
}

/** Linux: the user's NSS database, which Chrome and Chromium read. */
function nssDb(home: string): string {
  const dir = join(home, '.pki', 'nssdb');
  if (!existsSync(join(dir, 'cert9.db'))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  }
  return `sql:${dir}`;
}

function nssVigilNicks(db: string): string[] {
  return run('certutil', ['-L', '-d', db])
    .split('\n')
    .map((l) => /^(Vigil Local CA[^\s]*(?: [0-9a-f]+)?)\s/.exec(l)?.[1])
    .filter((n): n is string => Boolean(n));
}

export function trustCa(certPath: string, home = process.env.HOME ?? homedir()): TrustResult {
  const name = nick(certPath);
  if (process.platform === 'linux') {
    const db = nssDb(home);
    run('certutil', ['-A', '-d', db, '-n', name, '-t', 'C,,', '-i', certPath]);
    return { done: [`added "${name}" to the NSS database ${db} as a trusted TLS issuer (Chrome/Chromium read it; restart the browser)`] };
  }
  if (process.platform === 'darwin') {
    const kc = join(home, 'Library', 'Keychains', 'login.keychain-db');
    run('security', ['add-trusted-cert', '-r', 'trustRoot', '-p', 'ssl', '-k', kc, certPath]);
    return { done: [`added ${certPath} to the login keychain ${kc}, trusted for SSL`] };
  }
  if (process.platform === 'win32') {
    run('certutil', ['-user', '-addstore', 'Root', certPath]);
    return { done: [`added ${certPath} to the current user's Trusted Root Certification Authorities store`] };
  }
  throw new VigilError(ErrorCodes.UNSUPPORTED_PLATFORM, `no trust store support on ${process.platform}`);
}

/** Removes this CA and any earlier Vigil CA (re-issued when the intercepted list changed). */
export function untrustCa(certPath: string, home = process.env.HOME ?? homedir()): TrustResult {
  if (process.platform === 'linux') {
    const db = nssDb(home);
    const names = nssVigilNicks(db);
    for (const n of names) run('certutil', ['-D', '-d', db, '-n', n]);
    return { done: names.length ? names.map((n) => `removed "${n}" from the NSS database ${db}`) : [`no Vigil CA was in the NSS database ${db}`] };
  }
  const sha1 = new X509Certificate(readFileSync(certPath)).fingerprint.replace(/:/g, '');
  if (process.platform === 'darwin') {
    const kc = join(home, 'Library', 'Keychains', 'login.keychain-db');
    run('security', ['delete-certificate', '-Z', sha1, kc]);
    return { done: [`removed the certificate with SHA-1 ${sha1} from the login keychain ${kc}`] };
  }
  if (process.platform === 'win32') {
    run('certutil', ['-user', '-delstore', 'Root', sha1]);
    return { done: [`removed the certificate with SHA-1 ${sha1} from the current user's Root store`] };
  }
  throw new VigilError(ErrorCodes.UNSUPPORTED_PLATFORM, `no trust store support on ${process.platform}`);
}
