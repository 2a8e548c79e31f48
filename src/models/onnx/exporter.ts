import type * as tf from '@tensorflow/tfjs';
import { describeLayer, OnnxExportError } from './errors';
import { GraphBuilder, type Value } from './graphBuilder';
import { LAYER_CONVERTERS } from './layerConverters';
import { layerSteps } from './modelGraph';
import { encodeModel, ONNX_FLOAT, type OnnxDim } from './onnxProto';

/** The ONNX opset written: 13 has Softmax over one axis, Clip with tensor bounds and Pad with tensor pads. */
export const ONNX_OPSET = 13;
/** The IR version that goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;

export const ONNX_INPUT_NAME = 'image';
export const ONNX_OUTPUT_NAME = 'probabilities';

export interface OnnxExportOptions {
  /** ModelProto.producer_version (the producer is "Thaw"). */
  producerVersion?: string;
  /** Class names, one per output; kept as JSON under the metadata key "labels". */
  labels?: string[];
  docString?: string;
  /**
   * Whether a Softmax turns the model's output into probabilities. 'auto' (the default) appends
   * one unless the output already is a softmax over its classes, as whole ImageNet models end.
   */
  appendSoftmax?: boolean | 'auto';
}

const dims = (shape: readonly (number | null)[], symbols: readonly string[]): OnnxDim[] =>
  shape.map((d, i) => d ?? symbols[i] ?? `dim${i}`);

/**
 * The model (whose output is logits) as ONNX bytes, with a Softmax appended: input "image" float32
 * [batch, H, W, C] NHWC, already scaled as the model expects (H and W fixed when the model fixes
 * them, the batch symbolic); output "probabilities" float32 [batch, classes]. A model that already
 * ends in a softmax over its classes gets none appended (see appendSoftmax). Reads the weights
 * synchronously and allocates no tensors. Throws OnnxExportError naming the layers it cannot export.
 */
export function layersModelToOnnx(model: tf.LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  const { steps, problems } = layerSteps(model, (className) => className in LAYER_CONVERTERS);
  if (problems.length > 0) throw new OnnxExportError(`ONNX export does not support ${problems.join('; ')}`);
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  if (input.shape.length !== 4) throw new OnnxExportError(`ONNX export needs an image input [batch, H, W, C]; "${input.name}" has shape [${input.shape.join(', ')}]`);
  if (input.dtype !== 'float32') throw new OnnxExportError(`ONNX export needs a float32 input; "${input.name}" is ${input.dtype}`);
  if (output.shape.length !== 2) throw new OnnxExportError(`ONNX export needs a class output [batch, classes]; "${output.name}" has shape [${output.shape.join(', ')}]`);
  const classes = output.shape[1];
  if (options.labels && options.labels.length !== classes) {
    throw new OnnxExportError(`ONNX export was given ${options.labels.length} labels for ${classes ?? 'an unknown number of'} classes`);
  }

  const g = new GraphBuilder([ONNX_INPUT_NAME, ONNX_OUTPUT_NAME]);
  // The ONNX value of every tfjs symbolic tensor converted so far, by its id.
  const values = new Map<number, Value>([[input.id, { name: ONNX_INPUT_NAME, shape: input.shape, layout: 'tf' }]]);
  for (const { layer, className, inputs, output: stepOutput } of steps) {
    const label = describeLayer(layer.name, className);
    const inputValues = inputs.map((t) => {
      const value = values.get(t.id);
      // Steps come after their inputs and the only input layer is the model's, so this cannot fail on a well-formed model.
      if (!value) throw new OnnxExportError(`ONNX export found no input "${t.name}" for layer ${label}`);
      return value;
    });
    const convert = LAYER_CONVERTERS[className]!;
    values.set(stepOutput.id, convert({ g, layer, config: layer.getConfig(), inputs: inputValues, outputShape: stepOutput.shape, label }));
  }
  const logits = values.get(output.id);
  if (!logits) throw new OnnxExportError(`ONNX export could not reach the model's output "${output.name}"`);

  const appendSoftmax = options.appendSoftmax ?? 'auto';
  const softmax = appendSoftmax === 'auto' ? logits.softmaxOverLast !== true : appendSoftmax;
  // An Identity when there is no Softmax: the graph output keeps its fixed name either way.
  g.namedNode(softmax ? 'Softmax' : 'Identity', [logits.name], ONNX_OUTPUT_NAME, softmax ? { axis: { int: 1 } } : {});

  return encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'Thaw',
    producerVersion: options.producerVersion,
    docString: options.docString,
    metadata: options.labels ? { labels: JSON.stringify(options.labels) } : {},
    graph: {
      name: model.name,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: ONNX_INPUT_NAME, elemType: ONNX_FLOAT, dims: dims(input.shape, ['batch', 'height', 'width', 'channels']) }],
      outputs: [{ name: ONNX_OUTPUT_NAME, elemType: ONNX_FLOAT, dims: dims([null, classes ?? null], ['batch', 'classes']) }],
    },
  });
}
