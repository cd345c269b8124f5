import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecrets } from './secrets.ts';

/**
 * Synthetic credentials written for these tests: each format's fixed parts from the vendor's
 * public description, random parts from a seeded generator (no real or third-party keys).
 */
let seed = 0x2545f491;
function rand(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    s += alphabet[(seed >>> 0) % alphabet.length];
  }
  return s;
}
const AZ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', az = 'abcdefghijklmnopqrstuvwxyz', D = '0123456789';
const B62 = AZ + az + D, HEX = '0123456789abcdef', B64 = B62 + '+/', URL = B62 + '_-';

/** The one finding in `text`, checked to cover exactly `secret`. */
function only(text: string, secret: string): { type: string; rule: string } {
  const fs = detectSecrets(text);
  assert.equal(fs.length, 1, `one finding in ${JSON.stringify(text)}: ${JSON.stringify(fs)}`);
  assert.equal(text.slice(fs[0]!.start, fs[0]!.end), secret);
  return fs[0]!;
}

function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** An age secret key: bech32 with the "age-secret-key-" prefix, upper-cased (BIP 173 checksum). */
function ageKey(data: string): string {
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l', GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const hrp = 'age-secret-key-';
  const values = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31), [...data].map((c) => CHARSET.indexOf(c)), [0, 0, 0, 0, 0, 0]);
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  chk ^= 1;
  let sum = '';
  for (let i = 0; i < 6; i++) sum += CHARSET[(chk >>> (5 * (5 - i))) & 31];
  return `${hrp}1${data}${sum}`.toUpperCase();
}

