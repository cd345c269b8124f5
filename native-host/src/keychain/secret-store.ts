import { AsyncEntry } from '@napi-rs/keyring';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';

/**
 * Where Vigil keeps its private keys (audit signing key, CA key). The OS keychain when one works
 * (Secret Service on Linux, pinned so we never silently land in the kernel keyring, which does not
 * survive a reboot); otherwise 0600 files under `<data-dir>/keys/` with a warning the caller must
 * surface (print and record in the audit chain).
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'file';
  /** Set when the store is a fallback: why the keychain was not used. */
  readonly warning?: string;
  get(name: string): Promise<Buffer | null>;
  set(name: string, value: Uint8Array): Promise<void>;
  delete(name: string): Promise<boolean>;
}

const SERVICE = 'vigil';
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

export interface OpenSecretStoreOptions {
  dataDir: string;
  /** 'auto' (default) tries the keychain first; 'file' forces the file store; 'keychain' fails without one. */
  mode?: 'auto' | 'file' | 'keychain';
}

/** Opens the best store available. `VIGIL_KEYSTORE=file|keychain|auto` overrides the mode. */
export async function openSecretStore(opts: OpenSecretStoreOptions): Promise<SecretStore> {
  const envMode = process.env.VIGIL_KEYSTORE;
  const mode = opts.mode ?? (envMode === 'file' || envMode === 'keychain' ? envMode : 'auto');
  if (mode === 'file') return new FileSecretStore(opts.dataDir, 'file key store chosen by configuration');
  try {
    const store = new KeychainSecretStore(opts.dataDir);
    await store.probe();
    return store;
  } catch (err) {
    const reason = (err as Error).message || String(err);
    if (mode === 'keychain') {
      throw new VigilError(ErrorCodes.KEYCHAIN_UNAVAILABLE, `OS keychain unavailable: ${reason}`);
    }
    return new FileSecretStore(
      opts.dataDir,
      `OS keychain unavailable (${reason}); private keys are kept in 0600 files under ${join(opts.dataDir, 'keys')}`,
    );
  }
}

class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  /** Several data dirs (profiles, tests) can share one keychain: the account name is scoped to the dir. */
  private readonly scope: string;

  constructor(dataDir: string) {
    this.scope = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  }

  private entry(name: string): AsyncEntry {
    return new AsyncEntry(SERVICE, `${name}@${this.scope}`, ENTRY_OPTIONS);
  }

  async probe(): Promise<void> {
    // A read that reaches the store proves it is there and unlocked; a locked or absent one rejects.
    await this.entry('probe').getSecret();
  }

  async get(name: string): Promise<Buffer | null> {
    const secret = await this.entry(name).getSecret();
    return secret ? Buffer.from(secret) : null;
  }

  async set(name: string, value: Uint8Array): Promise<void> {
    await this.entry(name).setSecret(value);
  }

  async delete(name: string): Promise<boolean> {
    return this.entry(name).deleteCredential();
  }
}

class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  private readonly dir: string;

  constructor(dataDir: string, readonly warning: string) {
    this.dir = join(dataDir, 'keys');
  }

  private path(name: string): string {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new VigilError(ErrorCodes.INTERNAL, `bad key name "${name}"`);
    return join(this.dir, `${name}.key`);
  }

  async get(name: string): Promise<Buffer | null> {
    const path = this.path(name);
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new VigilError(ErrorCodes.KEY_FILE_INSECURE, `key file ${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it`, { path });
    }
    return readFile(path);
  }

  async set(name: string, value: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const path = this.path(name);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, value, { mode: 0o600 });
    await rename(tmp, path);
  }

  async delete(name: string): Promise<boolean> {
    const path = this.path(name);
    try {
      await stat(path);
    } catch {
      return false;
    }
    await rm(path);
    return true;
  }
}
