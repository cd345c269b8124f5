import { isPlaceholder } from './placeholders.ts';
import { acceptPassword, acceptRandomValue, looksLikeCode } from './secret-values.ts';
import type { DetectorFinding } from './types.ts';

/**
 * Secrets named by what holds them: `password = "..."`, `DB_PASS: x`, `"apiKey": "..."`,
 * `--token x`, `#define PASSWORD "x"`, `setopt(CURLOPT_USERPWD, "u:p")`, `?token=x&`, `<password>x</password>`,
 * SQL `IDENTIFIED BY 'x'`, and `scheme://user:pass@host`.
 *
 * One pass finds the keywords; at each, the name around it is read and the operator and value
 * after it are parsed with one sticky expression. Passwords need only not be a word or a
 * pattern; every other name (token, key, secret, salt...) needs a random-looking value.
 */

// Longest forms first, so "password" wins over "pass". A keyword may not run on into lower-case
// letters ("tokenizer", "keyboard"); upper case or a digit after it starts a new word of the name
// (checked in code: a lookahead under the i flag would treat upper case as lower).
const KEYWORD = /passwords?|passphrase|passwd|pa?s{1,2}w(?:o?r)?d|pass|pwd|pw|secrets?|tokens?|keys?|auth(?:entication|orization)?|credentials?|creds?|salt|nonce|otp|api|bearer|signature/gi;
const PASSWORD_NAME = /pass|pw|psw|pswd/i;
// An account word and a separator right before a password name: "ID/PW", "user/pass", "(ID&PWD)".
const PAIR_NAME = /(?:^|[^A-Za-z])(?:id|user(?:name)?|login|account|아이디|계정)\s*[/&:]\s*$/i;
const NAME_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') NAME_CHAR[c.charCodeAt(0)] = 1;
const isNameChar = (c: number) => c < 128 && NAME_CHAR[c] === 1;
const MAX_NAME = 64;

/** Names that hold something about a secret, not the secret (ids, paths, sizes, policies). */
const NOT_A_SECRET_NAME = /pub_?key|(?:^|[_.-])(?:public|primary|foreign|sort|partition|cache|lookup|unique|index|mask|min|max)(?:[_.-]|$)|(?:public|primary|foreign|sort|partition)key|(?:^|[_.-]|[a-z])(?:id|ids|name|names|type|types|file|filename|url|uri|len|length|size|count|field|label|header|prompt|policy|format|version|mode|enabled|required|expir\w*|ttl|timeout|regex|pattern|class|column|input|placeholder|hint|desc|description|reset|changed|confirm|confirmation|validation|strength|hash_algorithm|rotation|store|manager|provider|endpoint|path|tag|map|list|set|dict|array)$/i;

