import { OnnxExportError } from './errors';
import { onnxAxis, type GraphBuilder, type Value } from './graphBuilder';

type Emit = (g: GraphBuilder, x: Value, base: string) => Value;

/** A one-node activation that keeps shape and layout. */
const unary = (opType: string, attributes = {}): Emit => (g, x, base) => ({ ...x, name: g.node(opType, [x.name], base, attributes), softmaxOverLast: false });

const overLastAxis = (opType: 'Softmax' | 'LogSoftmax'): Emit => (g, x, base) => {
  const rank = x.shape.length;
  const axis = onnxAxis(rank - 1, rank, x.layout);
  return { ...x, name: g.node(opType, [x.name], base, { axis: { int: axis } }), softmaxOverLast: opType === 'Softmax' };
};

const mul = (g: GraphBuilder, x: Value, y: string, base: string): Value => ({ ...x, name: g.node('Mul', [x.name, y], base), softmaxOverLast: false });

/**
 * tfjs activations by their serialized name, each emitted as the ONNX ops that compute the same
 * function (those without a single ONNX op are composed exactly as tfjs composes them).
 */
const ACTIVATIONS: Readonly<Record<string, Emit>> = {
  linear: (_g, x) => x,
  relu: unary('Relu'),
  // tfjs: min(6, relu(x)). Clip takes min and max as inputs since opset 11.
  relu6: (g, x, base) => ({ ...x, name: g.node('Clip', [x.name, g.scalar(`${base}/min`, 0), g.scalar(`${base}/max`, 6)], base), softmaxOverLast: false }),
  sigmoid: unary('Sigmoid'),
  tanh: unary('Tanh'),
  elu: unary('Elu', { alpha: { float: 1 } }),
  // ONNX's default alpha and gamma are SELU's constants, the ones tfjs uses.
  selu: unary('Selu'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  // tfjs: clip(0.2·x + 0.5, 0, 1), which is ONNX HardSigmoid's definition.
  hardSigmoid: unary('HardSigmoid', { alpha: { float: 0.2 }, beta: { float: 0.5 } }),
  softmax: overLastAxis('Softmax'),
  logSoftmax: overLastAxis('LogSoftmax'),
  // tfjs: x · sigmoid(x).
  swish: (g, x, base) => mul(g, x, g.node('Sigmoid', [x.name], `${base}/sigmoid`), base),
  // tfjs: x · tanh(softplus(x)).
  mish: (g, x, base) => mul(g, x, g.node('Tanh', [g.node('Softplus', [x.name], `${base}/softplus`)], `${base}/tanh`), base),
  // tfjs: x · 0.5 · (1 + erf(x / √2)).
  gelu: (g, x, base) => {
    const erf = g.node('Erf', [g.node('Div', [x.name, g.scalar(`${base}/sqrt2`, Math.SQRT2)], `${base}/scaled`)], `${base}/erf`);
    const cdf = g.node('Mul', [g.node('Add', [erf, g.scalar(`${base}/one`, 1)], `${base}/plus_one`), g.scalar(`${base}/half`, 0.5)], `${base}/cdf`);
    return mul(g, x, cdf, base);
  },
};

export const SUPPORTED_ACTIVATIONS: readonly string[] = Object.keys(ACTIVATIONS);

/** `x` through the named tfjs activation; `base` names the result, `owner` the layer for errors. */
export function emitActivation(g: GraphBuilder, x: Value, activation: unknown, base: string, owner: string): Value {
  const name = typeof activation === 'string' ? activation : 'linear';
  if (activation != null && typeof activation !== 'string') {
    throw new OnnxExportError(`ONNX export does not support the activation of layer ${owner}: ${JSON.stringify(activation)}`);
  }
  const emit = ACTIVATIONS[name];
  if (!emit) {
    throw new OnnxExportError(`ONNX export does not support activation "${name}" of layer ${owner} (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`);
  }
  return emit(g, x, base);
}
