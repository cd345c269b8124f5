import { concatBytes, utf8, toBase64, fromBase64, bytesEqual } from './bytes.ts';
import type { AuditCrypto, AuditSigner } from './crypto.ts';

/**
 * C2SP signed note (https://c2sp.org/signed-note) carrying a C2SP tlog-checkpoint body
 * (https://c2sp.org/tlog-checkpoint): "origin\nsize\nbase64(root)\n", a blank line, then one
 * "— name base64(keyhash[4] ‖ sig[64])" line per signature. Ed25519 signs the body bytes.
 */
export const NOTE_KEY_NAME = 'vigil-audit';
const DASH = '\u2014 ';
const ED25519_ALG = 0x01;

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyHash: Uint8Array;
  sig: Uint8Array;
}

/** Signed-note key hash: SHA-256(name ‖ "\n" ‖ 0x01 ‖ publicKey)[:4]. */
export function noteKeyHash(c: AuditCrypto, name: string, publicKey: Uint8Array): Uint8Array {
  return c.sha256(name + '\n', Uint8Array.of(ED25519_ALG), publicKey).subarray(0, 4);
}

export function checkpointBody(cp: Checkpoint): string {
  if (cp.origin.includes('\n') || cp.origin === '') throw new TypeError('bad checkpoint origin');
  return `${cp.origin}\n${cp.size}\n${toBase64(cp.rootHash)}\n`;
}

/** Encodes and signs a checkpoint note. */
export function signCheckpoint(c: AuditCrypto, signer: AuditSigner, cp: Checkpoint): string {
  const body = checkpointBody(cp);
  const sig = signer.sign(utf8(body));
  const keyHash = noteKeyHash(c, NOTE_KEY_NAME, signer.publicKey);
  return `${body}\n${DASH}${NOTE_KEY_NAME} ${toBase64(concatBytes(keyHash, sig))}\n`;
}

export interface ParsedNote {
  body: string;
  checkpoint: Checkpoint;
  signatures: NoteSignature[];
}

/** Parses a checkpoint note; throws SyntaxError naming what is malformed. Does not check signatures. */
export function parseCheckpointNote(text: string): ParsedNote {
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw new SyntaxError('signed note: no signature block');
  const body = text.slice(0, split + 1);
  const lines = body.split('\n');
  const [origin, sizeText, rootText] = lines;
  if (!origin || !sizeText || !/^(0|[1-9][0-9]*)$/.test(sizeText) || rootText === undefined) {
    throw new SyntaxError('checkpoint: bad origin/size lines');
  }
  const rootHash = fromBase64(rootText);
  if (rootHash.length !== 32) throw new SyntaxError('checkpoint: root hash is not 32 bytes');
  const signatures: NoteSignature[] = [];
  for (const line of text.slice(split + 2, -1).split('\n')) {
    if (!line.startsWith(DASH)) throw new SyntaxError('signed note: bad signature line');
    const [name, b64, extra] = line.slice(DASH.length).split(' ');
    if (!name || !b64 || extra !== undefined) throw new SyntaxError('signed note: bad signature line');
    const raw = fromBase64(b64);
    if (raw.length !== 68) throw new SyntaxError('signed note: Ed25519 signature must be 4+64 bytes');
    signatures.push({ name, keyHash: raw.subarray(0, 4), sig: raw.subarray(4) });
  }
  return { body, checkpoint: { origin, size: Number(sizeText), rootHash }, signatures };
}

/** True when one of the note's signatures is a valid Ed25519 signature by `publicKey`. */
export function noteSignedBy(c: AuditCrypto, note: ParsedNote, publicKey: Uint8Array): boolean {
  const keyHash = noteKeyHash(c, NOTE_KEY_NAME, publicKey);
  return note.signatures.some(
    (s) => s.name === NOTE_KEY_NAME && bytesEqual(s.keyHash, keyHash) && c.verify(publicKey, utf8(note.body), s.sig),
  );
}