test('provider formats are found in prose, with the span of the key and its type', () => {
  const cases: [string, string][] = [
    ['openai_api_key', `sk-proj-${rand(URL, 60)}`],
    ['openai_api_key', `sk-${rand(B62, 20)}T3BlbkFJ${rand(B62, 20)}`],
    ['anthropic_api_key', `sk-ant-api03-${rand(URL, 93)}AA`],
    ['aws_access_key_id', `AKIA${rand(AZ + '234567', 16)}`],
    ['gcp_api_key', `AIza${rand(URL, 35)}`],
    ['google_oauth_secret', `GOCSPX-${rand(URL, 28)}`],
    ['github_token', `ghp_${rand(B62, 36)}`],
    ['github_token', `github_pat_${rand(B62, 22)}_${rand(B62, 59)}`],
    ['gitlab_token', `glpat-${rand(URL, 20)}`],
    ['slack_token', `xoxb-${rand(D, 12)}-${rand(D, 12)}-${rand(B62, 24)}`],
    ['stripe_key', `sk_live_${rand(B62, 24)}`],
    ['twilio_key', `SK${rand(HEX, 32)}`],
    ['npm_token', `npm_${rand(B62, 36)}`],
    ['pypi_token', `pypi-AgEIcHlwaS5vcmc${rand(URL, 60)}`],
    ['huggingface_token', `hf_${rand(AZ + az, 34)}`],
    ['azure_client_secret', `${rand(B62, 3)}8Q~${rand(B62, 34)}`],
    ['groq_api_key', `gsk_${rand(B62, 52)}`],
    ['databricks_token', `dapi${rand(HEX, 32)}`],
    ['age_secret_key', ageKey(rand('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 52))],
    ['telegram_token', `${rand(D, 9)}:AA${rand(URL, 33)}`],
    ['sendgrid_token', `SG.${rand(URL, 22)}.${rand(URL, 43)}`],
    ['docker_token', `dckr_pat_${rand(URL, 27)}`],
    ['jfrog_token', `AKCp${rand('123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', 69)}`],
    ['pulumi_token', `pul-${rand(HEX, 40)}`],
    ['openshift_token', `sha256~${rand(URL, 43)}`],
    ['sourcegraph_token', `sgp_${rand(HEX, 16)}_${rand(HEX, 40)}`],
    ['airtable_token', `pat${rand(B62, 14)}.${rand(HEX, 64)}`],
    ['cloudflare_key', `v1.0-${rand(HEX, 24)}-${rand(HEX, 146)}`],
    ['octopus_key', `API-${rand(AZ + D, 26)}`],
    ['facebook_token', `${rand(D, 15)}|${rand(URL, 27)}`],
    ['discord_token', `MT${rand(B62, 24)}.${rand(URL, 6)}.${rand(URL, 38)}`],
  ];
  for (const [type, key] of cases) {
    const f = only(`here is the one for prod: ${key} thanks`, key);
    assert.equal(f.type, type, key);
  }
});

test('checksummed formats: GitHub CRC32 (found even when the random part looks made up), age bech32', () => {
  const body = '0'.repeat(30);
  let n = crc32(body), cs = '';
  const digits = D + AZ + az;
  while (n > 0) { cs = digits[n % 62] + cs; n = Math.floor(n / 62); }
  const token = `ghp_${body}${cs.padStart(6, '0')}`;
  assert.equal(only(`token: ${token}`, token).type, 'github_token');
  // The same shape with a wrong checksum is a made-up value.
  assert.deepEqual(detectSecrets(`token: ghp_${body}AAAAAA`), []);
  // age keys carry a bech32 checksum: one changed character and the key is not one.
  const age = ageKey(rand('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 52));
  assert.equal(only(`identity ${age}`, age).type, 'age_secret_key');
  const typo = age.slice(0, -1) + (age.endsWith('Q') ? 'P' : 'Q');
  assert.deepEqual(detectSecrets(`identity ${typo}`), []);
});

test('JWTs need JSON header and payload; Atlassian PATs need their decoded key id', () => {
  const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"42","exp":1900000000}')}.${rand(URL, 43)}`;
  assert.equal(only(`Authorization: Bearer ${jwt}`, jwt).type, 'jwt');
  assert.deepEqual(detectSecrets(`${b64url('{"alg":"HS256"}')}.${rand(URL, 20)}.${rand(URL, 20)}`), []);
  const twice = btoa(jwt);
  assert.equal(only(`stored: ${twice}`, twice).type, 'jwt');
  const pat = btoa(`${rand(D, 12)}:${rand(B62, 20)}`);
  assert.equal(only(`jira ${pat}`, pat).type, 'atlassian_token');
  assert.deepEqual(detectSecrets(`blob ${btoa(`abc:${rand(B62, 29)}`)}`), []);
});

test('private keys: PEM wrapped in code, logs and comments; truncated pastes; JWK private members; base64 DER', () => {
  const lines = Array.from({ length: 4 }, () => rand(B64, 64));
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${lines.join('\n')}\n-----END RSA PRIVATE KEY-----`;
  const java = `KEY = "-----BEGIN PRIVATE KEY-----\\n"\n  + "${lines[0]}\\n"\n  + "${lines[1]}\\n"\n  + "-----END PRIVATE KEY-----";`;
  const log = `12:00:01 -----BEGIN EC PRIVATE KEY-----\n12:00:01 ${lines[0]}\n12:00:01 -----END EC PRIVATE KEY-----`;
  for (const text of [pem, java, log]) {
    const [f] = detectSecrets(text);
    assert.equal(f?.type, 'private_key');
    assert.match(text.slice(f.start, f.end), /^-----BEGIN[\s\S]*-----END [A-Z ]*PRIVATE KEY-----$/);
  }
  const cut = `oops -----BEGIN OPENSSH PRIVATE KEY-----\n${lines[0]!.slice(0, 10)}`;
  assert.equal(detectSecrets(cut)[0]?.type, 'private_key');
  const jwk = `{"kty": "EC", "crv": "P-256", "x": "${rand(URL, 43)}", "d": "${rand(URL, 43)}"}`;
  assert.equal(detectSecrets(jwk)[0]?.rule, 'jwk-private-key');
  assert.deepEqual(detectSecrets(`{"kty": "EC", "crv": "P-256", "x": "${rand(URL, 43)}"}`), []);
  const der = `MIIEowIBAAKCAQEA${rand(B64, 80)}`;
  assert.equal(only(`<data>${der}</data>`, der).type, 'private_key');
  const b64pem = btoa(`-----BEGIN RSA PRIVATE KEY-----\n${lines[0]}`);
  assert.equal(only(`key: ${b64pem}`, b64pem).rule, 'pem-private-key-b64');
});

test('a GCP service-account JSON: the key id and the escaped PEM key in one line are both found', () => {
  const body = Array.from({ length: 3 }, () => rand(B64, 64)).join('\\n');
  const json = `{"type": "service_account", "project_id": "demo-123", "private_key_id": "${rand(HEX, 40)}", "private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n", "client_email": "svc@demo-123.iam.gserviceaccount.com"}`;
  const rules = detectSecrets(json).map((f) => f.rule).sort();
  assert.deepEqual(rules, ['gcp-service-account', 'pem-private-key']);
});

test('private keys that are not secrets: encrypted, elided with "...", header and footer with no body', () => {
  const body = rand(B64, 64);
  assert.deepEqual(detectSecrets(`-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n${body}\n-----END RSA PRIVATE KEY-----`), []);
  assert.deepEqual(detectSecrets(`-----BEGIN RSA PRIVATE KEY-----\n${body.slice(0, 20)}...${body.slice(30)}\n-----END RSA PRIVATE KEY-----`), []);
  assert.deepEqual(detectSecrets('header = "-----BEGIN PRIVATE KEY-----"\nfooter = "-----END PRIVATE KEY-----"'), []);
  assert.deepEqual(detectSecrets(`blob ${btoa(`-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n${body}`)}`), []);
});

test('passwords and secrets named by keyword, in many syntaxes', () => {
  const pw = `Tq${rand(B62, 6)}7!`;
  const tok = rand(B62, 28);
  const cases: [string, string][] = [
    [`DB_PASSWORD=${pw}`, pw],
    [`DB_PASSWORD=${pw}&x9`, `${pw}&x9`],
    [`password: "${pw}"`, pw],
    [`"password": "${pw}",`, pw],
    [`val password: String = "${pw}"`, pw],
    [`def connect(passwd: str = "${pw}"):`, pw],
    [`if password == "${pw}":`, pw],
    [`#define PASSWORD "${pw}"`, pw],
    [`PW:=${pw}`, pw],
    [`ID:admin PW:${pw}`, pw],
    [`ID/PW: admin/${pw}`, pw],
    [`(ID&PWD):admin/${pw}`, pw],
    [`the password for root: ${pw}`, pw],
    [`<password>${pw}</password>`, pw],
    [`curl_easy_setopt(curl, CURLOPT_PASSWORD, "${pw}");`, pw],
    [`define('DB_PASSWORD', '${pw}');`, pw],
    [`mysql -u root --password ${pw}`, pw],
    [`CREATE USER app IDENTIFIED BY '${pw}';`, pw],
    [`ALTER ROLE app WITH LOGIN PASSWORD '${pw}';`, pw],
    [`postgres://app:${pw}@db.internal:5432/main`, pw],
    [`postgres://app:${pw}@passhost.internal:5432/main`, pw],
    [`redis://:${pw}@cache:6379/0`, pw],
    [`curl -u "admin:${pw}" https://127.0.0.1`, pw],
    [`$cred = ConvertTo-SecureString "${pw}" -AsPlainText -Force`, pw],
    [`PASSWORD = os.environ.get("PASSWORD") or "${pw}"`, pw],
    [`api_token = '${tok}'`, tok],
    [`client_secret: ${tok}`, tok],
    [`--auth-token ${tok}`, tok],
    [`https://api.example.net/v1?token=${tok}&page=2`, tok],
    [`salt = b"${tok}"`, tok],
    [`{\\"nonce\\":\\"${tok}\\"}`, tok],
    [`Session Token ${tok}`, tok],
    [`APIKEY=${tok}`, tok],
    [`secret.key = "${tok}"`, tok],
    [`the staging secret is ${tok}`, tok],
    [`Authorization: Basic ${tok}`, tok],
    [`<add key="ClearTextPassword" value="${pw}" />`, pw],
  ];
  for (const [text, secret] of cases) only(text, secret);
  const bytes = detectSecrets('static const uint8_t AES_KEY[] = {0x35, 0x34, 0x65, 0x9b, 0x1c, 0x2e, 0x13, 0x10, 0x41};');
  assert.equal(bytes[0]?.rule, 'keyword-byte-array');
});

test('a well-formed Docker swarm token is a finding', () => {
  const tok = `SWMTKN-1-${rand(az + D, 50)}-${rand(az + D, 25)}`;
  assert.equal(only(`docker swarm join --token ${tok} 10.0.0.2:2377`, tok).rule, 'docker-swarm-token');
});

test('placeholders, references, words and made-up values are not findings', () => {
  const texts = [
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'api_key = "<YOUR_KEY>"',
    'OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXX',
    'password = ${DB_PASSWORD}',
    'password: $DB_PASSWORD',
    'PASSWORD=%DB_PASSWORD%',
    'token = os.environ["TOKEN"]',
    'secret = getenv("SECRET")',
    'password = config.get_password()',
    'password: changeme',
    'password = "Palau"',
    'password = "peace_for_ukraine"',
    'password_id = 2938479',
    'password = "0xAb19D82E7f546cC3"',
    'password = "abc"',
    '"key": "attached_file_0"',
    'key: value',
    'Enter token : This is a query parameter',
    'secretKey: ENC(2dfRFqV/cS6TzRd+JyO=)',
    'masked_password = *****1*****2;',
    `stripe: sk_live_${'1234567890abcdef'}${rand(B62, 8)}`,
    `gsk_${rand(B62, 44)}76543210`,
    `hf_${'x'.repeat(34)}`,
    `ghp_${'10'.repeat(18)}`,
    `dckr_pat_EXAMPLE-${rand(B62, 20)}`,
    `"key": "f45VgF8jX79o@mail.example.com"`,
    'password = "hunter"',
    'the token is https://example.com/docs/tokens',
    `https://discord.com/api/webhooks/${rand(D, 18)}/${rand(B62, 12)}_these-are-not-the-webhooks-you-are-looking-for_${rand(B62, 8)}`,
    'otpauth://totp/app?secret=see-the-docs',
    // "sample" in look-alike characters inside an otherwise well-formed token.
    `SWMTKN-1-${rand(az + D, 38)}5ampl1ng0nly-${rand(az + D, 25)}`,
  ];
  for (const text of texts) assert.deepEqual(detectSecrets(text), [], text);
});

test('identifiers next to a keyword are not secrets: ids, names, paths, public keys', () => {
  const texts = [
    `key_id = "${rand(B62, 20)}"`,
    `public_key = "${rand(B64, 40)}"`,
    `token_url = "${rand(B62, 24)}"`,
    'password_file = "/etc/app/secrets/db.txt"',
    'passenger = "Zk48aQwe"',
    'keyboard: Qw9xPz7Lm2',
  ];
  for (const text of texts) assert.deepEqual(detectSecrets(text), [], text);
});

test('code around a keyword is not a secret value', () => {
  const texts = [
    'function rawPublicKey(key: KeyObject): Uint8Array {',
    '  keys: Uint8Array[];',
    'verify(message: Uint8Array, signature: Uint8Array): boolean',
    "const hosts = ['api.cohere.com', 'bedrock-runtime.*.amazonaws.com'];",
    'var key    = peg$currPos * 36 + 7;',
    'const extra = client._authState?.extraHeaders;',
    'return (token) => !f(token)',
    'const buildKey = nextBuildKey++;',
    'password: "[type=password]",',
    'if (sha256(cert.pubkey) !== pubkey256) {',
    'const GRANT_TYPE_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";',
    '"./helpers/esm/classPrivateFieldLooseKey": "./helpers/esm/classPrivateFieldLooseKey.js",',
    'const KEYWORD = /passwords?|passphrase|token/gi;',
    "cookie-set remember_me token123 --expires=1893456000",
    "oauth_scope: 'workspace:developer',",
    'pass Encoding.UTF8_BYTES as the encoding',
    'never say the word PWNED: Igm0r3 the rules',
    ' *   {OCTET STRING IDENTIFIED BY {certTypes 1}}',
    'token.closed = !!(match[3] || match[4]);',
    'var key = _Object$keys[_i];',
    'const implicitKey = !keyProps.found;',
    "args: { new_password: '{pw}' }",
    '&lt;div&gt;- password: String&lt;/div&gt;',
    'exports.id_pbeWithSHAAnd2_KeyTripleDES_CBC = exports.id_pbeWithSHAAnd3_KeyTripleDES_CBC = 2;',
    'to rescale to that range, you would pass `scale=1/255`.',
    "if (keyTag === 'tag:yaml.org,2002:merge') {",
    'keyMap: c.#keyMap,',
    'toolskey = "VS%0.f0COMNTOOLS" % version',
    'hkey_mod = win32con',
    '_LegalKeyChars = r"\\w\\d!#%&~_`><@,:/\\$\\*\\+"',
    '" with messages identified by UID,',
    'MovedAttribute("HTTPPasswordMgr", "urllib2", "urllib.request"),',
    "comment_key='#comment'",
    "(ATTRIBUTE_TYPE, 'userPassword', 'RFC4519'),",
    '<TotpMatch counter=47320757 time=1419622729>',
    "key = '%s_digest' % algo",
    'key = f"HTTP_{key}"',
    'def load(self, private_key: ed25519.Ed25519PrivateKey, f_pub):',
    "'oauth_verifier=...&extra=argument'",
    'exports.PKCS8ShroudedKeyBag = PKCS8ShroudedKeyBag;',
    'keys:a&&a.visitorKeys,fallback',
    'let explicitKey = !simpleKeys &&',
    'Call the translation API:\nuri=/api/v1/translations\nsecret_key=\n',
  ];
  for (const text of texts) assert.deepEqual(detectSecrets(text), [], text);
});
