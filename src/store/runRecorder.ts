import type { BackendInfo, DatasetSummary, EpochRow, ModelSummary, RunRecord, RunStatus, TrainConfig } from '../contract';
import { saveRun } from '../persistence/runs';

/**
 * Keeps one run's experiment record current as its events arrive and writes it to IndexedDB after
 * each change that matters (start, epoch, end). Listeners (the experiments table) see every update.
 */
type RunListener = (run: RunRecord) => void;
const listeners = new Set<RunListener>();

export function onRunRecorded(listener: RunListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface RunStart {
  id: string;
  label: string;
  config: TrainConfig;
  dataset: DatasetSummary;
  model: ModelSummary;
  /** The catalog's name of the architecture (the tfjs model's own name is an identifier). */
  modelName: string;
  backend: BackendInfo | null;
}

export function describeSplit(dataset: DatasetSummary): string {
  const train = dataset.trainCounts.reduce((a, b) => a + b, 0);
  const validation = dataset.validationCounts.reduce((a, b) => a + b, 0);
  const how = dataset.source.kind === 'sample'
    ? `seeded stratified split (seed ${dataset.source.spec.seed})`
    : 'the split stored with the dataset';
  return `${train} train / ${validation} validation, ${how}`;
}

export class RunRecorder {
  private writes: Promise<void> = Promise.resolve();

  private constructor(private record: RunRecord) {}

  static start(run: RunStart): RunRecorder {
    return RunRecorder.continue({
      version: 1, id: run.id, label: run.label, startedAt: Date.now(), endedAt: null, status: 'running',
      datasetName: run.dataset.name, split: describeSplit(run.dataset), modelName: run.modelName, backend: run.backend?.name ?? 'unknown',
      config: run.config, epochs: [], events: [],
      trainableParamsStart: run.model.trainableParams, trainableParamsEnd: run.model.trainableParams, totalParams: run.model.totalParams,
    });
  }

  /** Carries on an existing record (a resumed run): epochs after `fromEpoch` are dropped first. */
  static continue(record: RunRecord, fromEpoch?: number): RunRecorder {
    const kept = fromEpoch === undefined ? record : { ...record, status: 'running' as const, endedAt: null, epochs: record.epochs.filter((e) => e.epoch <= fromEpoch) };
    const recorder = new RunRecorder(kept);
    recorder.save();
    return recorder;
  }

  get id(): string {
    return this.record.id;
  }

  epoch(point: EpochRow, trainableParams: number): void {
    const { epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, seconds } = point;
    this.record = {
      ...this.record, trainableParamsEnd: trainableParams,
      epochs: [...this.record.epochs.filter((e) => e.epoch < epoch), { epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, seconds }],
    };
    this.save();
  }

  /** Freezes, thaws, learning-rate drops, best epochs, early stops: saved with the next epoch. */
  event(step: number, label: string, kind: string): void {
    this.record = { ...this.record, events: [...this.record.events, { step, label, kind }] };
    this.notify();
  }

  finish(status: Exclude<RunStatus, 'running'>, trainableParams: number): Promise<void> {
    this.record = { ...this.record, status, endedAt: Date.now(), trainableParamsEnd: trainableParams };
    this.save();
    return this.writes;
  }

  private notify(): void {
    for (const listener of listeners) listener(this.record);
  }

  /** Writes in order, one at a time; a failed write is not fatal (the run's checkpoint is what matters). */
  private save(): void {
    const snapshot = this.record;
    this.notify();
    this.writes = this.writes.then(() => saveRun(snapshot)).catch(() => undefined);
  }
}
