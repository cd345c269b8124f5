import type { ChunkReply } from './messages.ts';

/** Chrome refuses host→browser messages over 1 MB; stay well below it (the chunk envelope adds bytes). */
export const MAX_HOST_MESSAGE_BYTES = 1024 * 1024;
export const CHUNK_DATA_CHARS = 256 * 1024;

/**
 * Splits a reply's JSON text into chunk messages when its UTF-8 size exceeds the limit. Slices are
 * counted in UTF-16 code units of at most CHUNK_DATA_CHARS, so even all-astral text stays under 1 MB
 * once encoded; a slice never splits a surrogate pair.
 */
export function chunkReply(id: number | string | null, json: string, limitBytes = MAX_HOST_MESSAGE_BYTES): string[] {
  if (utf8Length(json) <= limitBytes) return [json];
  const slices: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(start + CHUNK_DATA_CHARS, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    slices.push(json.slice(start, end));
    start = end;
  }
  return slices.map((data, index) => JSON.stringify({ id, type: 'chunk', index, count: slices.length, data } satisfies ChunkReply));
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Reassembles chunked replies; returns the parsed reply once every piece has arrived. */
export class ChunkAssembler {
  private readonly pending = new Map<string, { count: number; parts: (string | undefined)[]; received: number }>();

  /** Returns the full reply value when `chunk` completes one, else undefined. Throws on inconsistent chunks. */
  add(chunk: ChunkReply): unknown {
    const key = String(chunk.id);
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { count: chunk.count, parts: new Array<string | undefined>(chunk.count), received: 0 };
      this.pending.set(key, entry);
    }
    if (entry.count !== chunk.count || chunk.index >= chunk.count) {
      this.pending.delete(key);
      throw new Error(`inconsistent chunk ${chunk.index}/${chunk.count} for reply ${key}`);
    }
    if (entry.parts[chunk.index] === undefined) {
      entry.parts[chunk.index] = chunk.data;
      entry.received++;
    }
    if (entry.received < entry.count) return undefined;
    this.pending.delete(key);
    return JSON.parse(entry.parts.join(''));
  }
}
