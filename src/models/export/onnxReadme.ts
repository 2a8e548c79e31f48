/** README.txt of an ONNX export: what goes in, what comes out, and a runnable Python snippet. */
export function onnxReadme(inputSize: number, opset: number): string {
  return `model.onnx — exported by Thaw (ONNX opset ${opset}).

Input  "image":         float32 [batch, ${inputSize}, ${inputSize}, 3], NHWC (the graph transposes to NCHW itself).
Output "probabilities": float32 [batch, classes], a softmax; classes in the order of labels.json.

Prepare each picture as the studio does (preprocessing.json says the same):
  RGB; its centre square; resized to ${inputSize}x${inputSize} bilinear; every value x / 127.5 - 1.

Python (pip install onnxruntime pillow numpy):

  import json, numpy as np, onnxruntime as ort
  from PIL import Image, ImageOps
  img = ImageOps.fit(Image.open("picture.jpg").convert("RGB"), (${inputSize}, ${inputSize}), Image.BILINEAR)
  x = (np.asarray(img, np.float32) / 127.5 - 1)[None]
  p = ort.InferenceSession("model.onnx").run(None, {"image": x})[0][0]
  print(json.load(open("labels.json"))[int(p.argmax())], float(p.max()))

(Pillow's resize differs from the studio's by a little at the edges of each pixel; the classes agree.)
`;
}
