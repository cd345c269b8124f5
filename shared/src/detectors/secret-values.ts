import { isPlaceholder } from './placeholders.ts';

/**
 * Value filters shared by every secret rule. A real credential is random, or (for passwords)
 * at least not a plain word; what the rules' shapes also catch are placeholders, references to
 * variables, code, numbers, addresses and counting or repeated characters typed by a person
 * writing docs. Keyboard runs ("qwerty") are not rejected: in a password they are a real, weak
 * password.
 */

/** A run of `n` characters each one code point above (or below) the previous: "123456", "fedcba". */
export function hasCountingRun(v: string, n = 6): boolean {
  let up = 1, down = 1;
  for (let i = 1; i < v.length; i++) {
    const d = v.charCodeAt(i) - v.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= n || down >= n) return true;
  }
  return false;
}

/**
 * Six or more of one character in a row. 'A' is exempt: it is base64 for zero bytes and appears
 * in real tokens' fixed headers (X bearer tokens, Dropbox long-lived tokens, NTLM messages).
 */
export function hasRepeatRun(v: string, n = 6): boolean {
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    run = v[i] === v[i - 1] && v[i] !== 'A' ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

// Character counts for the value being scored; values are short, and scoring runs for every
// candidate, so one reused table instead of a Set or Map per call.
const COUNTS = new Uint16Array(128);

/** Shannon entropy in bits per character, and the number of distinct characters. */
export function charStats(v: string): { entropy: number; distinct: number } {
  let other = 0, distinct = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128) { other++; continue; }
    if (COUNTS[c] === 0) distinct++;
    COUNTS[c] = COUNTS[c]! + 1;
  }
  let h = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128 || COUNTS[c] === 0) continue;
    const p = COUNTS[c]! / v.length;
    h -= p * Math.log2(p);
    COUNTS[c] = 0;
  }
  // Non-ASCII characters are rare in keys; count them as one distinct, maximally spread symbol.
  if (other > 0) { distinct++; h += (other / v.length) * Math.log2(v.length); }
  return { entropy: h, distinct };
}

/** Only two or three symbols ("0101...") in a value whose format has many. */
export function tooFewSymbols(v: string): boolean {
  return charStats(v).distinct <= 3;
}

/** Words strung together inside a token: "there-are-not-the-webhook-you-are-looking-for". */
export function hasWordChain(v: string): boolean {
  return /(?:^|[^A-Za-z0-9])[a-z]{2,}(?:[-_][a-z]{2,}){3,}(?:[^A-Za-z0-9]|$)/.test(v);
}

/** The patterns people type instead of a real key: counting, repeats, "EXAMPLE", "xxxx", sentences. */
export function looksFabricated(v: string): boolean {
  return isPlaceholder(v) || patterned(v);
}

function patterned(v: string): boolean {
  return hasCountingRun(v) || hasRepeatRun(v) || tooFewSymbols(v) || hasWordChain(v);
}

/**
 * Plain words: "Palau", "peace_for_ukraine", "attached_file_0", "EXPIRE", "ConvertTo-SecureString".
 * Each part is lower case, UPPER CASE, Title case or camelCase made of real-length words, with at
 * most a short number as a last part ("file_0"). Real passwords mix case inside a word
 * ("FlUgeGeHeIm") or carry digits or symbols; a word with a digit stuck on ("hunter2") is the
 * classic weak password, so it is not a plain word here.
 */
const WORDS = /^(?:\d{1,2}[_-]?)?[A-Za-z]+(?:[ _.:\-/][A-Za-z]+)*(?:[_-]\d{1,2})?$/;
// Several lower-case words, each with an optional version number: "ping-sha256", "utf8_bytes".
const VERSIONED_WORDS = /^[a-z]+\d{0,3}(?:[-_.:/][a-z]+\d{0,3})+$/;
export function isWordLike(value: string): boolean {
  const v = trimPunctuation(value);
  if (VERSIONED_WORDS.test(v)) return true;
  if (!WORDS.test(v)) return false;
  for (const part of v.split(/[ _.\-/\d]+/)) {
    if (part === '') continue;
    const rest = part.slice(1);
    if (rest === rest.toLowerCase() || rest === rest.toUpperCase()) continue;
    const humps = part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
    if (humps.join('') !== part || part.length / humps.length < 3) return false;
  }
  return true;
}

