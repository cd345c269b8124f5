import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-schema.ts';

/** Builds ONNX graphs from plain arrays so training scripts need no Python toolchain. */

const FLOAT = 1;
const INT64 = 7;
const ELEM = { float: FLOAT, int32: 6, int64: INT64 } as const;
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export type AttrValue = number | string | number[] | string[] | { ints: number[] } | { int: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  domain?: string;
  attrs?: Record<string, AttrValue>;
}

export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface GraphSpec {
  name: string;
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  nodes: OnnxNode[];
  initializers: Initializer[];
  metadata?: Record<string, string>;
  /** ai.onnx.ml opset, when the graph uses TreeEnsemble operators. */
  mlOpset?: number;
  /** Inputs that are not float32. */
  inputElemTypes?: Record<string, 'int32' | 'int64'>;
}

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: ATTR.FLOAT, f: v };
  if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'string') return { name, type: ATTR.STRINGS, strings: (v as string[]).map((s) => new TextEncoder().encode(s)) };
    return { name, type: ATTR.FLOATS, floats: v };
  }
  if ('ints' in v) return { name, type: ATTR.INTS, ints: v.ints };
  return { name, type: ATTR.INT, i: v.int };
}

function valueInfo(name: string, dims: (number | string)[], elemType = FLOAT) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export function encodeModel(spec: GraphSpec): Uint8Array {
  const root = protobuf.parse(ONNX_PROTO).root;
  const Model = root.lookupType('onnx.ModelProto');
  const opset = [{ domain: '', version: 17 }];
  if (spec.mlOpset) opset.push({ domain: 'ai.onnx.ml', version: spec.mlOpset });
  const model = {
    irVersion: 8,
    producerName: 'vigil-models',
    producerVersion: '1',
    opsetImport: opset,
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, i) => ({
        input: n.inputs, output: n.outputs, name: `${n.op}_${i}`, opType: n.op, domain: n.domain ?? '',
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: spec.initializers.map((t) => ({
        name: t.name, dims: t.dims, dataType: t.data instanceof Float32Array ? FLOAT : INT64,
        rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      })),
      input: spec.inputs.map((x) => valueInfo(x.name, x.dims, ELEM[spec.inputElemTypes?.[x.name] ?? 'float'])),
      output: spec.outputs.map((x) => valueInfo(x.name, x.dims)),
    },
  };
  const err = Model.verify(model);
  if (err) throw new Error(`invalid ONNX model: ${err}`);
  return Model.encode(Model.fromObject(model)).finish();
}
