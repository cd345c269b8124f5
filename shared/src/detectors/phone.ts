import { Metadata, getCountries, getCountryCallingCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * Phone numbers in free text, written the way people write them in many countries: international
 * (`+44 20 7946 0958`, `0044 …`, `+44 (0)20 …`, `001-212-…`), North American (`(212) 555-0187`,
 * `212.555.0187`, `1-212-555-0187`) and national formats with a trunk prefix (`020 7946 0958`,
 * `06-12345678`, `(02) 9876 5432`), each with an optional extension (`x123`, `ext. 123`).
 *
 * libphonenumber's own text search (findPhoneNumbersInText) reads national numbers for one default
 * region only and its parser costs tens of microseconds per number, so a cheap pattern finds
 * candidates first and those are checked directly against libphonenumber's per-country metadata:
 * possible lengths per calling code for international numbers (what its isPossible() checks), and
 * the national number pattern for national ones. Dates, version strings, ids, amounts, card numbers
 * and IBAN parts are rejected by shape and by the words before them.
 */

export interface PhoneSpan { start: number; end: number }

const md = new Metadata(metadata);

/** A national numbering plan reduced to what the check needs. */
interface Plan { region: string; prefix: string | undefined; lengths: Set<number>; pattern: RegExp }

/**
 * Regions whose national formats are recognised without a `+`. North America is handled by shape.
 * Where a region has a trunk prefix (usually `0`) people write it in national numbers, so it is
 * required: without it, any 7-10 digit id would match some country's plan.
 */
const TRUNK_REGIONS = ['GB', 'DE', 'FR', 'NL', 'BE', 'AT', 'CH', 'AU', 'NZ', 'IE', 'SE', 'FI', 'ZA', 'IN', 'JP', 'BR', 'MX', 'RU', 'CN', 'SI', 'HU'];
/**
 * Regions without a trunk prefix (or where the leading 0 is part of the number, as in Italy). Such a
 * plan accepts most digit strings of its lengths (amounts, ids, licence numbers), so these numbers
 * count only after a phone word.
 */
const PLAIN_REGIONS = ['IT', 'ES', 'PT', 'DK', 'NO', 'PL', 'CZ', 'CY', 'EE', 'TN', 'UY', 'IS'];

function plan(region: string, withPrefix: boolean): Plan {
  md.selectNumberingPlan(region as Parameters<Metadata['selectNumberingPlan']>[0]);
  const p = md.numberingPlan as unknown as { nationalPrefix(): string | undefined; possibleLengths(): number[]; nationalNumberPattern(): string };
  const prefix = withPrefix ? p.nationalPrefix() : undefined;
  return { region, prefix: prefix === undefined ? undefined : String(prefix), lengths: new Set(p.possibleLengths()), pattern: new RegExp(`^(?:${p.nationalNumberPattern()})$`) };
}

const TRUNK_PLANS = TRUNK_REGIONS.map((r) => plan(r, true));
const PLAIN_PLANS = PLAIN_REGIONS.map((r) => plan(r, false));

/** Possible national-number lengths per country calling code, over every region sharing the code. */
let callingCodes: Map<string, Set<number>> | undefined;

export function internationalPossible(digits: string): boolean {
  if (!callingCodes) {
    callingCodes = new Map();
    for (const region of getCountries(metadata)) {
      const cc = getCountryCallingCode(region, metadata);
      md.selectNumberingPlan(region);
      const lengths = callingCodes.get(cc) ?? new Set<number>();
      for (const n of (md.numberingPlan as unknown as { possibleLengths(): number[] }).possibleLengths()) lengths.add(n);
      callingCodes.set(cc, lengths);
    }
  }
  // Calling codes are prefix-free, so the first one that exists is the number's.
  for (let k = 1; k <= 3; k++) {
    const lengths = callingCodes.get(digits.slice(0, k));
    if (lengths) return lengths.has(digits.length - k);
  }
  return false;
}

function fitsPlan(p: Plan, digits: string): boolean {
  let n = digits;
  if (p.prefix !== undefined) {
    if (!n.startsWith(p.prefix)) return false;
    n = n.slice(p.prefix.length);
  }
  return p.lengths.has(n.length) && p.pattern.test(n);
}

/**
 * Candidate: an optional `+`/`00`, then digits with the separators people use (space, `-`, `.`, `/`,
 * parentheses), then an optional extension. Not inside a word, an email, a path or a decimal number.
 */
const CANDIDATE = /(?<![\w@$€£./:+#-])(?:\+|(?<!\d)00[ -]?)?\(?\d[\d ()./-]{4,24}\d(?:[ ]?(?:x|ext\.?|extension|#)[ ]?\d{1,6})?(?![\w@/]|[.,-]\d)/gi;
const EXTENSION = /[ ]?(?:x|ext\.?|extension|#)[ ]?\d{1,6}$/i;
const NANP = /^(?:\+?1[ .-]?|001[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
/** Area code and exchange both start 2-9 in the North American plan. */
const NANP_DIGITS = /^1?[2-9]\d{2}[2-9]\d{6}$/;
const DATE = /^(?:\d{4}[-/.][01]?\d[-/.][0-3]?\d|[0-3]?\d[-/.][0-3]?\d[-/.](?:\d{2}|\d{4}))(?:[ ]\d{1,2})?$/;
const YEAR_FIRST = /^(?:19|20)\d\d(?:\D|$)/;
/** US SSN/ITIN (3-2-4), ZIP+4 (5-4) and EIN (2-7) shapes: ids that people also write with dashes. */
const US_ID_SHAPES = /^(?:\d{3}[- ]\d{2}[- ]\d{4}|\d{5}-\d{4}|\d{2}-\d{7})$/;
/** Words that make a bare run of digits a phone number (as presidio's context words do for its scores). */
const CONTEXT = /(?:phone|tel|telephone|call|mobile|cell|fax|contact|whatsapp|sms|dial|ph|mob|reach|text|(?:my|his|her|your|our|their) number)\b\W{0,12}(?:(?:is|at|on|me|us|him|her|them|no|nr|number|#)\W{1,3}){0,3}$/i;

/** Words that make a run of digits an account, document or record number, or an amount, instead. */
const ID_CONTEXT = /(?:amount|total|price|balance|cost|population|account|acct|bank|routing|iban|card|licen[cs]e|passport|ssn|itin|ein|tax|order|invoice|tracking|serial|ref(?:erence)?|customer|member|policy|ticket|id)\b[^.!?\n]{0,24}$/i;

function acceptCandidate(text: string, start: number, raw: string): boolean {
  const core = raw.replace(EXTENSION, '');
  // Parentheses: at most one pair, opened before closed.
  const open = core.indexOf('('), close = core.indexOf(')');
  if ((open < 0) !== (close < 0) || close < open || core.indexOf('(', open + 1) >= 0) return false;
  if (DATE.test(core) || US_ID_SHAPES.test(core)) return false;
  // Dotted runs with one-digit groups are versions or section numbers, not phone numbers.
  if (core.includes('.') && /(?:^|\.)\d(?:\.|$)/.test(core)) return false;
  const international = core.startsWith('+') || core.startsWith('00');
  // "+44 (0)20 …": the (0) is the trunk prefix written for national callers.
  const digits = core.replace(/\(0\)/, '').replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const grouped = /[ ()./-]/.test(core);
  const before = text.slice(Math.max(0, start - 40), start);
  const phoneWord = CONTEXT.test(before);
  if (core.startsWith('+')) return internationalPossible(digits);
  // A bare run starting 00 is an id padded with zeros ({"id":"0012746856"}) more often than a
  // number dialled from abroad; written out, the 00 form is grouped or follows a phone word.
  if (international) return (grouped || phoneWord) && internationalPossible(digits.slice(2));
  if (NANP.test(core)) return true;
  // National numbers are at most 12 digits; longer runs are cards, accounts or ids.
  if (digits.startsWith('00') || digits.length > 12) return false;
  if (!grouped) {
    // A bare North American number reads as one (as libphonenumber does with default region US)
    // unless an id word comes right before it; any other bare run of digits needs a phone word.
    if (!phoneWord && ID_CONTEXT.test(before)) return false;
    if (NANP_DIGITS.test(digits)) return true;
    if (!phoneWord) return false;
  }
  if (TRUNK_PLANS.some((p) => fitsPlan(p, digits))) return true;
  // A leading area code in parentheses is a phone convention of its own; there the trunk prefix is often left out.
  if (core.startsWith('(') && TRUNK_PLANS.some((p) => p.prefix !== undefined && fitsPlan(p, p.prefix + digits))) return true;
  return phoneWord && !YEAR_FIRST.test(core) && PLAIN_PLANS.some((p) => fitsPlan(p, digits));
}

export function findPhones(text: string): PhoneSpan[] {
  const out: PhoneSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    // Trailing separators belong to the sentence, not the number.
    let raw = m[0].replace(/[ (./-]+$/, '');
    // A number right after the phone number ("call 212-555-0187 10 am") joins the candidate: drop
    // trailing space-separated groups (at most two) before giving up.
    for (let tries = 0; ; tries++) {
      if (acceptCandidate(text, m.index, raw)) { out.push({ start: m.index, end: m.index + raw.length }); break; }
      const cut = raw.lastIndexOf(' ');
      if (tries === 2 || cut < 0) break;
      raw = raw.slice(0, cut).replace(/[ (./-]+$/, '');
    }
  }
  return out;
}
