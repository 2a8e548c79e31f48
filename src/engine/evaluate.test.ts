import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracies } from './evaluate';
import { Engine } from './engine';
import type { EngineEvent, EpochEvent } from './api';
import { optimizerConfig, useCpuBackend } from './testSupport';

beforeAll(useCpuBackend);

describe('per-class accuracy', () => {
  it('counts each class apart, leaves unreadable images (−1) out, and has null for a class with no image', () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1, 2]);
    const predictions = Int32Array.from([0, 1, -1, 1, 1, 0]);
    expect(accuracies(predictions, labels, 4)).toEqual({ accuracy: 3 / 5, classAccuracy: [1 / 2, 1, 0, null] });
  });

  it("every epoch reports each class's validation accuracy, the one its validation predictions give", async () => {
    const engine = new Engine();
    await engine.init('cpu');
    const summary = await engine.loadSampleDataset({ seed: 3, imageSize: 16, imagesPerClass: 8, imbalanced: true, validationFraction: 0.5 });
    await engine.buildModel({ architecture: 'small-cnn', width: 4, dropout: 0, seed: 2 });
    const events: EngineEvent[] = [];
    await engine.train({ epochs: 2, batchSize: 8, seed: 1, optimizer: optimizerConfig({ learningRate: 0.02 }) }, (e) => events.push(e));
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    for (const e of epochs) {
      expect(e.validationClassAccuracy).toHaveLength(summary.classNames.length);
      const expected = summary.classNames.map((_, c) => {
        const members = summary.validationLabels.flatMap((label, i) => (label === c ? [i] : []));
        return members.filter((i) => e.validationPredictions[i] === c).length / members.length;
      });
      expect(e.validationClassAccuracy).toEqual(expected);
    }
  });
});
