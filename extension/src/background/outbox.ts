import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InteractionEvaluateRequest } from '@vigil/shared';

/** One captured event waiting for the host to audit it. */
export interface OutboxEntry {
  /** Insertion order; the flush sends entries in this order. */
  key?: number;
  interaction: InteractionEvaluateRequest['interaction'];
  capture: NonNullable<InteractionEvaluateRequest['capture']>;
}

interface OutboxSchema extends DBSchema {
  events: { key: number; value: OutboxEntry };
}

/**
 * The IndexedDB outbox: every captured event is written here before anything else happens, and
 * removed only once the host has answered with the audit sequence number of its record. IndexedDB
 * outlives the service worker and the browser, so nothing captured is lost to a restart.
 */
export class Outbox {
  private db: Promise<IDBPDatabase<OutboxSchema>> | null = null;

  constructor(private readonly name = 'vigil-outbox') {}

  private open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.db ??= openDB<OutboxSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('events', { keyPath: 'key', autoIncrement: true });
      },
    });
    return this.db;
  }

  async add(entry: OutboxEntry): Promise<number> {
    return (await this.open()).add('events', entry);
  }

  /** The oldest entry, or undefined when the outbox is empty. */
  async first(): Promise<OutboxEntry | undefined> {
    const cursor = await (await this.open()).transaction('events').store.openCursor();
    return cursor?.value;
  }

  async remove(key: number): Promise<void> {
    await (await this.open()).delete('events', key);
  }

  /** Marks an entry as decided on-device, so the host knows it is a replay when it arrives. */
  async markOffline(key: number): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const entry = await tx.store.get(key);
    if (entry) await tx.store.put({ ...entry, capture: { ...entry.capture, offline: true } });
    await tx.done;
  }

  async count(): Promise<number> {
    return (await this.open()).count('events');
  }
}
