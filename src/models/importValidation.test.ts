import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../engine/testSupport';
import { buildSmallCnn } from './smallCnn';
import { validateLayersModelImport, type ImportValidation } from './importValidation';
import { sharedMobileNetDir } from './testFiles';

beforeAll(useCpuBackend);

const sharedDir = sharedMobileNetDir();
if (!sharedDir) {
  console.warn('Skipping the real-MobileNet import check: ../shared/models/mobilenet_v1_0.25_224 (relative to the repo root) is missing');
}

const SHARD = 'tiny.weights.bin';

interface Fixture {
  json: Record<string, unknown>;
  weightBytes: number;
  files: Map<string, number>;
  artifacts: tf.io.ModelArtifacts;
}

/** A real tfjs layers model serialised the way tfjs writes model.json, with one weight shard. */
async function tinyFixture(): Promise<Fixture> {
  const model = buildSmallCnn({ architecture: 'small-cnn', width: 2, inputSize: 8, numClasses: 3, dropout: 0.1, seed: 1 });
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  const saved = artifacts!;
  const weightBytes = (saved.weightData as ArrayBuffer).byteLength;
  const json = {
    format: 'layers-model', generatedBy: saved.generatedBy, convertedBy: saved.convertedBy ?? null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths: [`./${SHARD}`], weights: saved.weightSpecs }],
  };
  return { json, weightBytes, files: new Map([[SHARD, weightBytes]]), artifacts: saved };
}

let fixture: Fixture;
beforeAll(async () => {
  fixture = await tinyFixture();
});

/** A deep copy of the fixture's model.json to break in one place. */
function fixtureJson(): {
  modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[];
} {
  return JSON.parse(JSON.stringify(fixture.json)) as ReturnType<typeof fixtureJson>;
}

function errorsOf(result: ImportValidation): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

function validateObject(json: unknown, files = fixture.files): ImportValidation {
  return validateLayersModelImport(JSON.stringify(json), files);
}

describe('validateLayersModelImport: valid models', () => {
  it('accepts a model tfjs itself serialised, and that model really loads', async () => {
    const result = validateObject(fixture.json, new Map([...fixture.files, ['notes.txt', 10]]));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.modelClass).toBe('Model');
    expect(result.inputShape).toEqual([null, 8, 8, 3]);
    expect(result.layerClasses).toEqual(expect.arrayContaining(['InputLayer', 'Conv2D', 'BatchNormalization', 'Dense']));
    expect(result.totalWeightBytes).toBe(fixture.weightBytes);
    expect(result.totalWeightElements * 4).toBe(fixture.weightBytes);
    expect(result.shardNames).toEqual([SHARD]);
    expect(result.warnings).toEqual(['"notes.txt" is not referenced by model.json and will be ignored']);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(fixture.artifacts));
    expect(loaded.countParams()).toBe(result.totalWeightElements);
    loaded.dispose();
  });

  it('sizes quantized weights by their stored dtype', () => {
    const json = fixtureJson();
    const weights = json.weightsManifest[0]!.weights;
    weights.forEach((w, i) => { w.quantization = { dtype: i % 2 ? 'uint8' : 'float16', scale: 0.01, min: -1 }; });
    const bytes = weights.reduce((s, w, i) => s + w.shape.reduce((a, b) => a * b, 1) * (i % 2 ? 1 : 2), 0);
    expect(validateObject(json, new Map([[SHARD, bytes]])).ok).toBe(true);
    expect(errorsOf(validateObject(json, new Map([[SHARD, fixture.weightBytes]])))[0]).toMatch(/is \d+ bytes but weightsManifest group 1 needs \d+ bytes/);
  });

  it.skipIf(!sharedDir)('accepts the shared ImageNet MobileNet v1 0.25', () => {
    const dir = sharedDir!;
    const sizes = new Map(fs.readdirSync(dir).filter((f) => f.startsWith('group')).map((f) => [f, fs.statSync(path.join(dir, f)).size]));
    const result = validateLayersModelImport(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'), sizes);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.layerCount).toBe(88);
    expect(result.totalWeightElements).toBe(475_544);
    expect(result.totalWeightBytes).toBe(1_902_176);
    expect(result.shardNames).toHaveLength(55);
    expect(result.inputShape).toEqual([null, 224, 224, 3]);
    expect(result.warnings).toEqual([]);
  });
});

