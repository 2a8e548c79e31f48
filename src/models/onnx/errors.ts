/** Why a model cannot be exported to ONNX; the message names the layers (and their classes) at fault. */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
}

/** How errors name a layer: `"conv1" (Conv2D)`. */
export const describeLayer = (name: string, className: string): string => `"${name}" (${className})`;
