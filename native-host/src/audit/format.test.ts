// Tests of shared/src/audit-format (run here because shared/ has no Node types for node:test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  canonicalBody, CompactRange, fromBase64, fromHex, inclusionProof, keyIdOf, leafHash, nodeHash, noteSignedBy, parseCheckpointNote,
  recordHashOf, signCheckpoint, toBase64, toHex, u64be, utf8, verifyInclusion,
} from '@vigil/shared/audit-format/index';
import { nodeAuditCrypto, rawPublicKey } from './node-crypto.ts';
import { signingKeyFromPkcs8 } from './signing-key.ts';

const c = nodeAuditCrypto();
const sha = (...parts: (Buffer | string)[]) => {
  const h = createHash('sha256');
  parts.forEach((p) => h.update(p));
  return h.digest();
};

test('bodies are RFC 8785 canonical JSON', () => {
  assert.equal(canonicalBody({ b: 1, a: [true, null, 'é'], c: 1e21 }), '{"a":[true,null,"é"],"b":1,"c":1e+21}');
  assert.throws(() => canonicalBody(undefined));
});

test('the record hash is SHA-256(prevHash ‖ bodyHash ‖ u64be(seq) ‖ u64be(ts) ‖ utf8(type))', () => {
  const prevHash = sha('prev');
  const bodyHash = sha('{"a":1}');
  const expected = sha(prevHash, bodyHash, Buffer.from('0000000000000007', 'hex'), Buffer.from('0000018c2b3c4d5e', 'hex'), 'interaction');
  const got = recordHashOf(c, { prevHash, bodyHash, seq: 7, ts: 0x18c2b3c4d5e, type: 'interaction' });
  assert.equal(toHex(got), expected.toString('hex'));
  assert.notEqual(toHex(recordHashOf(c, { prevHash, bodyHash, seq: 8, ts: 0x18c2b3c4d5e, type: 'interaction' })), toHex(got));
});

test('byte helpers agree with Node', () => {
  const s = 'aé€😀\n';
  assert.deepEqual(Buffer.from(utf8(s)), Buffer.from(s, 'utf8'));
  const b = new Uint8Array(Array.from({ length: 37 }, (_, i) => (i * 73) & 255));
  for (const n of [0, 1, 2, 3, 36, 37]) assert.equal(toBase64(b.subarray(0, n)), Buffer.from(b.subarray(0, n)).toString('base64'));
  assert.deepEqual(fromBase64(Buffer.from(b).toString('base64')), b);
  assert.deepEqual(fromHex(toHex(b)), b);
  assert.equal(toHex(u64be(2 ** 53 - 1)), '001fffffffffffff');
  assert.throws(() => u64be(-1));
});

/** MTH straight from RFC 6962 §2.1, recursively, as the reference. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha('');
  if (leaves.length === 1) return sha(Buffer.of(0), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

test('the streaming tree head equals RFC 6962 MTH, and every inclusion proof verifies (sizes 1..33)', () => {
  const data = Array.from({ length: 33 }, (_, i) => sha(`leaf ${i}`));
  const range = new CompactRange(c);
  assert.equal(toHex(range.root()), mth([]).toString('hex'));
  for (let n = 1; n <= data.length; n++) {
    range.append(data[n - 1]!);
    const root = range.root();
    assert.equal(toHex(root), mth(data.slice(0, n)).toString('hex'), `size ${n}`);
    for (let m = 0; m < n; m++) {
      const proof = inclusionProof(c, data.slice(0, n), m);
      assert.equal(verifyInclusion(c, data[m]!, m, n, proof, root), true, `leaf ${m} of ${n}`);
      if (n > 1) assert.equal(verifyInclusion(c, data[(m + 1) % n]!, m, n, proof, root), false);
    }
  }
  assert.equal(toHex(leafHash(c, data[0]!)), sha(Buffer.of(0), data[0]!).toString('hex'));
  assert.equal(toHex(nodeHash(c, data[0]!, data[1]!)), sha(Buffer.of(1), data[0]!, data[1]!).toString('hex'));
});

test('checkpoints are C2SP signed notes that verify only under the signing key and only unedited', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = signingKeyFromPkcs8(c, privateKey.export({ format: 'der', type: 'pkcs8' }));
  assert.deepEqual(key.publicKey, rawPublicKey(publicKey));
  assert.equal(key.keyId, keyIdOf(c, key.publicKey));
  const rootHash = sha('root');
  const text = signCheckpoint(c, key, { origin: 'vigil.local/audit/x', size: 42, rootHash });
  assert.match(text, /^vigil\.local\/audit\/x\n42\n[A-Za-z0-9+/]{43}=\n\n\u2014 vigil-audit [A-Za-z0-9+/=]{92}\n$/);
  const note = parseCheckpointNote(text);
  assert.equal(note.checkpoint.size, 42);
  assert.deepEqual(Buffer.from(note.checkpoint.rootHash), rootHash);
  assert.equal(noteSignedBy(c, note, key.publicKey), true);
  const other = signingKeyFromPkcs8(c, generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }));
  assert.equal(noteSignedBy(c, note, other.publicKey), false);
  assert.equal(noteSignedBy(c, parseCheckpointNote(text.replace('\n42\n', '\n41\n')), key.publicKey), false);
  assert.throws(() => parseCheckpointNote('no signature block\n'));
});
