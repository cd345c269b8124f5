import type { Action } from './decompose/action.ts';
import type { RedactSpan } from './evaluate.ts';

/** What replaces a redacted span: says what was there and who removed it, never the value. */
export function placeholder(type: string): string {
  return `[REDACTED ${type} by Vigil]`;
}

interface LocalSpan {
  start: number;
  end: number;
  type: string;
}

/**
 * Rewrites spans of one string with `mark(type)`. Overlapping spans are one span named by the first:
 * a later span that reaches further must not leave its tail in the text.
 */
export function redactString(text: string, spans: LocalSpan[], mark: (type: string) => string = placeholder): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i]!;
    let end = first.end;
    for (i++; i < sorted.length && sorted[i]!.start < end; i++) end = Math.max(end, sorted[i]!.end);
    out += text.slice(at, first.start) + mark(first.type);
    at = end;
  }
  return out + text.slice(at);
}

/** The extension's form: the redacted text of each affected message, for the composer. */
export function redactMessages(actions: Action[], spans: RedactSpan[]): { messageIndex: number; text: string }[] {
  const byMessage = new Map<number, { text: string; spans: LocalSpan[] }>();
  for (const s of spans) {
    const a = actions[s.action];
    // Only message text maps one-to-one onto the composer; tool arguments are not the user's to edit.
    if (!a || a.messageIndex === undefined || a.kind === 'tool.call') continue;
    const entry = byMessage.get(a.messageIndex) ?? { text: a.text, spans: [] };
    entry.spans.push(s);
    byMessage.set(a.messageIndex, entry);
  }
  return [...byMessage.entries()].sort((x, y) => x[0] - y[0]).map(([messageIndex, e]) => ({ messageIndex, text: redactString(e.text, e.spans) }));
}

/**
 * The proxy's form: the request body with every span rewritten in place, through the JSON Pointers
 * decomposition recorded. Returns null when a span cannot be located (or crosses two strings of the
 * body): the caller must then not forward the request, since it cannot be sent redacted.
 */
export function redactJsonBody(body: unknown, actions: Action[], spans: RedactSpan[]): string | null {
  const byPointer = new Map<string, LocalSpan[]>();
  for (const s of spans) {
    const piece = actions[s.action]?.pieces?.find((p) => p.offset <= s.start && s.end <= p.offset + p.length);
    if (!piece) return null;
    const list = byPointer.get(piece.pointer) ?? [];
    list.push({ start: s.start - piece.offset, end: s.end - piece.offset, type: s.type });
    byPointer.set(piece.pointer, list);
  }
  const copy = structuredClone(body);
  for (const [pointer, list] of byPointer) {
    const ok = update(copy, pointer, (v) => redactString(v, list));
    if (!ok) return null;
  }
  return JSON.stringify(copy);
}

/** Applies `fn` to the string at an RFC 6901 pointer; false when the pointer does not lead to a string. */
function update(doc: unknown, pointer: string, fn: (v: string) => string): boolean {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  if (last === undefined) return false;
  let node = doc;
  for (const k of keys) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[k];
  }
  if (node === null || typeof node !== 'object') return false;
  const parent = node as Record<string, unknown>;
  const value = parent[last];
  if (typeof value !== 'string') return false;
  parent[last] = fn(value);
  return true;
}
