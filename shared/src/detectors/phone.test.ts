import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { findPhones, internationalPossible } from './phone.ts';
import { detectPii } from './pii.ts';

// Synthetic examples written for this test from the public national formats; no dataset text.
const found = (text: string) => findPhones(text).map((p) => text.slice(p.start, p.end));

test('North American formats, with international prefixes and extensions', () => {
  const cases = [
    '212-555-0187', '(212)555-0187', '(212) 555-0187', '212.555.0187', '1-212-555-0187', '+1-212-555-0187',
    '001-212-555-0187', '+1 (212) 555-0187', '212-555-0187x123', '(212)555-0187x1234', '+1-212-555-0187x12345',
    '212-555-0187 ext. 42', '2125550187', '+1.212.555.0187',
    // Area codes starting 0/1 are not assigned, but the grouping alone makes these phone numbers.
    '012-345-6789', '(123)456-7890',
  ];
  for (const c of cases) assert.deepEqual(found(`Call ${c} today.`), [c], c);
});

test('international and national formats of other countries', () => {
  const cases = [
    '+44 20 7946 0958', '+44(0)20 7946 0958', '0044 20 7946 0958', '020 7946 0958', '07700 900123', '(0161) 496 0000',
    '+49 30 12345678', '030 12345678', '0171 1234567', '+49 (0)30 1234567', '+33 1 23 45 67 89', '01 23 45 67 89',
    '06.12.34.56.78', '+39 06 1234 5678', '06-12345678', '020-1234567', '+31 20 123 4567', '(02) 9876 5432', '0412 345 678',
    '+61 4 1234 5678', '(11) 91234-5678', '+55 11 91234-5678', '03-1234-5678', '+81 3-1234-5678', '+91 98765 43210',
    '+7 (495) 123-45-67', '8 (495) 123-45-67', '0664 123 45 67', '0470 12 34 56', '040-123 4567', '070-123 45 67',
    '+420 123 456 789', '+353 1 234 5678',
  ];
  for (const c of cases) assert.deepEqual(found(`Contact: ${c}.`), [c], c);
});

test('numbers without a trunk prefix count after a phone word only', () => {
  assert.deepEqual(found('Phone: 912 345 678'), ['912 345 678']);
  assert.deepEqual(found('my mobile is 12 34 56 78'), ['12 34 56 78']);
  assert.deepEqual(found('reference 912 345 678'), []);
  assert.deepEqual(found('between 12 34 56 78'), []);
  assert.deepEqual(found('tel 612345678'), ['612345678']);
  assert.deepEqual(found('batch 612345678'), []);
  assert.deepEqual(found('phone 00442079460958'), ['00442079460958']);
});

test('numbers right after a phone number are not part of it', () => {
  assert.deepEqual(found('call 212-555-0187 10 am'), ['212-555-0187']);
  assert.deepEqual(found('call 020 7946 0958 12 or 13 times'), ['020 7946 0958']);
});

test('dates, versions, ids, amounts and US id shapes are not phone numbers', () => {
  const negatives = [
    '2023-01-15', '15/01/2023', '01.02.2023', '12/31/99', '2024-03-05 14:30', 'version 1.2.3.4', 'v10.15.7', 'ISBN 978-3-16-148410-0',
    'invoice 2023-0042-17', 'serial SN-2023-000123', 'zip 10001-1234', 'ITIN 912-71-2345', 'SSN 000-12-3456', 'EIN 98-7654321',
    'account number: 12345678901', 'routing number 021000021', 'customer id 4837261950', 'amount 12 345 678', 'balance 1,234,567',
    'coordinates 51.5074 -0.1278', 'page 211-227 (2003)', 'uuid 123e4567-e89b-12d3-a456-426614174000', 'order #12345678',
    '3.14159265', 'sha 9f86d081884c7d659a2feaa0c55ad015', 'build 20230115.3', 'port 8080 and 8443', '{"id":"0012746856"}', 'req=00983951',
  ];
  for (const n of negatives) assert.deepEqual(found(`See ${n} here.`), [], n);
});

test('a phone number is not taken for a card, and cards are still found', () => {
  // 13 digits that pass Luhn: the + and the grouping make it a phone number.
  const text = 'Contact: +55 11 95328-3984, card 4111 1111 1111 1111';
  assert.deepEqual(detectPii(text).map((f) => [f.type, text.slice(f.start, f.end)]), [
    ['phone_number', '+55 11 95328-3984'], ['credit_card', '4111 1111 1111 1111'],
  ]);
  assert.deepEqual(detectPii('Amex 3782 822463 10005 and 5555555555554444').map((f) => f.type), ['credit_card', 'credit_card']);
});

test('the international length check agrees with libphonenumber isPossible() on generated numbers', () => {
  let s = 11;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  // Calling codes of one region each, so that libphonenumber's choice of region cannot differ from the union.
  const codes = ['33', '34', '36', '39', '41', '43', '44', '45', '46', '48', '49', '55', '61', '81', '86', '91', '353', '358', '420'];
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const cc = codes[Math.floor(rand() * codes.length)]!;
    let national = String(1 + Math.floor(rand() * 9));
    const len = 4 + Math.floor(rand() * 11);
    while (national.length < len) national += String(Math.floor(rand() * 10));
    const parsed = parsePhoneNumberFromString(`+${cc}${national}`, metadata);
    if (!parsed || parsed.nationalNumber !== national) continue; // libphonenumber rewrote it (national prefix): not comparable
    assert.equal(internationalPossible(cc + national), parsed.isPossible(), `+${cc} ${national}`);
    checked++;
  }
  assert.ok(checked > 1000, `only ${checked} numbers compared`);
});
