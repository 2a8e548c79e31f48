import type * as tfjs from '@tensorflow/tfjs';

/** Where the page finds its data: the id of index.html's JSON block and the global model.js assigns. */
export interface DemoPageIds {
  config: string;
  modelGlobal: string;
}

/** The JSON block of index.html: what the page shows and how it prepares a picture. */
export interface DemoPageConfig {
  title: string;
  labels: string[];
  inputSize: number;
}

/** What model.js assigns to `window[ids.modelGlobal]`: the layers model with its weights as base64. */
export interface DemoPageModel {
  modelTopology: object;
  weightSpecs: tfjs.io.WeightsManifestEntry[];
  weightsBase64: string;
}

type Probabilities = Float32Array | Int32Array | Uint8Array;

/**
 * The demo page's whole program. It is shipped as its source text (`demoPageScript`), so it must stay
 * self-contained: no imports but types, no helpers outside this function, no names beginning `use` or
 * capitalised (React's fast-refresh transform would add calls to them). `tf` is the global tf.min.js sets.
 * Preprocessing copies src/engine/data/batches.ts (centreCrop, normalisedBox, toInputTensor) exactly.
 */
function demoPageMain(ids: DemoPageIds): void {
  const element = <T extends HTMLElement>(id: string): T => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`The page has no #${id}`);
    return found as T;
  };
  const modelStatus = element('model-status');
  const pictureStatus = element('picture-status');
  const cameraStatus = element('camera-status');
  const fileInput = element<HTMLInputElement>('picture-input');
  const dropZone = element('drop-zone');
  const preview = element<HTMLImageElement>('preview');
  const video = element<HTMLVideoElement>('camera');
  const startButton = element<HTMLButtonElement>('start-camera');
  const stopButton = element<HTMLButtonElement>('stop-camera');
  const caption = element('predictions-for');
  const list = element<HTMLOListElement>('predictions');

  const say = (line: HTMLElement, text: string, state: string) => {
    line.textContent = text;
    line.dataset.state = state;
  };
  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const tf = (window as unknown as { tf?: typeof tfjs }).tf;
  const data = (window as unknown as Record<string, DemoPageModel | undefined>)[ids.modelGlobal];
  if (!tf || !data) {
    say(modelStatus, `${tf ? 'model.js' : 'tf.min.js'} did not load: keep every file of the zip together, beside index.html.`, 'error');
    return;
  }
  const config = JSON.parse(element(ids.config).textContent ?? '') as DemoPageConfig;
  const size = config.inputSize;

  const weightBytes = (base64: string): ArrayBuffer => {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes.buffer;
  };
  const loadModel = async (): Promise<tfjs.LayersModel> => {
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: data.modelTopology, weightSpecs: data.weightSpecs, weightData: weightBytes(data.weightsBase64) }));
    tf.tidy(() => {
      model.predict(tf.zeros([1, size, size, 3]));
    });
    say(modelStatus, `Model ready: ${config.labels.length} classes, ${size}×${size} px input, TensorFlow.js ${tf.version.tfjs} on ${tf.getBackend()}.`, 'ready');
    return model;
  };
  const modelReady = loadModel();
  modelReady.catch((error: unknown) => say(modelStatus, `The model could not be loaded: ${messageOf(error)}`, 'error'));

  // The studio's centre square: the shorter side whole, the longer one cut evenly on both ends.
  // cropAndResize samples the box's ends (align-corners): moving them half an output pixel inwards puts every
  // sample at a pixel centre; the ends are kept inside the image; coordinates are normalised by (extent − 1).
  const normalisedBox = (width: number, height: number): [number, number, number, number] => {
    const side = Math.min(width, height);
    const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
    const ends = (start: number, extent: number, limit: number) => {
      const half = extent / size / 2;
      return [clamp(start + half - 0.5, limit - 1), clamp(start + extent - half - 0.5, limit - 1)] as const;
    };
    const [y1, y2] = ends((height - side) / 2, side, height);
    const [x1, x2] = ends((width - side) / 2, side, width);
    const ny = Math.max(1, height - 1);
    const nx = Math.max(1, width - 1);
    return [y1 / ny, x1 / nx, y2 / ny, x2 / nx];
  };
  const toInput = (source: HTMLVideoElement | ImageBitmap, width: number, height: number): tfjs.Tensor4D => tf.tidy(() => {
    const pixels = tf.browser.fromPixels(source, 3).toFloat().expandDims<tfjs.Tensor4D>(0);
    const resized = width === size && height === size ? pixels
      : tf.image.cropAndResize(pixels, tf.tensor2d([normalisedBox(width, height)], [1, 4]), tf.tensor1d([0], 'int32'), [size, size], 'bilinear');
    return resized.div(127.5).sub<tfjs.Tensor4D>(1);
  });
  // The model ends in a softmax: its outputs are the probabilities.
  const classify = async (source: HTMLVideoElement | ImageBitmap, width: number, height: number): Promise<Probabilities> => {
    const model = await modelReady;
    const x = toInput(source, width, height);
    const y = model.predict(x) as tfjs.Tensor;
    x.dispose();
    try {
      return await y.data();
    } finally {
      y.dispose();
    }
  };

  const span = (className: string, text?: string) => {
    const node = document.createElement('span');
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const item = (label: string, probability: number) => {
    const li = document.createElement('li');
    li.dataset.label = label;
    li.dataset.probability = String(probability);
    const percent = `${(probability * 100).toFixed(1)}%`;
    const bar = span('bar');
    bar.setAttribute('aria-hidden', 'true');
    const fill = span('fill');
    fill.style.width = percent;
    bar.append(fill);
    li.append(span('name', label), bar, span('percent', percent));
    return li;
  };
  const show = (probabilities: Probabilities, what: string) => {
    const ranked = Array.from(probabilities, (probability, i) => ({ label: config.labels[i] ?? `class ${i + 1}`, probability }))
      .sort((a, b) => b.probability - a.probability);
    const shown = ranked.length <= 5 ? ranked : ranked.slice(0, 3);
    list.replaceChildren(...shown.map((p) => item(p.label, p.probability)));
    caption.textContent = `Predictions for ${what}`;
  };

  let stream: MediaStream | null = null;
  let frameRequest = 0;
  let inFlight = false;
  let counted = { frames: 0, since: performance.now() };
  const stopCamera = (line?: string) => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    cancelAnimationFrame(frameRequest);
    video.srcObject = null;
    video.hidden = true;
    startButton.disabled = false;
    stopButton.disabled = true;
    if (line) say(cameraStatus, line, 'off');
  };
  const countFrame = () => {
    counted.frames += 1;
    const seconds = (performance.now() - counted.since) / 1000;
    if (seconds < 1 && counted.frames > 1) return;
    say(cameraStatus, `Camera on: ${video.videoWidth}×${video.videoHeight}, ${(counted.frames / seconds).toFixed(1)} predictions a second.`, 'on');
    counted = { frames: 0, since: performance.now() };
  };
  // Every display frame; a frame that comes while the last prediction is still running is skipped.
  const onFrame = () => {
    if (!stream) return;
    frameRequest = requestAnimationFrame(onFrame);
    if (inFlight || video.readyState < 2 || video.videoWidth === 0) return;
    inFlight = true;
    classify(video, video.videoWidth, video.videoHeight)
      .then((probabilities) => {
        if (!stream) return;
        show(probabilities, 'the camera');
        countFrame();
      })
      .catch((error: unknown) => stopCamera(`The camera stopped: ${messageOf(error)}`))
      .finally(() => { inFlight = false; });
  };
  const cameraRefusal = (error: unknown) => {
    const name = error instanceof Error || error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'permission refused';
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no camera found';
    if (name === 'NotReadableError') return 'the camera is busy or blocked by the system';
    return messageOf(error);
  };
  const noCamera = (reason: string) => say(cameraStatus, `No camera: ${reason}. You can still drop a picture.`, 'unavailable');
  const startCamera = async () => {
    const media = (navigator as Partial<Navigator>).mediaDevices;
    if (typeof media?.getUserMedia !== 'function') {
      noCamera('this browser offers this page no camera (open it from a file, from localhost or over https)');
      return;
    }
    startButton.disabled = true;
    say(cameraStatus, 'Asking for the camera…', 'asking');
    try {
      stream = await media.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
    } catch (error) {
      stopCamera();
      noCamera(cameraRefusal(error));
      return;
    }
    stopButton.disabled = false;
    counted = { frames: 0, since: performance.now() };
    say(cameraStatus, 'Camera on: waiting for the first prediction…', 'on');
    frameRequest = requestAnimationFrame(onFrame);
  };

  let previewUrl = '';
  const onPicture = async (file: File) => {
    if (stream) stopCamera('Camera off.');
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      say(pictureStatus, `${file.name}: could not be read as an image (not an image, or a format this browser cannot decode).`, 'error');
      return;
    }
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    preview.src = previewUrl;
    preview.hidden = false;
    try {
      say(pictureStatus, `Reading ${file.name} (${bitmap.width}×${bitmap.height})…`, 'busy');
      show(await classify(bitmap, bitmap.width, bitmap.height), file.name);
      say(pictureStatus, `${file.name}: ${bitmap.width}×${bitmap.height} px, centre square resized to ${size}×${size}.`, 'done');
    } catch (error) {
      say(pictureStatus, `${file.name} could not be classified: ${messageOf(error)}`, 'error');
    } finally {
      bitmap.close();
    }
  };

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void onPicture(file);
    fileInput.value = '';
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('over');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void onPicture(file);
  });
  startButton.addEventListener('click', () => void startCamera());
  stopButton.addEventListener('click', () => stopCamera('Camera off.'));
}

/** The page's script file: the program above as source, called with where its data lives. */
export function demoPageScript(ids: DemoPageIds): string {
  return `// Thaw standalone demo page: classifies a picture or the camera with the model in model.js.\n'use strict';\n(${demoPageMain.toString()})(${JSON.stringify(ids)});\n`;
}
