/**
 * Reads an ONNX file's metadata_props (ModelProto field 14) straight from the protobuf bytes.
 * onnxruntime-web does not expose them, and the loaders (host and extension) need the feature-schema version a model was
 * trained with before trusting its scores.
 */
// shared/ has no TextDecoder in its lib. The loaders compare these values with ASCII version
// numbers, so bytes are read one to one; a non-ASCII value comes out garbled, never equal.
const text = (b: Uint8Array) => String.fromCharCode(...b);

export function onnxMetadata(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const top = fields(bytes, 0, bytes.length);
  for (const f of top) {
    if (f.field !== 14 || f.start === undefined) continue;
    let key = '', value = '';
    for (const g of fields(bytes, f.start, f.end!)) {
      if (g.start === undefined) continue;
      const s = text(bytes.subarray(g.start, g.end));
      if (g.field === 1) key = s;
      else if (g.field === 2) value = s;
    }
    out.set(key, value);
  }
  return out;
}

interface Field { field: number; start?: number; end?: number }

/** The fields of one message in bytes[from, to); length-delimited ones carry their byte range. */
function fields(bytes: Uint8Array, from: number, to: number): Field[] {
  const out: Field[] = [];
  let at = from;
  const varint = (): number => {
    let v = 0, mul = 1;
    for (;;) {
      if (at >= to) throw new Error('truncated protobuf');
      const b = bytes[at++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (at < to) {
    const tag = varint();
    const field = Math.floor(tag / 8), wire = tag % 8;
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const len = varint();
      if (at + len > to) throw new Error('truncated protobuf');
      out.push({ field, start: at, end: at + len });
      at += len;
      continue;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    if (at > to) throw new Error('truncated protobuf');
    out.push({ field });
  }
  return out;
}
