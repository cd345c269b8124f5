/** Masks each span of `text` with `[REDACTED <type>]`; overlapping spans are merged. */
export function redactSpans(text: string, spans: readonly { start: number; end: number; type: string }[]): string {
  const sorted = [...spans].filter((s) => s.end > s.start && s.start < text.length).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + `[REDACTED ${s.type}]`;
    at = Math.min(text.length, s.end);
  }
  return out + text.slice(at);
}