describe('validateLayersModelImport: broken models', () => {
  it('reports malformed JSON', () => {
    expect(errorsOf(validateLayersModelImport('{"modelTopology": {', fixture.files))[0]).toMatch(/model.json is not valid JSON/);
    expect(errorsOf(validateLayersModelImport('   ', fixture.files))[0]).toMatch(/empty/);
    expect(errorsOf(validateLayersModelImport('[1, 2]', fixture.files))[0]).toMatch(/must be a JSON object/);
  });

  it('reports files that are not layers models', () => {
    const { modelTopology, weightsManifest } = fixtureJson();
    expect(errorsOf(validateObject({ weightsManifest }))[0]).toMatch(/"modelTopology" is missing/);
    expect(errorsOf(validateObject({ modelTopology }))[0]).toMatch(/"weightsManifest" is missing/);
    expect(errorsOf(validateObject({ format: 'graph-model', modelTopology: { node: [], versions: {} }, weightsManifest }))[0])
      .toMatch(/graph model/);
    expect(errorsOf(validateObject({ modelTopology: { node: [{ op: 'Conv2D' }] }, weightsManifest }))[0]).toMatch(/graph model/);
    expect(errorsOf(validateObject(modelTopology))[0]).toMatch(/bare Keras topology/);
    expect(errorsOf(validateObject({ modelTopology: { class_name: 'Adam', config: {} }, weightsManifest }))[0])
      .toMatch(/class_name is "Adam"; expected Model, Functional or Sequential/);
  });

  it('names unknown layer classes and unknown classes inside layer configs', () => {
    const json = fixtureJson();
    const layers = json.modelTopology.config.layers;
    layers[1]!.class_name = 'MyFancyConv';
    layers[2]!.class_name = 'Adam'; // Registered with tfjs, but an optimizer, not a layer.
    layers[1]!.config.kernel_initializer = { class_name: 'MyInit', config: {} };
    const errors = errorsOf(validateObject(json));
    expect(errors).toContain(`Unknown layer class "MyFancyConv" (layer "${String(layers[1]!.config.name)}"): TensorFlow.js layers cannot build it (custom or newer Keras layer)`);
    expect(errors.some((e) => e.startsWith('Unknown layer class "Adam"'))).toBe(true);
    expect(errors.some((e) => e.startsWith('Unknown class "MyInit" in the config of layer'))).toBe(true);
  });

  it('names a missing weight shard and a shard of the wrong size', () => {
    expect(errorsOf(validateObject(fixture.json, new Map()))).toEqual([
      `Missing weight file "${SHARD}" (listed in weightsManifest group 1); drop it together with model.json`,
    ]);
    expect(errorsOf(validateObject(fixture.json, new Map([[SHARD, fixture.weightBytes - 4]])))).toEqual([
      `Weight file "${SHARD}" is ${fixture.weightBytes - 4} bytes but weightsManifest group 1 needs ${fixture.weightBytes} bytes ` +
      `for its ${fixture.artifacts.weightSpecs!.length} weight(s): truncated, corrupt or from another model`,
    ]);
  });

  it('refuses absurd shapes as memory bombs', () => {
    const bomb = fixtureJson();
    bomb.weightsManifest[0]!.weights[0]!.shape = [100_000, 100_000];
    expect(errorsOf(validateObject(bomb)).join('\n')).toMatch(/Weight ".*" .*\[100000, 100000\] = 10,000,000,000 values .*memory bomb/);

    const total = fixtureJson();
    total.weightsManifest[0]!.weights.push(...[1, 2, 3, 4, 5].map((i) => ({ name: `big${i}`, shape: [45_000_000], dtype: 'float32' })));
    expect(errorsOf(validateObject(total)).join('\n')).toMatch(/weights total 225,\d{3},\d{3} values \(over 200,000,000\); refusing them as a memory bomb risk/);

    for (const dim of [0, -3, 1.5]) {
      const bad = fixtureJson();
      bad.weightsManifest[0]!.weights[1]!.shape = [dim, 4];
      expect(errorsOf(validateObject(bad)).join('\n')).toMatch(/every dimension must be a positive integer/);
    }

    const huge = fixtureJson();
    huge.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 4096, 4096, 3];
    expect(errorsOf(validateObject(huge)).join('\n')).toMatch(/4096×4096 px images \(over 1024 px\); refusing it as a memory bomb risk/);

    const wide = fixtureJson();
    wide.modelTopology.config.layers.find((l) => l.class_name === 'Dense')!.config.units = 10_000_000;
    expect(errorsOf(validateObject(wide)).join('\n')).toMatch(/units = 10000000 .*memory bomb/);
  });

  it('refuses prototype-pollution keys, even when spelled with \\u escapes', () => {
    const text = JSON.stringify(fixture.json);
    const inject = (key: string) => text.replace('"config":{', `"config":{${key}:{"polluted":true},`);
    expect(errorsOf(validateLayersModelImport(inject('"__proto__"'), fixture.files))[0]).toMatch(/contains the key "__proto__".*prototype/);
    expect(errorsOf(validateLayersModelImport(inject('"constructor"'), fixture.files))[0]).toMatch(/"constructor"/);
    expect(errorsOf(validateLayersModelImport(inject('"prototype"'), fixture.files))[0]).toMatch(/"prototype"/);
    expect(errorsOf(validateLayersModelImport(inject('"\\u005f_proto__"'), fixture.files))[0]).toMatch(/"__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The words as values (not keys) are harmless.
    const asValue = JSON.parse(text) as { modelTopology: { config: { name: string } } };
    asValue.modelTopology.config.name = 'constructor prototype __proto__ caf\u00e9';
    expect(validateLayersModelImport(JSON.stringify(asValue).replace('é', '\\u00e9'), fixture.files).ok).toBe(true);
  });

  it('never throws on hostile structures', () => {
    const weird = [
      '{"modelTopology": {"model_config": {"class_name": "Model", "config": {"layers": [null, 5, {"class_name": 1}]}}}, "weightsManifest": [null, {"paths": [1], "weights": []}]}',
      '{"modelTopology": {"class_name": "Sequential", "config": []}, "weightsManifest": [{"paths": ["a"], "weights": [{"name": "w", "shape": "4", "dtype": "float32"}, {"name": "s", "shape": [2], "dtype": "string"}]}]}',
      `{"modelTopology": ${'['.repeat(200_000)}${']'.repeat(200_000)}, "weightsManifest": []}`,
      'null',
    ];
    for (const text of weird) {
      const result = validateLayersModelImport(text, new Map([['a', 8]]));
      expect(result.ok).toBe(false);
    }
    const nested = errorsOf(validateLayersModelImport(weird[1]!, new Map([['a', 8]])));
    expect(nested.join('\n')).toMatch(/dtype "string"/);
    expect(errorsOf(validateLayersModelImport(undefined as unknown as string, new Map()))[0]).toMatch(/empty/);
  });

  it('stays fast on a 100 MB model.json, with and without the forbidden-key walk', () => {
    const json = fixtureJson();
    const filler = '0.12345678,'.repeat(9_500_000);
    const base = JSON.stringify(json);
    for (const marker of ['"x"', '"constructor_name"']) {
      const text = base.replace('"config":{', `"config":{"blob":[${filler}0],${marker}:1,`);
      expect(text.length).toBeGreaterThan(100_000_000);
      const started = performance.now();
      const result = validateLayersModelImport(text, fixture.files);
      const ms = performance.now() - started;
      console.info(`validated ${(text.length / 1e6).toFixed(0)} MB (${marker === '"x"' ? 'plain JSON.parse' : 'forbidden-key walk'} path) in ${ms.toFixed(0)} ms`);
      expect(result.ok).toBe(true);
      expect(ms).toBeLessThan(15_000);
    }
  });
});
