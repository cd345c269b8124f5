import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecrets, detectPii, luhnValid } from '@vigil/shared/detectors/index';

const types = (fs: { type: string }[]) => fs.map((f) => f.type);

test('provider keys are found with the span of the key itself', () => {
  const key = 'sk-proj-Xq7vL2mTz9RkPw4Ha8JcYd3NsFb6GeUo1iKtEr5QyWnDxC0h';
  const text = `OPENAI_API_KEY=${key}\n`;
  const [f] = detectSecrets(text);
  assert.ok(f);
  assert.equal(f?.type, 'openai_api_key');
  assert.equal(text.slice(f.start, f.end), key);
});

test('AWS pair, PEM, JWT, URL password and .env password are found', () => {
  const text = [
    'aws_access_key_id = AKIAQ3EGRTYUIOPLKJHG',
    'aws_secret_access_key = "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"',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7yn3bRHQ5FHMQ\n-----END RSA PRIVATE KEY-----',
    'token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'DATABASE_URL=postgres://admin:S3cr3tP4ss@db.internal:5432/app',
    'DB_PASSWORD=hunter2!Xy',
  ].join('\n');
  assert.deepEqual(types(detectSecrets(text)), ['aws_access_key_id', 'aws_secret_access_key', 'private_key', 'jwt', 'password', 'password']);
});

test('placeholders and documented examples are not findings', () => {
  const text = 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\napi_key = "<YOUR_KEY>"\nOPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXX\npassword = ${DB_PASSWORD}\nkey: value';
  assert.deepEqual(detectSecrets(text), []);
});

test('PII: email, phone, Luhn card, IBAN checksum, SSN, IP', () => {
  const text = 'Mail jane.doe@example.org or call (212) 555-0187. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, ip 10.0.0.12';
  assert.deepEqual(types(detectPii(text)), ['email', 'phone_number', 'credit_card', 'iban', 'us_ssn', 'ip_address']);
});

test('PII validation rejects look-alikes', () => {
  // Luhn-invalid card, bad IBAN checksum, SSN area 000, order number.
  const text = 'Card 4111 1111 1111 1112, IBAN DE00 3704 0044 0532 0130 00, SSN 000-12-3456';
  assert.deepEqual(detectPii(text), []);
  assert.equal(luhnValid('79927398713'), true);
  assert.equal(luhnValid('79927398710'), false);
});
