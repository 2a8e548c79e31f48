import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { strFromU8 } from 'fflate';
import { demoPageFiles, scriptJson, type DemoPageInput } from './demoPage';
import type { DemoPageConfig, DemoPageModel } from './demoPageScript';
import { modelArtifacts } from '../modelArchive';
import { loadTfjsRuntime, withoutSourceMapComment } from './tfjsRuntime';

const HOSTILE_LABELS = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', '=HYPERLINK("http://x","y")', 'plain', 'a&b "q" \u2028 é'];

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: HOSTILE_LABELS.length }));
  model.add(tf.layers.softmax());
  return model;
}

async function input(title = 'Thaw <demo> & "friends"'): Promise<{ model: tf.LayersModel; page: DemoPageInput }> {
  const model = tinyModel();
  const { modelJson, weights } = await modelArtifacts(model);
  const page: DemoPageInput = {
    modelJson, weights, labels: HOSTILE_LABELS,
    preprocessing: { inputSize: 8, channels: 'RGB', resize: 'bilinear', scale: 'x/127.5-1' },
    runtimeScript: new Uint8Array([1, 2, 3]), title,
  };
  return { model, page };
}

const text = (files: Record<string, Uint8Array>, name: string) => strFromU8(files[name] ?? new Uint8Array());

/** Runs model.js with a stand-in window and returns what it assigned. */
function runModelJs(source: string): DemoPageModel {
  const fakeWindow: Record<string, unknown> = {};
  // The file is the page's own script, written above: running it here is the point of the test.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('window', source) as (window: object) => void;
  run(fakeWindow);
  return fakeWindow.THAW_DEMO_MODEL as DemoPageModel;
}

describe('demoPageFiles', () => {
  it('writes the page, its program, the model, the runtime and a README', async () => {
    const { page } = await input();
    const files = demoPageFiles(page);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'demo.js', 'index.html', 'model.js', 'style.css', 'tf.min.js']);
    expect(files['tf.min.js']).toEqual(page.runtimeScript);
    const html = text(files, 'index.html');
    expect(html).toContain('<title>Thaw &#60;demo&#62; &#38; &#34;friends&#34;</title>');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).toMatch(/<ol id="predictions" aria-label="Predictions">/);
    expect(html).toMatch(/<label[^>]*>Choose a picture <input[^>]*type="file"/);
    expect(text(files, 'README.txt')).toMatch(/double-click index\.html/);
  });

  it('keeps labels with markup as data: the inlined JSON parses back to them and never closes its script', async () => {
    const { page } = await input();
    const html = text(demoPageFiles(page), 'index.html');
    const block = /<script type="application\/json" id="thaw-demo-config">([^<]*)<\/script>/.exec(html);
    expect(block).not.toBeNull();
    const config = JSON.parse(block?.[1] ?? '') as DemoPageConfig;
    expect(config.labels).toEqual(HOSTILE_LABELS);
    expect(config.title).toBe(page.title);
    expect(config.inputSize).toBe(8);
    // The block itself, the runtime, model.js and demo.js: no label adds a closing tag or an element.
    expect(html.match(/<\/script/gi)).toHaveLength(4);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/\u2028/);
  });

  it('writes model.js so it decodes back to the same topology, specs and weight bytes, and predicts the same', async () => {
    const { model, page } = await input();
    const data = runModelJs(text(demoPageFiles(page), 'model.js'));
    expect(data.modelTopology).toEqual(page.modelJson.modelTopology);
    expect(data.weightSpecs).toEqual(page.modelJson.weightsManifest[0]?.weights);
    const bytes = Uint8Array.from(atob(data.weightsBase64), (c) => c.charCodeAt(0));
    expect(bytes).toEqual(page.weights);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: data.modelTopology, weightSpecs: data.weightSpecs, weightData: bytes.buffer }));
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 7);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('ships a self-contained program that parses as a script', async () => {
    const { page } = await input();
    const script = text(demoPageFiles(page), 'demo.js');
    // Compiled, never run: it needs a page.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('"THAW_DEMO_MODEL"');
    expect(script).not.toMatch(/\b(import|require|__name|\$RefreshReg\$)\b/);
  });

  it('refuses weights that do not match their specs', async () => {
    const { page } = await input();
    expect(() => demoPageFiles({ ...page, weights: page.weights.subarray(4) })).toThrow(/weights are \d+ bytes but the model's specs need \d+/);
  });

  it('escapes script JSON for HTML and JavaScript', () => {
    expect(scriptJson({ a: '</script>&\u2029' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2029"}');
  });
});

describe('loadTfjsRuntime', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches the tfjs script Vite emits and returns its bytes', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response('tf={};\n//# sourceMappingURL=tf.es2017.min.js.map');
    });
    expect(new TextDecoder().decode(await loadTfjsRuntime())).toBe('tf={};\n');
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/tf\.es2017\.min.*\.js$/);
  });

  it('drops a trailing source-map comment, served as a file name or inline, and nothing else', async () => {
    const code = 'e.zeros=du}));';
    const encode = (s: string) => new TextEncoder().encode(s);
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(decode(withoutSourceMapComment(encode(`${code}\n//# sourceMappingURL=tf.es2017.min.js.map\n`)))).toBe(`${code}\n`);
    expect(decode(withoutSourceMapComment(encode(`${code}\n      \n\n//# sourceMappingURL=data:application/json;base64,eyJ2\n`)))).toBe(`${code}\n`);
    const untouched = encode(`const s = "\n//# sourceMappingURL=x";\nrun(s);\n`);
    expect(withoutSourceMapComment(untouched)).toBe(untouched);
  });

  it('says which file failed', async () => {
    vi.stubGlobal('fetch', async () => new Response('missing', { status: 404 }));
    await expect(loadTfjsRuntime()).rejects.toThrow(/runtime for the demo page could not be read \(HTTP 404/);
  });
});
