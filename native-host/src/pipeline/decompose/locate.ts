import type { Action, BodyPiece } from './action.ts';

interface Leaf {
  pointer: string;
  value: string;
}

/** Every string in a JSON document with its RFC 6901 pointer, in document order. */
export function stringLeaves(json: unknown, pointer = '', out: Leaf[] = []): Leaf[] {
  if (typeof json === 'string') out.push({ pointer, value: json });
  else if (Array.isArray(json)) json.forEach((v, i) => stringLeaves(v, `${pointer}/${i}`, out));
  else if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) stringLeaves(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
  return out;
}

/**
 * Fills `pieces` of each request action: which strings of the body its text is made of. Adapters
 * build a message's text by joining content parts verbatim (with at most a newline between them),
 * so the text starts with one string of the body and continues with later ones. Walking the body's
 * strings in document order finds them without knowing the provider's format. Text that cannot be
 * located whole (tool inputs re-serialised with escapes) keeps the pieces found, and redaction
 * refuses spans outside them.
 */
export function locateInBody(actions: Action[], body: unknown): void {
  const leaves = stringLeaves(body).filter((l) => l.value.length > 0);
  let cursor = 0;
  for (const a of actions) {
    if (a.direction !== 'request' || !a.text) continue;
    let best: { pieces: BodyPiece[]; end: number; next: number } | null = null;
    for (let i = cursor; i < leaves.length; i++) {
      if (!a.text.startsWith(leaves[i]!.value)) continue;
      const found = extend(a.text, leaves, i);
      if (!best || found.end > best.end) best = found;
      if (found.end === a.text.length) break;
    }
    if (best) {
      a.pieces = best.pieces;
      cursor = best.next;
    }
  }
}

/** Greedily follows the text through later strings, skipping a few unrelated ones (part types, ids). */
function extend(text: string, leaves: Leaf[], first: number): { pieces: BodyPiece[]; end: number; next: number } {
  const pieces: BodyPiece[] = [{ pointer: leaves[first]!.pointer, offset: 0, length: leaves[first]!.value.length }];
  let at = leaves[first]!.value.length;
  let next = first + 1;
  for (let i = first + 1, skipped = 0; i < leaves.length && at < text.length && skipped <= 6; i++) {
    const v = leaves[i]!.value;
    const sep = text.startsWith(v, at) ? 0 : text[at] === '\n' && text.startsWith(v, at + 1) ? 1 : -1;
    if (sep < 0) {
      skipped++;
      continue;
    }
    pieces.push({ pointer: leaves[i]!.pointer, offset: at + sep, length: v.length });
    at += sep + v.length;
    next = i + 1;
    skipped = 0;
  }
  return { pieces, end: at, next };
}
