import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findAddresses } from './address.ts';
import { detectPii } from './pii.ts';

const found = (text: string) => findAddresses(text).map((a) => text.slice(a.start, a.end));

test('house number, street name and street type, with a unit', () => {
  assert.deepEqual(found('Ship it to 4759 William Haven Apt. 194, Lake Erin, OR 97201.'), ['4759 William Haven Apt. 194']);
  assert.deepEqual(found('The office is at 1600 Pennsylvania Ave NW in Washington'), ['1600 Pennsylvania Ave NW']);
  assert.deepEqual(found('221B Baker Street'), ['221B Baker Street']);
  assert.deepEqual(found('2000 Pennsylvania Ave, Suite 12'), ['2000 Pennsylvania Ave, Suite 12']);
  assert.deepEqual(found('send to 12 W 34th St Suite 5A'), ['12 W 34th St Suite 5A']);
  assert.deepEqual(found('88 Martin Luther King Jr. Blvd.'), ['88 Martin Luther King Jr. Blvd.']);
});

test('post office boxes and military boxes', () => {
  assert.deepEqual(found('mail: P.O. Box 4521, Austin'), ['P.O. Box 4521']);
  assert.deepEqual(found('PSC 4115, Box 7815'), ['PSC 4115, Box 7815']);
});

test('continental forms', () => {
  assert.deepEqual(found('Wir wohnen in der Lindenstraße 12a, 10115 Berlin'), ['Lindenstraße 12a']);
  assert.deepEqual(found('Keizersgracht 123'), ['Keizersgracht 123']);
  assert.deepEqual(found('au 12 rue de la Paix, Paris'), ['12 rue de la Paix']);
  assert.deepEqual(found('Via Roma 3, Milano'), ['Via Roma 3']);
  assert.deepEqual(found('Calle de Alcalá, 45'), ['Calle de Alcalá, 45']);
  assert.deepEqual(found('Mannerheimintie 14 B, Helsinki'), ['Mannerheimintie 14']);
  assert.deepEqual(found('Budapest, Kossuth Lajos utca 12.'), ['Kossuth Lajos utca 12']);
});

test('numbers and capitalised words in ordinary prose are not addresses', () => {
  for (const text of [
    'We shipped 3 New Features this week.',
    'Version 2 Release Notes',
    'Take 2 tablets twice a day.',
    'The street is quiet at night.',
    'I live on Baker Street.',
    'In 1999 Prince Street was renamed.',
    'Chapter 12: Rivers and Lakes',
    'Section 4.2 Road Map',
    'rue de la Paix is in Paris',
    'She ran 5 km along the River.',
    'the 2011 Arab Spring',
    'Kirk, Pickering 45, Barlaser',
  ]) assert.deepEqual(found(text), [], text);
});

test('detectPii reports addresses as street_address', () => {
  const text = 'My address is 742 Evergreen Terrace, call me on +1 202 555 0143';
  const f = detectPii(text).find((x) => x.type === 'street_address');
  assert.equal(f && text.slice(f.start, f.end), '742 Evergreen Terrace');
});
