import { ONNX_FLOAT, ONNX_INT64, type OnnxAttributeValue, type OnnxNode, type OnnxTensor } from './onnxProto';

/**
 * How an ONNX tensor holds a tfjs tensor. 'tf': the same dimensions in the same order. 'nchw': a
 * rank-4 NHWC tfjs tensor held as NCHW, the layout ONNX's Conv and pooling ops work in. Keeping
 * feature maps NCHW between convolutions avoids a Transpose around every one of them; the layout
 * is tracked so that anything order-sensitive (Flatten, Reshape, Dense) sees TF's NHWC order.
 */
export type Layout = 'tf' | 'nchw';

/** A tfjs tensor as it exists in the ONNX graph. */
export interface Value {
  name: string;
  /** The tfjs shape, in TF's own order whatever the layout; null for unknown (the batch). */
  shape: readonly (number | null)[];
  layout: Layout;
  /** Computed by a softmax over TF's last axis (and since then only reshaped so as to keep its rows). */
  softmaxOverLast?: boolean;
}

/** NHWC → NCHW and back, as Transpose perms. */
export const TO_NCHW = [0, 3, 1, 2] as const;
export const TO_NHWC = [0, 2, 3, 1] as const;

/** Where TF's axis `axis` (NHWC, non-negative) sits in a tensor held in `layout`. */
export function onnxAxis(axis: number, rank: number, layout: Layout): number {
  return layout === 'nchw' && rank === 4 ? TO_NHWC[axis]! : axis;
}

function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  // DataView with littleEndian=true: ONNX raw_data is little-endian on any host.
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return bytes;
}

/** Accumulates the nodes and initializers of one ONNX graph, with unique names. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly names = new Set<string>();
  /** Transposed copies already made, so a tensor used twice is transposed once. */
  private readonly relayouts = new Map<string, string>();

  /** `reserved`: names only namedNode() may use, such as the graph's input and output. */
  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.names.add(name);
  }

  /** `base`, or `base_1`, `base_2`… if taken; reserves the result. */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  floats(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`Initializer ${base}: ${values.length} values for dims [${dims.join(', ')}]`);
    const name = this.unique(base);
    this.initializers.push({ name, dims, dataType: ONNX_FLOAT, rawData: float32Bytes(values) });
    return name;
  }

  /** A float scalar (rank 0), as Clip's min and max want. */
  scalar(base: string, value: number): string {
    return this.floats(base, [], [value]);
  }

  int64s(base: string, values: readonly number[]): string {
    const name = this.unique(base);
    this.initializers.push({ name, dims: [values.length], dataType: ONNX_INT64, rawData: int64Bytes(values) });
    return name;
  }

  /** Adds a one-output node and returns its output's name (`base`, made unique). */
  node(opType: string, inputs: readonly string[], base: string, attributes: Record<string, OnnxAttributeValue> = {}): string {
    const output = this.unique(base);
    this.nodes.push({ name: output, opType, inputs, outputs: [output], attributes });
    return output;
  }

  /** Adds a node whose output is exactly `output`, one of the names reserved at construction. */
  namedNode(opType: string, inputs: readonly string[], output: string, attributes: Record<string, OnnxAttributeValue> = {}): void {
    this.nodes.push({ name: output, opType, inputs, outputs: [output], attributes });
  }

  /** `value` held in `layout` (a Transpose when it is not already; only rank-4 tensors have two). */
  inLayout(value: Value, layout: Layout): Value {
    if (value.layout === layout || value.shape.length !== 4) return value;
    const cacheKey = `${value.name}->${layout}`;
    let name = this.relayouts.get(cacheKey);
    if (name === undefined) {
      const perm = layout === 'nchw' ? TO_NCHW : TO_NHWC;
      name = this.node('Transpose', [value.name], `${value.name}/${layout === 'nchw' ? 'to_nchw' : 'to_nhwc'}`, { perm: { ints: perm } });
      this.relayouts.set(cacheKey, name);
    }
    return { ...value, name, layout };
  }
}
