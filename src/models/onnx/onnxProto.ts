import protobuf from 'protobufjs/minimal';

/**
 * The subset of onnx.proto the exporter writes, as plain objects, and its protobuf encoding.
 * Field numbers are those of the official onnx/onnx.proto (a proto2 file: repeated scalars are
 * written unpacked, which every protobuf parser accepts). Only the fields used are modelled.
 */

/** TensorProto.DataType values. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  dataType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  /** Little-endian element bytes (TensorProto.raw_data). */
  rawData: Uint8Array;
}

export type OnnxAttributeValue =
  | { int: number }
  | { float: number }
  | { string: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: Readonly<Record<string, OnnxAttributeValue>>;
}

/** A dimension: a fixed size, or a symbolic name (such as "batch"). */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  elemType: typeof ONNX_FLOAT;
  dims: readonly OnnxDim[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  graph: OnnxGraph;
  metadata: Readonly<Record<string, string>>;
}

type Writer = protobuf.Writer;

// Protobuf wire types.
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const key = (w: Writer, field: number, wireType: number) => w.uint32((field << 3) | wireType);
const str = (w: Writer, field: number, value: string) => key(w, field, LENGTH_DELIMITED).string(value);
const int = (w: Writer, field: number, value: number) => key(w, field, VARINT).int64(value);

function message<T>(w: Writer, field: number, value: T, encode: (w: Writer, value: T) => void): void {
  key(w, field, LENGTH_DELIMITED).fork();
  encode(w, value);
  w.ldelim();
}

// AttributeProto.AttributeType values.
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

function encodeAttribute(w: Writer, [name, value]: [string, OnnxAttributeValue]): void {
  str(w, 1, name);
  if ('float' in value) {
    key(w, 2, FIXED32).float(value.float);
    int(w, 20, ATTRIBUTE_TYPE.float);
  } else if ('int' in value) {
    int(w, 3, value.int);
    int(w, 20, ATTRIBUTE_TYPE.int);
  } else if ('string' in value) {
    key(w, 4, LENGTH_DELIMITED).bytes(new TextEncoder().encode(value.string));
    int(w, 20, ATTRIBUTE_TYPE.string);
  } else if ('floats' in value) {
    for (const f of value.floats) key(w, 7, FIXED32).float(f);
    int(w, 20, ATTRIBUTE_TYPE.floats);
  } else {
    for (const i of value.ints) int(w, 8, i);
    int(w, 20, ATTRIBUTE_TYPE.ints);
  }
}

function encodeNode(w: Writer, node: OnnxNode): void {
  for (const input of node.inputs) str(w, 1, input);
  for (const output of node.outputs) str(w, 2, output);
  str(w, 3, node.name);
  str(w, 4, node.opType);
  for (const attribute of Object.entries(node.attributes)) message(w, 5, attribute, encodeAttribute);
}

function encodeTensor(w: Writer, tensor: OnnxTensor): void {
  for (const dim of tensor.dims) int(w, 1, dim);
  int(w, 2, tensor.dataType);
  str(w, 8, tensor.name);
  key(w, 9, LENGTH_DELIMITED).bytes(tensor.rawData);
}

function encodeDim(w: Writer, dim: OnnxDim): void {
  if (typeof dim === 'number') int(w, 1, dim);
  else str(w, 2, dim);
}

function encodeShape(w: Writer, dims: readonly OnnxDim[]): void {
  for (const dim of dims) message(w, 1, dim, encodeDim);
}

function encodeTensorType(w: Writer, info: OnnxValueInfo): void {
  int(w, 1, info.elemType);
  message(w, 2, info.dims, encodeShape);
}

function encodeValueInfo(w: Writer, info: OnnxValueInfo): void {
  str(w, 1, info.name);
  // TypeProto.tensor_type (field 1) holds TypeProto.Tensor.
  message(w, 2, info, (tw, i) => message(tw, 1, i, encodeTensorType));
}

function encodeGraph(w: Writer, graph: OnnxGraph): void {
  for (const node of graph.nodes) message(w, 1, node, encodeNode);
  str(w, 2, graph.name);
  for (const tensor of graph.initializers) message(w, 5, tensor, encodeTensor);
  for (const input of graph.inputs) message(w, 11, input, encodeValueInfo);
  for (const output of graph.outputs) message(w, 12, output, encodeValueInfo);
}

function encodeOpset(w: Writer, version: number): void {
  str(w, 1, ''); // the default domain, ai.onnx
  int(w, 2, version);
}

function encodeEntry(w: Writer, [name, value]: [string, string]): void {
  str(w, 1, name);
  str(w, 2, value);
}

/** The ModelProto bytes of `model`. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = protobuf.Writer.create();
  int(w, 1, model.irVersion);
  str(w, 2, model.producerName);
  if (model.producerVersion !== undefined) str(w, 3, model.producerVersion);
  if (model.docString !== undefined) str(w, 6, model.docString);
  message(w, 7, model.graph, encodeGraph);
  message(w, 8, model.opsetVersion, encodeOpset);
  for (const entry of Object.entries(model.metadata)) message(w, 14, entry, encodeEntry);
  const bytes = w.finish();
  // Under Node protobufjs hands back a Buffer (perhaps a view of a shared pool): return a plain array of its own.
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes);
}