/** Separators and padding around a value ("AccountKey=", ".atlasv1.", "#comment") are not part of it. */
function trimPunctuation(v: string): string {
  return v.replace(/^[.=_:#@-]+|[.=_:-]+$/g, '');
}

/** References, expressions and encrypted values stand where a secret would, but are not one. */
const CODE = /^(?:[([~]|!+[\w.$]*\(|!+[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$|--?[A-Za-z]|urn:|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(|ENC\(|(?:process\.env|os\.environ|System\.getenv|getenv|env\(|ENV\[|config\.|settings\.|self\.|this\.|props\.|args\.|params\.|request\.|req\.)|\$[({A-Za-z_]|%[A-Za-z_]+%|@\{|#\{)/;
// Type names in annotations (`key: Uint8Array`): capitalised words joined by digits, ending in a word.
const TYPE_NAME = /^[A-Z][a-z]{2,}(?:\d*[A-Z][a-z]{2,})*\d+[A-Z][a-z]{2,}(?:\[\])?$/;
// Regular expression literals: a slash, then regex syntax.
const REGEX_LITERAL = /^\/.*(?:[?*+|\\]|\(\?)/;
export function looksLikeCode(v: string): boolean {
  if (CODE.test(v) || TYPE_NAME.test(v) || REGEX_LITERAL.test(v) || /^[\w$.]+(?:\+\+|--|\(\))$/.test(v)) return true;
  // Escaped character lists and patterns ("\w\d!#%&\$\*") are regular expressions in strings;
  // "a && b", "x || y" are expressions.
  if ((v.match(/\\/g)?.length ?? 0) >= 3 || /&&|\|\|/.test(v)) return true;
  // Member access chains (a.b, a?.b, c.#field, i18n keys, module paths) unless a part looks
  // random; a chain that starts from a plain word ("exports.", "config.") is code either way.
  if (/^[A-Za-z_$][\w$]*(?:\??\.#?[A-Za-z_$][\w$]*)+$/.test(v)) {
    const parts = v.split(/\??\.#?/);
    return isWordLike(parts[0]!) || !parts.some((p) => /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p) && !isCompoundName(p));
  }
  return looksLikePath(v);
}

/** Identifiers built from words and numbers: "Ed25519PrivateKey", "id_pbeWithSHAAnd3_KeyTripleDES". */
function isCompoundName(p: string): boolean {
  const humps = p.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  return humps.join('') === p.replace(/_/g, '') && p.replace(/_/g, '').length / humps.length >= 3;
}

const PASCAL_NAME = /^(?:[A-Z][a-z]{2,}|[A-Z]{2,}(?![a-z])|\d+)+$/;

/** File paths: two or more parts, each a word (with a version or an extension), "./a/b.js". */
function looksLikePath(v: string): boolean {
  if (!v.includes('/')) return false;
  const parts = v.split('/').filter((p) => p !== '' && p !== '.' && p !== '..' && p !== '~');
  return parts.length >= 2 && parts.every((p) => /^[\w@.-]+$/.test(p) && isWordLike(p.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/\d+$/, '')));
}

/** Numbers: integers, hex literals, versions, dates, IPs. */
export function isNumberLike(v: string): boolean {
  return /^(?:0x[0-9a-f]+|[+-]?\d+(?:[.,:/-]\d+)*|\d+(?:\.\d+)*[a-z]{0,2})$/i.test(v);
}

const TYPE_NAMES = /^(?:true|false|null|none|nil|undefined|required|optional|string|str|int|integer|bool|boolean|object|bytes|text|number|secret|password|passwd|token|key|value|hidden|empty|default|char|varchar|any|void)$/i;

/** Other things found where a secret could be: e-mail addresses, URLs, host names. */
function isAddress(v: string): boolean {
  return /^[^@\s/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(v) || /^\/\/|:\/\//.test(v)
    || /^(?:[a-z0-9*-]+\.)+[a-z]{2,24}$/i.test(v);
}

/** Shared rejections before any rule-specific test. */
function rejectedAlways(v: string): boolean {
  return TYPE_NAMES.test(v) || isPlaceholder(v) || looksLikeCode(v) || isNumberLike(v) || isAddress(v) || /^[\W_]+$/.test(v);
}

/**
 * A password as a person writes it: at least four characters, not a word, not a pattern.
 * Human passwords are short and low-entropy, so randomness is not required.
 */
export function acceptPassword(v: string): boolean {
  if (v.length < 4 || v.length > 100 || /\s/.test(v)) return false;
  if (rejectedAlways(v) || isWordLike(v)) return false;
  if (hasCountingRun(v, 5) || hasRepeatRun(v, 5)) return false;
  return charStats(v).distinct >= 4;
}

/**
 * A token, key, secret or salt named by its variable: random-looking. Long blobs are excluded:
 * past a few hundred characters a keyword-named value is a certificate, image or ciphertext
 * (sealed secrets), which the provider and private-key rules handle on their own terms.
 */
export function acceptRandomValue(value: string): boolean {
  if (isPlaceholder(value)) return false;
  const v = trimPunctuation(value);
  if (v.length < 8 || v.length > 256 || /\s/.test(v)) return false;
  // A PascalCase name of words, acronyms and numbers ("PKCS8ShroudedKeyBag") is an identifier.
  if (rejectedAlways(v) || isWordLike(v) || patterned(v) || PASCAL_NAME.test(v)) return false;
  const classes = (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/\d/.test(v) ? 1 : 0) + (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
  if (classes < 2) return false;
  const h = charStats(v).entropy;
  // Expected entropy of random text grows with length until the alphabet caps it; hex digits
  // (16 symbols) cap lower than base64.
  const hex = /^[0-9a-f]+$/i.test(v);
  return h >= Math.min(hex ? 3.0 : 3.5, Math.log2(v.length) * (hex ? 0.75 : 0.85));
}
