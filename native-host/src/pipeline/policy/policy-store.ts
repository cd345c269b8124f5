import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isVigilError } from '@vigil/shared';
import { readSettings, type PolicySettings } from '../settings.ts';
import { DEFAULT_PACK_DIR, readPolicyFiles, readSchema } from './policy-files.ts';
import { compilePolicySet, type CompiledPolicySet, type PolicyProblem } from './policy-set.ts';

export interface ActivePolicy {
  set: CompiledPolicySet;
  settings: PolicySettings;
  dir: string;
}

export type ReloadEvent =
  | { ok: true; hash: string; files: string[]; policyIds: string[] }
  | { ok: false; message: string; problems: PolicyProblem[]; keptHash: string | null };

/**
 * The policy folder the daemon runs: compiled at start, recompiled when a file in it changes. A new
 * set replaces the running one only if every file parses and validates; otherwise the previous set
 * keeps running and the rejection (with Cedar's error, file and line) is reported to `onReload`.
 */
export class PolicyStore {
  private active: ActivePolicy | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<ReloadEvent> | null = null;
  private queued: Promise<ReloadEvent> | null = null;

  constructor(
    readonly dir: string,
    private readonly onReload: (event: ReloadEvent) => void,
  ) {}

  get current(): ActivePolicy {
    if (!this.active) throw new Error('policy store not loaded');
    return this.active;
  }

  /** The running set, or null before the first load finished. */
  get loaded(): ActivePolicy | null {
    return this.active;
  }

  /** First load: seeds an empty folder with the default pack; a folder that does not compile falls back to the default pack. */
  async load(): Promise<ReloadEvent> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (!(await readdir(this.dir)).some((n) => n.endsWith('.cedar'))) {
      for (const name of await readdir(DEFAULT_PACK_DIR)) if (name.endsWith('.cedar')) await copyFile(join(DEFAULT_PACK_DIR, name), join(this.dir, name));
    }
    const event = await this.reload();
    if (!event.ok) {
      // No previous set to keep at start-up: run the shipped pack (known to compile) until the files are fixed.
      const [files, schema] = await Promise.all([readPolicyFiles(DEFAULT_PACK_DIR), readSchema()]);
      this.active = { set: compilePolicySet(files, schema), settings: await readSettings(this.dir).catch(() => readSettings(DEFAULT_PACK_DIR)), dir: DEFAULT_PACK_DIR };
    }
    return event;
  }

  /** Watches the folder; changes are debounced (editors write a file in several steps). */
  watch(debounceMs = 150): void {
    this.watcher = watch(this.dir, () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), debounceMs);
    });
    this.watcher.on('error', () => undefined);
  }

  /**
   * Recompiles the folder. A call while a run is in flight gets a run that starts after it, since the
   * files may have changed after the running one read them; further calls meanwhile share that run.
   */
  reload(): Promise<ReloadEvent> {
    if (this.reloading) {
      this.queued ??= this.reloading.then(() => {
        this.queued = null;
        return this.reload();
      });
      return this.queued;
    }
    this.reloading = this.compile().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async compile(): Promise<ReloadEvent> {
    let event: ReloadEvent;
    try {
      const [files, schema, settings] = await Promise.all([readPolicyFiles(this.dir), readSchema(), readSettings(this.dir)]);
      const set = compilePolicySet(files, schema);
      this.active = { set, settings, dir: this.dir };
      event = { ok: true, hash: set.hash, files: set.files, policyIds: [...set.policies.keys()] };
    } catch (err) {
      const problems = isVigilError(err) ? ((err.evidence?.problems as PolicyProblem[] | undefined) ?? []) : [];
      event = { ok: false, message: (err as Error).message, problems, keptHash: this.active?.set.hash ?? null };
    }
    this.onReload(event);
    return event;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
  }
}
