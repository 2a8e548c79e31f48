import type * as tf from '@tensorflow/tfjs';
import { describeLayer } from './errors';

/** One application of a layer in the model: its inputs and its one output. */
export interface LayerStep {
  layer: tf.layers.Layer;
  className: string;
  inputs: readonly tf.SymbolicTensor[];
  output: tf.SymbolicTensor;
}

/**
 * The layer applications from the model's one input to its one output, each after its inputs, and
 * everything in them the exporter cannot write (all of it, so one error names every culprit).
 * The walk goes back from the output through each tensor's own node, rather than through
 * model.layers and inboundNodes[0]: a layer also applied in another model (a backbone reused under
 * a new head) has other nodes, and only the one in this graph counts.
 */
export function layerSteps(model: tf.LayersModel, isSupported: (className: string) => boolean): { steps: LayerStep[]; problems: string[] } {
  const problems: string[] = [];
  if (model.inputs.length !== 1) problems.push(`the model has ${model.inputs.length} inputs (one image input is exported)`);
  if (model.outputs.length !== 1) problems.push(`the model has ${model.outputs.length} outputs (one class output is exported)`);
  if (problems.length > 0) return { steps: [], problems };

  const steps: LayerStep[] = [];
  const nodesOf = new Map<tf.layers.Layer, Set<number>>();
  const visit = (tensor: tf.SymbolicTensor): void => {
    const layer = tensor.sourceLayer;
    const className = layer.getClassName();
    if (className === 'InputLayer') return;
    const nodes = nodesOf.get(layer) ?? new Set<number>();
    const seen = nodes.size > 0;
    nodes.add(tensor.nodeIndex);
    nodesOf.set(layer, nodes);
    if (seen) return;
    const label = describeLayer(layer.name, className);
    if (!isSupported(className)) problems.push(`layer ${label}${'layers' in layer ? ' is a nested model' : ' is not supported'}`);
    const nonFloat = layer.weights.filter((w) => w.dtype !== 'float32');
    if (nonFloat.length > 0) problems.push(`layer ${label} has ${nonFloat.map((w) => `${w.dtype} weight "${w.name}"`).join(', ')}`);
    const node = layer.inboundNodes[tensor.nodeIndex]!;
    if (node.outputTensors.length !== 1) problems.push(`layer ${label} has ${node.outputTensors.length} outputs`);
    // Depth is the model's depth in layers: a few hundred at most for the CNNs this is for.
    for (const input of node.inputTensors) visit(input);
    steps.push({ layer, className, inputs: node.inputTensors, output: node.outputTensors[0]! });
  };
  visit(model.outputs[0]!);
  for (const [layer, nodes] of nodesOf) {
    if (nodes.size > 1) problems.push(`layer ${describeLayer(layer.name, layer.getClassName())} is applied ${nodes.size} times (shared layers are not exported)`);
  }
  return { steps, problems };
}
