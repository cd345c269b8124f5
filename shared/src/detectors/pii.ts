import { isValidIBAN, electronicFormatIBAN } from 'ibantools';
import { findAddresses } from './address.ts';
import { findPhones } from './phone.ts';
import type { DetectorFinding } from './types.ts';

/**
 * Personal-data detection. Every type is validated beyond its shape (Luhn for cards, the IBAN
 * checksum, libphonenumber's per-country metadata, SSN area/group rules) so that order numbers
 * and version strings are not reported as personal data.
 */

const EMAIL = /(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-])/g;
// No card number starts with 0 (ISO/IEC 7812), and none follows a `+` (that is a phone number).
const CARD = /(?<![\d+-])[1-9](?:[ -]?\d){12,18}(?![\d-])/g;
/** Cards are written in groups of four to six digits (4-4-4-4, 4-6-5, ...) or as one run. */
const CARD_GROUPS = /^(?:\d{4,6}[ -])*\d+$/;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])/g;
// Whole tokens only: nine digits inside a hex string or an identifier (0x123456789, build-a1123456789) are not an SSN.
const SSN = /(?<![\p{L}\p{N}_-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\p{L}\p{N}_-])/gu;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
// Both forms (full, and compressed with ::) are bounded on both sides: without the group the
// boundaries applied to one form each, and the compressed form was tried inside every word.
const IPV6 = /(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}:?){1,6})(?![\w:])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function ssnValid(area: string, group: string, serial: string): boolean {
  // SSA never issues area 000, 666 or 900-999, group 00, or serial 0000.
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

function push(out: DetectorFinding[], type: string, start: number, end: number, rule: string): void {
  if (out.some((f) => start < f.end && f.start < end)) return;
  out.push({ type, start, end, rule });
}

export function detectPii(text: string): DetectorFinding[] {
  const out: DetectorFinding[] = [];
  // The email pattern tries up to 64 characters at every word position; most texts have no @ at all.
  if (text.includes('@')) for (const m of text.matchAll(EMAIL)) push(out, 'email', m.index, m.index + m[0].length, 'email');
  for (const m of text.matchAll(IBAN)) {
    const iban = electronicFormatIBAN(m[0]);
    if (iban && isValidIBAN(iban)) push(out, 'iban', m.index, m.index + m[0].length, 'iban-checksum');
  }
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && CARD_GROUPS.test(m[0]) && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) {
      push(out, 'credit_card', m.index, m.index + m[0].length, 'card-luhn');
    }
  }
  for (const m of text.matchAll(SSN)) {
    if (ssnValid(m[1] ?? '', m[3] ?? '', m[4] ?? '')) push(out, 'us_ssn', m.index, m.index + m[0].length, 'ssn-format');
  }
  for (const m of text.matchAll(IPV4)) push(out, 'ip_address', m.index, m.index + m[0].length, 'ipv4');
  if (text.includes(':')) for (const m of text.matchAll(IPV6)) push(out, 'ip_address', m.index, m.index + m[0].length, 'ipv6');
  for (const p of findPhones(text)) push(out, 'phone_number', p.start, p.end, 'phone-metadata');
  for (const a of findAddresses(text)) push(out, 'street_address', a.start, a.end, a.rule);
  return out.sort((a, b) => a.start - b.start);
}
