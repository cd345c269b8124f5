export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental text/event-stream parser (WHATWG rules: lines end in LF, CRLF or CR; `:` lines are
 * comments — OpenRouter sends `: OPENROUTER PROCESSING`; an empty line dispatches). Keeps only the
 * unfinished line between writes.
 */
export class SseParser {
  private partial = '';
  private data: string[] = [];
  private event = '';

  constructor(private readonly onEvent: (ev: SseEvent) => void) {}

  write(text: string): void {
    const all = this.partial + text;
    const lines = all.split(/\r\n|\r|\n/);
    // A trailing CR may be the first half of CRLF: keep it with the partial line.
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    this.line('');
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}

/** Parses JSON, or returns undefined for anything that is not JSON (e.g. `[DONE]`). */
export function tryJson(text: string): unknown {
  // Sentinels like `[DONE]` are common in streams; a thrown SyntaxError per stream is measurable.
  const c = text.trimStart()[0];
  if (c !== '{' && c !== '[' && c !== '"') return undefined;
  if (text === '[DONE]') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A buffering parser for non-streamed JSON bodies: collects text, parses once at the end. */
export function jsonBodyParser(onJson: (json: unknown) => void): { write(t: string): void; end(): void } {
  const parts: string[] = [];
  return {
    write: (t) => void parts.push(t),
    end: () => {
      const json = tryJson(parts.join(''));
      if (json !== undefined) onJson(json);
    },
  };
}
