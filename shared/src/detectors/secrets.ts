import { detectAssignments, detectPositional } from './secret-assignments.ts';
import { detectPrivateKeys } from './secret-pem.ts';
import { SECRET_RULES, type SecretRule } from './secret-rules.ts';
import { isPlaceholder } from './placeholders.ts';
import { looksFabricated } from './secret-values.ts';
import type { DetectorFinding } from './types.ts';

/**
 * Secret detection: private keys, provider formats, then credentials named by their context
 * (assignments, URLs, SQL, headers). Overlapping hits keep the earliest pushed, most specific one.
 *
 * Speed: one loop over the characters finds token starts and looks their first characters up
 * in a prefix table, so a provider format is only tried where its prefix occurs; the keyword
 * pass is a second scan. Only the few formats without a fixed start run over the whole text,
 * and most of those only when the literal they contain (`anchor`) is present.
 */

// Prefixes indexed by their first two characters (one for one-character prefixes), so each
// token start costs one lookup; a scan by one big alternation regex was several times slower.
const BY_PREFIX = new Map<string, SecretRule[]>();
for (const rule of SECRET_RULES) for (const pre of rule.prefixes ?? []) BY_PREFIX.set(pre, [...(BY_PREFIX.get(pre) ?? []), rule]);
// Keys: c for one character, 128 + (c0 << 7 | c1) for two (all prefixes are ASCII).
const BY_HEAD: (string[] | undefined)[] = new Array(128 + (128 << 7)).fill(undefined);
for (const pre of BY_PREFIX.keys()) {
  const key = pre.length === 1 ? pre.charCodeAt(0) : 128 + ((pre.charCodeAt(0) << 7) | pre.charCodeAt(1));
  (BY_HEAD[key] ??= []).push(pre);
}
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;
const UNANCHORED = SECRET_RULES.filter((r) => !r.prefixes);

export function detectSecrets(text: string): DetectorFinding[] {
  const out: DetectorFinding[] = [];
  detectPrivateKeys(text, out);
  detectProviderKeys(text, out);
  detectAssignments(text, out);
  detectPositional(text, out);
  return dedupe(out);
}

function accept(rule: SecretRule, value: string, body: string): boolean {
  if (rule.check && !rule.check(value)) return false;
  if (rule.structured || rule.proves?.(value)) return true;
  return !isPlaceholder(value) && !looksFabricated(body);
}

function detectProviderKeys(text: string, out: DetectorFinding[]): void {
  // Token starts: a word character after a non-word one, or right after a terminal colour code
  // (ESC [ n m) as in pasted console output. The plain loop is the hot path; escapes are rare.
  const n = text.length;
  if (!text.includes('\x1b')) {
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const word = c < 128 ? WORD[c]! : 0;
      if (word > prev) tryPrefixes(text, i, c, out);
      prev = word;
    }
  } else {
    let prev = 0, inEscape = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inEscape) {
        if (c === 109) { inEscape = false; prev = 0; continue; }
        if ((c >= 48 && c <= 57) || c === 59 || c === 91) continue;
        inEscape = false;
      }
      if (c === 27) { inEscape = true; continue; }
      const word = c < 128 ? WORD[c]! : 0;
      if (word > prev) tryPrefixes(text, i, c, out);
      prev = word;
    }
  }
  for (const rule of UNANCHORED) {
    if (rule.anchor !== undefined && !text.includes(rule.anchor)) continue;
    rule.re.lastIndex = 0;
    for (let r = rule.re.exec(text); r; r = rule.re.exec(text)) {
      const value = r[rule.group ?? 0];
      if (value === undefined || !accept(rule, value, value)) continue;
      const start = r.index + r[0].indexOf(value);
      out.push({ type: rule.type, start, end: start + value.length, rule: rule.rule });
    }
  }
}

function tryPrefixes(text: string, i: number, c: number, out: DetectorFinding[]): void {
  const one = BY_HEAD[c];
  const c1 = i + 1 < text.length ? text.charCodeAt(i + 1) : 128;
  const two = c1 < 128 ? BY_HEAD[128 + ((c << 7) | c1)] : undefined;
  // One-character prefixes (formats recognised by shape) only where a long token starts.
  if (one && longToken(text, i)) tryAt(text, i, one, out);
  if (two) tryAt(text, i, two, out);
}

// Every shape-recognised format is longer than this; prose words end well before it.
const SHAPE_MIN = 24;
function longToken(text: string, i: number): boolean {
  if (i + SHAPE_MIN > text.length) return false;
  for (let j = i + 1; j < i + SHAPE_MIN; j++) {
    const c = text.charCodeAt(j);
    if (c >= 128 || (WORD[c] === 0 && c !== 45 && c !== 43 && c !== 47)) return false;
  }
  return true;
}

function tryAt(text: string, i: number, prefixes: string[], out: DetectorFinding[]): void {
  for (const pre of prefixes) {
    if (pre.length > 2 && !text.startsWith(pre, i)) continue;
    for (const rule of BY_PREFIX.get(pre)!) {
      rule.re.lastIndex = i;
      const r = rule.re.exec(text);
      const value = r?.[rule.group ?? 0];
      if (value === undefined || !accept(rule, value, value.slice(pre.length))) continue;
      out.push({ type: rule.type, start: i, end: i + value.length, rule: rule.rule });
    }
  }
}

/** Keep one finding per region: earlier passes are more specific, so they win overlaps. */
function dedupe(findings: DetectorFinding[]): DetectorFinding[] {
  const kept: DetectorFinding[] = [];
  for (const f of findings) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
