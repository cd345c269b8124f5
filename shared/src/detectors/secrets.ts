import { SECRET_RULES } from './secret-rules.ts';
import { isPlaceholder } from './placeholders.ts';
import { shannonEntropy, type DetectorFinding } from './types.ts';

/**
 * Secret detection: provider patterns first (precise), then keyword assignments (`password = ...`,
 * `Password=...;` in connection strings, `--password x` on command lines) and finally generic
 * high-entropy assignments. Overlapping hits keep the earliest, most specific one.
 */

const KEYWORD = '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth(?:orization)?|credentials?|cred|salt|nonce|otp|key|sig(?:nature)?)';

// `name[op]value`: the name ends with a keyword; value is quoted or a bare run of non-space characters.
const ASSIGNMENT = new RegExp(
  `([A-Za-z0-9_.-]*${KEYWORD})["'\\]]?\\s*(?::=|=>|=|:|\\s+is\\s+)\\s*(?:"([^"\\n]{3,200})"|'([^'\\n]{3,200})'|\`([^\`\\n]{3,200})\`|([^\\s"'<>;,)}\\]]{3,200}))`,
  'gi',
);
// Command-line flags that take a secret: mysql -pX, --password X, sshpass -p X, curl -u user:pass.
const CLI = /(?:--(?:password|passwd|token|secret|api-key)[= ]|\s-p\s?|sshpass\s+-p\s+|-u\s+[^\s:]+:)(["']?)([^\s"']{4,128})\1/gi;
const CONN = /(?:password|pwd)\s*=\s*([^;"'\s]{3,128})\s*(?:;|$)/gim;

const COMMON_VALUES = /^(?:true|false|null|none|nil|undefined|required|optional|string|str|int|bool|boolean|object|bytes|text|self|this|env|os|config|value|secret|password|token|key|hidden|empty|test|admin|root|user|default)$/i;

function looksLikeCode(v: string): boolean {
  // Function calls, member access on identifiers, and variable references are not literal secrets.
  return /^[A-Za-z_][\w.]*\(/.test(v) || /^(?:[a-z_]+\.){1,}[a-z_]+$/i.test(v) || /^\$\w+$|^process\.env|^os\.environ|^getenv/i.test(v);
}

function acceptAssignedValue(name: string, v: string): boolean {
  if (v.length < 4 || COMMON_VALUES.test(v) || isPlaceholder(v) || looksLikeCode(v)) return false;
  if (/^\d{1,6}$/.test(v)) return false;
  const isPassword = /pass|pwd/i.test(name);
  const h = shannonEntropy(v);
  if (isPassword) return h >= 2.0;
  // Names like "key"/"token" cover many non-secrets (map keys, i18n ids); require randomness.
  return v.length >= 8 && h >= 3.0 && /\d/.test(v) && /[A-Za-z]/.test(v);
}

export function detectSecrets(text: string): DetectorFinding[] {
  const out: DetectorFinding[] = [];
  for (const rule of SECRET_RULES) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const value = rule.group ? m[rule.group] : m[0];
      if (value === undefined) continue;
      if (isPlaceholder(value) && rule.type !== 'private_key') continue;
      if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) continue;
      const start = (m.index ?? 0) + m[0].indexOf(value);
      out.push({ type: rule.type, start, end: start + value.length, rule: rule.rule });
    }
  }
  for (const m of text.matchAll(ASSIGNMENT)) {
    const name = m[1] ?? '';
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    if (!acceptAssignedValue(name, value)) continue;
    const start = (m.index ?? 0) + m[0].lastIndexOf(value);
    const type = /pass|pwd/i.test(name) ? 'password' : 'generic_secret';
    out.push({ type, start, end: start + value.length, rule: 'keyword-assignment' });
  }
  for (const [re, rule] of [[CLI, 'cli-credential'], [CONN, 'connection-string-password']] as const) {
    for (const m of text.matchAll(re)) {
      const value = rule === 'cli-credential' ? (m[2] ?? '') : (m[1] ?? '');
      if (!acceptAssignedValue('password', value)) continue;
      const start = (m.index ?? 0) + m[0].lastIndexOf(value);
      out.push({ type: 'password', start, end: start + value.length, rule });
    }
  }
  return dedupe(out);
}

/** Keep one finding per region: provider rules were pushed first, so they win ties. */
function dedupe(findings: DetectorFinding[]): DetectorFinding[] {
  const kept: DetectorFinding[] = [];
  for (const f of findings) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