// After the name, on the same line: an optional closing quote, an optional type annotation
// (`: String =`) or account ("password for root: x"), the operator, then a quoted value (with an optional string prefix like b"" or @"") or a bare one.
const AFTER_NAME = new RegExp(
  String.raw`(?:\\*["'\]]|&quot;|\)|\[\d*\])?` +
    String.raw`(?:[ \t]*:[ \t]*[A-Za-z_][\w.<>\[\]]{0,64}(?=[ \t]*=)|[ \t]+for[ \t]+[\w.@-]{1,64}(?=[ \t]*[:=]))?` +
    String.raw`([ \t]*(?::=|=>|->|===|!==|==|!=|=|:|%3[dD])[ \t]*|[ \t]*,[ \t]*|[ \t]+is[ \t]+|[ \t]+|(?:\\t)+)` +
    String.raw`(?:[bBuUrRfL@]?(?:\\*"([^"\n]{0,256}?)\\*"|\\*'([^'\n]{0,256}?)\\*'|` + '`([^`\\n]{0,256}?)`' + String.raw`|&quot;([^\n]{0,256}?)&quot;)` +
    String.raw`|(?:(?:Bearer|Basic|Token|NTLM|Negotiate|Digest)\s+)?([{[]?[^\s"'<>;,)}[\]|\\` + '`' + String.raw`]{1,256}|[{[]))`,
  'y',
);
// A string left open at the end of the line (continued with "\" or a triple-quoted block).
const OPEN_STRING = /[ \t]*[=:][ \t]*(?:'''|"""|["'])([A-Za-z0-9+/=_-]{16,512})\\?$/my;

export function detectAssignments(text: string, out: DetectorFinding[]): void {
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    let ns = m.index, ne = m.index + m[0].length;
    const next = text.charCodeAt(ne);
    if (next >= 97 && next <= 122) continue;
    // In an all-caps word a keyword runs on into upper case ("PWNED"), unless another keyword
    // follows ("APIKEY", "AUTHTOKEN").
    if (next >= 65 && next <= 90 && m[0] === m[0].toUpperCase() && !startsKeyword(text, ne)) continue;
    // Names are short; the bound keeps a long run of name characters from being rescanned per keyword.
    while (ns > 0 && m.index - ns < MAX_NAME && isNameChar(text.charCodeAt(ns - 1))) ns--;
    while (ne < text.length && ne - m.index < MAX_NAME && isNameChar(text.charCodeAt(ne)) && text[ne] !== '.') ne++;
    // "token.closed": a property of the token object, not the token; later keywords still count.
    if (text[ne] === '.' && /[A-Za-z_]/.test(text[ne + 1] ?? '')) continue;
    KEYWORD.lastIndex = ne;
    // After '@' the word is a host name ("user:pw@pass.example:5432"), not a variable.
    if (text[ns - 1] === '@') continue;
    // Leading and trailing '.' or '-' belong to the text, not the name ("--token", "pw.").
    let s0 = ns, end = ne;
    while (s0 < m.index && (text[s0] === '-' || text[s0] === '.')) s0++;
    while (end > m.index + m[0].length && (text[end - 1] === '-' || text[end - 1] === '.')) end--;
    const name = text.slice(s0, end);
    if (NOT_A_SECRET_NAME.test(name)) continue;
    readValue(text, name, ns, end, out);
  }
}

const KEYWORD_AT = new RegExp(KEYWORD.source, 'iy');
const KEYWORD_LAST = new RegExp(`(?:${KEYWORD.source})\\d*$`, 'i');
function startsKeyword(text: string, at: number): boolean {
  KEYWORD_AT.lastIndex = at;
  return KEYWORD_AT.test(text);
}

function readValue(text: string, name: string, nameStart: number, at: number, out: DetectorFinding[]): void {
  const isPassword = PASSWORD_NAME.test(name);
  OPEN_STRING.lastIndex = at;
  const o = OPEN_STRING.exec(text);
  if (o) {
    if (acceptRandomValue(o[1]!)) push(out, o.index + o[0].indexOf(o[1]!), o[1]!, isPassword, 'keyword-assignment');
    return;
  }
  AFTER_NAME.lastIndex = at;
  const v = AFTER_NAME.exec(text);
  if (!v) return;
  const op = v[1]!.trim();
  if (v[6] !== undefined && /^[{[]/.test(v[6])) {
    const arr = readByteArray(text, v.index + v[0].length - v[6].length);
    if (arr) out.push({ type: 'generic_secret', start: arr.start, end: arr.end, rule: 'keyword-byte-array' });
    return;
  }
  if (v[6] !== undefined && looksLikeCode(v[6])) {
    // `os.environ.get("PASSWORD") or "x"`, `getenv("X", "x")`: the fallback is a literal secret.
    const d = readDefault(text, v.index + v[0].length - v[6].length, /(?:getenv|environ(?:\.get)?|env|getProperty|get)\s*\($/i.test(v[6]));
    if (d && (isPassword ? acceptPassword(d.value) : acceptRandomValue(d.value))) push(out, d.start, d.value, isPassword, 'keyword-default');
    return;
  }
  const quoted = v[2] ?? v[3] ?? v[4] ?? v[5];
  // A bare value cut by the length bound was longer: a blob (certificate, ciphertext), not a secret.
  if (quoted === undefined && v[6] !== undefined && v[6].length === 256) return;
  let value = quoted ?? v[6] ?? '';
  const quotedName = /["']/.test(text[nameStart - 1] ?? '') && /^\\*["']/.test(text.slice(at, at + 3));
  // A name followed by an operator is an expression (`key = peg$currPos * 36`), not a literal.
  if (quoted === undefined && /^!*[A-Za-z_$][\w$]*$/.test(value) && /^[ \t]*(?:[*+/%?.([]|&&|\|\|)/.test(text.slice(v.index + v[0].length, v.index + v[0].length + 3))) return;
  // A comparison with a secret compares with a literal; with a name, it is just code.
  if (/^[=!]==?$/.test(op) && quoted === undefined) return;
  if (op === ',') {
    // Call arguments: setopt(CURLOPT_PASSWORD, "x"), define('PASSWORD', 'x'), put("db_token", "x"):
    // a constant or a quoted snake-case key that ends with its keyword ("HTTPPasswordMgr",
    // "urllib2" and ('userPassword', 'RFC4519') are not a name and its secret).
    const constant = name === name.toUpperCase() || (quotedName && name === name.toLowerCase());
    if (quoted === undefined || !constant || !KEYWORD_LAST.test(name)) return;
  }
  if (/^%3[dD]$/.test(op)) value = value.split('%')[0]!;
  if (quoted === undefined) {
    // In a URL query ("?token=x&page=2") '&' ends the value, as does an HTML entity ("&lt;") in
    // escaped markup; elsewhere '&' can be part of a password.
    value = /[?&]/.test(text[nameStart - 1] ?? '') ? value.split('&')[0]! : value.split(/&(?:lt|gt|amp|quot|apos|nbsp|#\d{1,5})(?:;|$)/)[0]!;
  }
  if (quoted === undefined) value = value.replace(/[.,:!?]+$/, (s) => (isPassword && s === '!' ? s : ''));
  if (value === '') return;
  if (isPassword && quoted === undefined && PAIR_NAME.test(text.slice(Math.max(0, nameStart - 12), nameStart))) {
    // "ID/PW: admin/<password>": the value is the pair; the password is its second half (unless the
    // pair as a whole is a template: "xxxx:admin/<password>").
    const sep = value.search(/[/:,]/);
    if (sep > 0) {
      if (isPlaceholder(value)) return;
      value = value.slice(sep + 1);
    }
  }
  // "pass" with no operator is the verb ("pass `scale=1/255`"), not a name; with no operator a
  // value that is itself an assignment ("TotpMatch counter=4732") belongs to another name.
  if (op === '' && (/^pass$/i.test(name) || /^[A-Za-z_][\w.-]*=(?!=|$)/.test(value))) return;
  // An unquoted short value of two kinds of character is an identifier in code ("hkey = win32con").
  if (quoted === undefined && !isPassword && value.length < 12 && !/[A-Z]/.test(value)) return;
  let ok: boolean;
  if (op === '') {
    // "token abc123...", "#define PASSWORD \"x\"", "PASSWORD 'x'" (SQL): with no operator, a
    // bare value must itself look like key material.
    ok = quoted !== undefined && isPassword ? acceptPassword(value) : acceptRandomValue(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
  } else {
    ok = isPassword ? acceptPassword(value) : acceptRandomValue(value);
  }
  if (!ok) return;
  const start = v.index + v[0].lastIndexOf(value);
  push(out, start, value, isPassword, 'keyword-assignment');
}

// The literal fallback of a lookup on the same line: `...) or "x"`, `...) || "x"`, and for
// environment lookups their second argument, `getenv("X", "x")`.
const FALLBACK = /[^\n]{0,200}?\)[ \t]*(?:or|\|\||\?\?|\?:)[ \t]*["']([^"'\n]{4,256})["']/y;
const SECOND_ARG = /[^\n)]{0,200}?,[ \t]*["']([^"'\n]{4,256})["']/y;
function readDefault(text: string, from: number, envLookup: boolean): { start: number; value: string } | undefined {
  const re = envLookup ? SECOND_ARG : FALLBACK;
  re.lastIndex = from;
  let d = re.exec(text);
  if (!d && envLookup) {
    FALLBACK.lastIndex = from;
    d = FALLBACK.exec(text);
  }
  if (!d) return undefined;
  return { start: d.index + d[0].lastIndexOf(d[1]!), value: d[1]! };
}

// Key bytes written out in code: {0x35, 0x34, ...}, []byte{333, 9, ...}; at least 8 numbers.
const BYTE_ARRAY = /(?:\[\]byte|byte\[\]|new\s+byte\[\]\s*)?[{[]\s*(?:(?:0x[0-9a-fA-F]{1,2}|\d{1,3})\s*,\s*){7,512}(?:0x[0-9a-fA-F]{1,2}|\d{1,3})?/y;
function readByteArray(text: string, from: number): { start: number; end: number } | undefined {
  BYTE_ARRAY.lastIndex = from;
  const b = BYTE_ARRAY.exec(text);
  return b ? { start: b.index, end: b.index + b[0].length } : undefined;
}

function push(out: DetectorFinding[], start: number, value: string, isPassword: boolean, rule: string): void {
  out.push({ type: isPassword ? 'password' : 'generic_secret', start, end: start + value.length, rule });
}

/** A value under a name that says what it is: a password, or else a random-looking secret. */
function pushNamed(out: DetectorFinding[], name: string, value: string, start: number, rule: string): void {
  const isPassword = PASSWORD_NAME.test(name);
  if (isPassword ? acceptPassword(value) : acceptRandomValue(value)) push(out, start, value, isPassword, rule);
}

/** A name holds a secret: it has a keyword that does not run on into lower case, and is not an id, path, size... */
function isSecretName(name: string): boolean {
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(name); m; m = KEYWORD.exec(name)) {
    const next = name.charCodeAt(m.index + m[0].length);
    if (!(next >= 97 && next <= 122)) return !NOT_A_SECRET_NAME.test(name);
  }
  return false;
}

/** Every match of `re` whose capture `group` (0: the first capture present) is an acceptable password. */
function passwords(text: string, re: RegExp, group: number, rule: string, out: DetectorFinding[]): void {
  for (const m of text.matchAll(re)) {
    const g = group === 0 ? [1, 2, 3].find((i) => m[i] !== undefined) ?? 1 : group;
    // A bare value ends before sentence punctuation ("identified by UID,").
    const value = g === 3 ? (m[g] ?? '').replace(/[.,:?)]+$/, '') : (m[g] ?? '');
    if (acceptPassword(value)) push(out, m.indices![g]![0], value, true, rule);
  }
}

// The 'd' flag records where each capture starts, so the finding is the password itself.
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:/?#"'<>]{0,64}):([^\s/?#"'<>@]{3,128})@[A-Za-z0-9.-]+/dgi;
const SQL_IDENTIFIED = /identified\s+(?:with\s+'?\w{1,64}'?\s+)?(?:by|as)\s+(?:'([^'\n]{1,256})'|"([^"\n]{1,256})"|([^\s;'"\\`{}]{1,256}))/dgi;
const SECURE_STRING = /ConvertTo-SecureString(?:\s+-\w{1,32}){0,8}\s+\\?["']?([^\s"'\\]{1,256})/dgi;
const XML_ELEMENT = /<([A-Za-z_][\w:.-]{0,64})(?:\s[^<>]{0,256})?>\s*([^<\s]{4,256})\s*<\/\1>/g;
// .NET config pairs: <add key="ClearTextPassword" value="..."/>.
const ADD_KEY_VALUE = /<add\s+key="([^"]{1,80})"\s+value="([^"\n]{4,256})"/gi;
const CURL_USER = /(?:^|\s)(?:-u|--user)\s+["']?([^\s:"']{1,64}):([^\s"']{3,128})/dg;
const BEARER = /\b(?:Bearer|Basic|NTLM|Negotiate)\s+([A-Za-z0-9_\-.~+/]{16,2048}={0,2})(?![A-Za-z0-9_\-.~+/=])/g;

/** Credentials whose position says what they are, whatever the surrounding names. */
export function detectPositional(text: string, out: DetectorFinding[]): void {
  // URL passwords sit between "user:" and "@host"; the user part may itself hold an '@'.
  if (text.includes('://')) passwords(text, URL_CREDENTIALS, 2, 'url-credentials', out);
  if (/identified/i.test(text)) passwords(text, SQL_IDENTIFIED, 0, 'sql-password', out);
  if (/securestring/i.test(text)) passwords(text, SECURE_STRING, 1, 'powershell-secure-string', out);
  if (text.includes('-u') || text.includes('--user')) passwords(text, CURL_USER, 2, 'cli-user-password', out);
  if (text.includes('</')) {
    for (const m of text.matchAll(XML_ELEMENT)) {
      const value = m[2]!;
      if (isSecretName(m[1]!)) pushNamed(out, m[1]!, value, m.index + m[0].indexOf(value, m[0].indexOf('>') + 1), 'xml-element');
    }
  }
  if (text.includes('<add ')) {
    for (const m of text.matchAll(ADD_KEY_VALUE)) {
      if (isSecretName(m[1]!)) pushNamed(out, m[1]!, m[2]!, m.index + m[0].lastIndexOf(m[2]!), 'config-key-value');
    }
  }
  for (const m of text.matchAll(BEARER)) {
    const value = m[1]!;
    if (!acceptRandomValue(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    out.push({ type: 'bearer_token', start, end: start + value.length, rule: 'authorization-header' });
  }
}
