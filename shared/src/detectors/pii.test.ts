import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPii } from './pii.ts';

const spans = (text: string, type: string) => detectPii(text).filter((f) => f.type === type).map((f) => text.slice(f.start, f.end));

test('IPv6: full and compressed forms, bounded on both sides', () => {
  assert.deepEqual(spans('from 2001:db8::1 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334.', 'ip_address'), ['2001:db8::1', '2001:0db8:85a3:0000:0000:8a2e:0370:7334']);
  // Inside a word or a C++ name it is not an address (the compressed form used to match mid-word).
  assert.deepEqual(spans('std::vector<int> and xdeadbeef::cafe and 12:30:45', 'ip_address'), []);
});

test('emails are found with or without other text around them', () => {
  assert.deepEqual(spans('mail jane.doe+x@mail.example.co.uk, or ops@example.org.', 'email'), ['jane.doe+x@mail.example.co.uk', 'ops@example.org']);
  assert.deepEqual(spans('no address here: example.org, @handle', 'email'), []);
});

test('cards: Luhn-valid runs in groups of four to six digits, never after a +', () => {
  assert.deepEqual(spans('card 4111-1111-1111-1111 or 378282246310005', 'credit_card'), ['4111-1111-1111-1111', '378282246310005']);
  assert.deepEqual(spans('call +4 1111 1111 1111 1111, ref 41 11 11 11 11 11 11 11', 'credit_card'), []);
});

test('SSNs: whole tokens only, not nine digits inside a hex string or an identifier', () => {
  assert.deepEqual(spans('SSN 123-45-6789, ssn:123456789.', 'us_ssn'), ['123-45-6789', '123456789']);
  assert.deepEqual(spans('hash 0x123456789, ref a1b2c3123456789ffe, canary-abc123456789, build_123456789', 'us_ssn'), []);
});
