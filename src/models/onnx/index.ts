/**
 * ONNX export of the studio's tfjs layers models, in the browser (no Node APIs): opset 13, IR 7,
 * input "image" [batch, H, W, C] NHWC float32, output "probabilities" [batch, classes] float32.
 * Modules: modelGraph (which layer applications, in order; what is refused), layerConverters and
 * activations (tfjs layer → ONNX nodes), graphBuilder (names, initializers, NHWC/NCHW layouts),
 * weights (tfjs kernels → ONNX weight order), onnxProto (protobuf encoding).
 */
export { OnnxExportError } from './errors';
export { layersModelToOnnx, ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT_NAME, type OnnxExportOptions } from './exporter';
