import type { BackendInfo, CheckpointKind, DatasetSummary, EpochRow, ModelSummary, RunRecord, RunStatus, RunTestScores, TrainConfig } from '../contract';
import type { CallbackEvent, EngineEvent, RunState, StepEvent } from '../engine/api';
import { saveRun } from '../persistence/runs';
import { appendSteps, epochPoint, type ChartMarker, type StepPoint } from './chartSeries';
import { formatNumber, i18n } from '../common/i18n/i18n';
import { translatedBlockName } from '../common/i18n/blockName';

/**
 * One run, as its engine events arrive: the charts' series and markers, the progress line and its ETA,
 * the latest epoch's details (block activity, validation predictions), and the run's experiment record,
 * written to IndexedDB after each change that matters (start, epoch, end). Plain TypeScript, no store:
 * the run slice (runSlice.ts) feeds it events, shows its `view` and carries out the effects it returns.
 */

export interface BlockActivity {
  weightChange: number;
  gradientNorm: number;
}

export interface Progress {
  epoch: number;
  epochs: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  imagesPerSecond: number;
  /** The latest step trained on cached features of the frozen prefix. */
  cachedFeatures: boolean;
  /** Seconds left, from the mean step time of this session so far; null before its first step. */
  etaSeconds: number | null;
}

/** What the studio shows of the current (or last) run. */
export interface RunView {
  runState: RunState;
  /** Why the run paused itself or failed, in the engine's words, or that an engine crash cut it short. */
  runMessage: string | null;
  progress: Progress | null;
  steps: StepPoint[];
  epochs: EpochRow[];
  markers: ChartMarker[];
  /** From the latest epoch: how much each block moved; frozen blocks read exactly 0. */
  blockActivity: Record<string, BlockActivity>;
  /** Validation predictions of the latest epoch, in dataset order. */
  validationPredictions: number[] | null;
  validationConfidence: number[] | null;
  /** The frozen-feature cache being built (or last built): its own progress and time, apart from the epochs'. */
  featureCache: FeatureCacheView | null;
  /** The source task's Fisher information being computed before an EWC run (null when none was). */
  fisher: { done: number; total: number; seconds: number; finished: boolean } | null;
  /** Stored images the run could not read (missing or undecodable records): skipped and named. */
  unreadable: string[];
  /** The held-out test split scored at the run's end (null before, or when the dataset has none). */
  test: RunTestScores | null;
  /** Why the test split could not be scored. */
  testMessage: string | null;
}

export interface FeatureCacheView {
  done: number;
  total: number;
  seconds: number;
  finished: boolean;
  onDevice: boolean | null;
}

/** The series a run's charts draw; a resumed run starts from those saved up to its checkpoint. */
export type RunCharts = Pick<RunView, 'steps' | 'epochs' | 'markers'>;

export const NO_RUN: RunView = {
  runState: 'idle', runMessage: null, progress: null, steps: [], epochs: [], markers: [],
  blockActivity: {}, validationPredictions: null, validationConfidence: null, featureCache: null, fisher: null, unreadable: [],
  test: null, testMessage: null,
};

/** What the run slice does for an event beyond showing the view. */
export type RunEffect =
  | { type: 'notice'; message: string }
  /** The engine moved to another backend (device lost). */
  | { type: 'backend'; info: BackendInfo }
  /** The run changed the model's blocks (gradual unfreezing) or rebuilt it (backend switch): the tree follows the engine. */
  | { type: 'refreshModel' }
  /** The charts up to this epoch are saved with the run, before the engine writes the epoch's checkpoint. */
  | { type: 'saveCharts'; step: number; epoch: number }
  | { type: 'checkpointSaved'; kind: CheckpointKind };

/** Said when an engine crash cut the run short (its record stays unfinished, listed as interrupted). */
export const cutShortByCrash = (): string => i18n.t('store:run.cutShortByCrash');

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

export interface RecorderOptions {
  /** The epochs the run plans: the progress line and the ETA count to it. */
  plannedEpochs: number;
  /** The series the run carries on (a resumed run's, up to its checkpoint); none for a new run. */
  charts?: RunCharts;
  /** A clock in milliseconds, for the ETA; performance.now by default. */
  now?: () => number;
  /** Where the record is written; IndexedDB by default. */
  save?: (run: RunRecord) => Promise<void>;
}

type RunListener = (run: RunRecord) => void;
const listeners = new Set<RunListener>();

/** Every update of every run's record (the experiments table follows them). */
export function onRunRecorded(listener: RunListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function describeSplit(dataset: DatasetSummary): string {
  const train = dataset.trainCounts.reduce((a, b) => a + b, 0);
  const validation = dataset.validationCounts.reduce((a, b) => a + b, 0);
  const how = dataset.source.kind === 'sample'
    ? i18n.t('store:run.seededSplit', { seed: dataset.source.spec.seed })
    : i18n.t('store:run.storedSplit');
  const test = dataset.testCounts.reduce((a, b) => a + b, 0);
  // Recorded with the run, in the language it started in (as its label).
  return i18n.t(test > 0 ? 'store:run.splitWithTest' : 'store:run.split', { train, validation, test, how });
}

export class RunRecorder {
  private current: RunView;
  /** Step events not yet in the series: the charts take them in batches (see flush). */
  private pending: StepEvent[] = [];
  /** The latest point whose charts were handed out for storing (chartsToSave). */
  private chartsSavedUpTo: { step: number; epoch: number } | null = null;
  private writes: Promise<void> = Promise.resolve();
  private readonly plannedEpochs: number;
  private readonly now: () => number;
  private readonly save: (run: RunRecord) => Promise<void>;
  private readonly startedAt: number;
  /** Seconds this session spent building frozen-feature caches. */
  private cacheSeconds = 0;
  /** The last step before this session: the ETA counts the steps trained since. */
  private readonly firstStep: number;

  private constructor(private runRecord: RunRecord, options: RecorderOptions) {
    const charts = options.charts ?? { steps: [], epochs: [], markers: [] };
    this.plannedEpochs = options.plannedEpochs;
    this.now = options.now ?? (() => performance.now());
    this.save = options.save ?? saveRun;
    this.startedAt = this.now();
    this.firstStep = charts.steps.at(-1)?.step ?? 0;
    this.current = { ...NO_RUN, ...charts, runState: 'training' };
    this.write();
  }

  /** A new run: its record is written at once, marked running. */
  static start(run: RunStart, options: RecorderOptions): RunRecorder {
    return new RunRecorder({
      version: 1, id: run.id, label: run.label, startedAt: Date.now(), endedAt: null, status: 'running',
      datasetName: run.dataset.name, classNames: run.dataset.classNames, split: describeSplit(run.dataset), modelName: run.modelName, backend: run.backend?.name ?? 'unknown',
      config: run.config, epochs: [], events: [],
      trainableParamsStart: run.model.trainableParams, trainableParamsEnd: run.model.trainableParams, totalParams: run.model.totalParams,
    }, options);
  }

  /** Carries on an existing record (a resumed run): its epochs after `fromEpoch` are dropped, and it is running again. */
  static continue(record: RunRecord, fromEpoch: number, options: RecorderOptions): RunRecorder {
    // Its test score, if any, belonged to where it ended before: the run's new end scores it again.
    const { test: _scoredBefore, ...unscored } = record;
    return new RunRecorder({ ...unscored, status: 'running', endedAt: null, epochs: record.epochs.filter((e) => e.epoch <= fromEpoch) }, options);
  }

  get id(): string {
    return this.runRecord.id;
  }

  get record(): RunRecord {
    return this.runRecord;
  }

  /** A new object after every change, so a store holding it re-renders exactly what changed. */
  get view(): RunView {
    return this.current;
  }

  /**
   * Takes one engine event into the view and the record. Step events wait for `flush` (drawing must
   * never slow training down); every other event that touches the series flushes them first.
   * `model` is the model as the studio knows it now (block names, trainable parameters).
   */
  handle(event: EngineEvent, model: ModelSummary | null): RunEffect[] {
    switch (event.type) {
      case 'step':
        this.pending.push(event);
        return [];
      case 'epoch': {
        this.flush();
        const row = epochPoint(event);
        this.recordEpoch(row, model?.trainableParams ?? 0);
        this.update({
          epochs: [...this.current.epochs, row],
          blockActivity: Object.fromEntries(Object.entries(event.blockWeightChange).map(([id, weightChange]) => [
            id, { weightChange, gradientNorm: event.blockGradientNorm[id] ?? 0 },
          ])),
          validationPredictions: event.validationPredictions,
          validationConfidence: event.validationConfidence,
        });
        // Saved now, before the engine writes this epoch's checkpoint: a tab closed in between still finds
        // the curves of every epoch its checkpoint holds (saved again, with markers, at the checkpoint).
        return [{ type: 'saveCharts', step: event.step, epoch: event.epoch }];
      }
      case 'callback':
        this.flush();
        this.recordEvent(event.step, event.message, event.kind);
        // Only the latest best epoch keeps its marker; the others would clutter the chart.
        this.update({
          markers: [
            ...this.current.markers.filter((m) => event.kind !== 'best' || m.kind !== 'best'),
            { step: event.step, label: callbackLabel(event), kind: event.kind },
          ],
        });
        return [];
      case 'freeze': {
        this.flush();
        const name = model?.blocks.find((b) => b.id === event.blockId)?.name ?? event.blockId;
        const label = i18n.t(event.frozen ? 'messages:markers.froze' : 'messages:markers.thawed', { name: translatedBlockName(name) });
        const kind = event.frozen ? 'freeze' : 'thaw';
        this.recordEvent(event.step, label, kind);
        this.update({ markers: [...this.current.markers, { step: event.step, label, kind, block: name }] });
        return [{ type: 'refreshModel' }];
      }
      case 'status':
        this.update({ runState: event.state, runMessage: event.message ?? null });
        return [];
      case 'backend':
        // Training goes on from the last recovery point: what was drawn after it is trained again.
        this.flush();
        this.update({
          epochs: this.current.epochs.filter((e) => e.epoch <= event.resumeEpoch),
          steps: this.current.steps.filter((p) => p.step <= event.resumeStep),
          markers: [...this.current.markers, { step: event.resumeStep, label: i18n.t('messages:markers.switched', { backend: event.info.name }), kind: 'backend' }],
        });
        return [{ type: 'refreshModel' }, { type: 'backend', info: event.info }, { type: 'notice', message: event.message }];
      case 'cache':
        if (event.finished) this.cacheSeconds += event.seconds;
        this.update({ featureCache: { done: event.done, total: event.total, seconds: event.seconds, finished: event.finished, onDevice: event.onDevice ?? null } });
        return [];
      case 'fisher':
        this.update({ fisher: { done: event.done, total: event.total, seconds: event.seconds, finished: event.finished } });
        return [];
      case 'unreadable':
        this.update({ unreadable: event.paths });
        return [];
      case 'test':
        if (!event.scores) {
          this.update({ testMessage: event.message });
          return [{ type: 'notice', message: event.message }];
        }
        this.runRecord = { ...this.runRecord, test: event.scores };
        this.write();
        this.update({ test: event.scores, testMessage: null });
        return [];
      case 'checkpoint':
        if (!event.saved) return [{ type: 'notice', message: event.message ?? i18n.t('messages:notices.checkpointNotSaved', { kind: event.kind }) }];
        return [{ type: 'checkpointSaved', kind: event.kind }];
    }
  }

  /** Brings the waiting step events into the series and the progress line; false when there were none. */
  flush(): boolean {
    const events = this.pending;
    const last = events.at(-1);
    if (!last) return false;
    this.pending = [];
    const totalSteps = last.stepsPerEpoch * this.plannedEpochs;
    const stepsThisSession = last.step - this.firstStep;
    // Building the feature cache is not training: its time is shown apart and left out of the ETA.
    const elapsedSeconds = Math.max(0, (this.now() - this.startedAt) / 1000 - this.cacheSeconds);
    this.update({
      steps: appendSteps(this.current.steps, events),
      progress: {
        epoch: last.epoch, epochs: this.plannedEpochs, stepInEpoch: last.stepInEpoch, stepsPerEpoch: last.stepsPerEpoch,
        imagesPerSecond: last.imagesPerSecond, cachedFeatures: last.cachedFeatures,
        etaSeconds: stepsThisSession > 0 ? (elapsedSeconds / stepsThisSession) * Math.max(0, totalSteps - last.step) : null,
      },
    });
    return true;
  }

  /** The series up to a step and epoch: what is saved with a checkpoint, so a resumed run continues its curves. */
  private chartsUpTo(step: number, epoch: number): RunCharts {
    const { steps, epochs, markers } = this.current;
    return { steps: steps.filter((p) => p.step <= step), epochs: epochs.filter((e) => e.epoch <= epoch), markers: markers.filter((m) => m.step <= step) };
  }

  /**
   * The charts to store with the run up to a step and epoch, or null when charts up to a later point were already
   * handed out for storing: the answer about an older checkpoint can arrive after the next epoch's charts were
   * saved, and storing it then would drop that epoch from a resumed run (seen in e2e under load).
   */
  chartsToSave(step: number, epoch: number): RunCharts | null {
    const latest = this.chartsSavedUpTo;
    if (latest && (epoch < latest.epoch || (epoch === latest.epoch && step < latest.step))) return null;
    this.chartsSavedUpTo = { step, epoch };
    return this.chartsUpTo(step, epoch);
  }

  /** The engine's call returned: the last steps are drawn and the run shows how it ended. */
  ended(state: RunState): void {
    this.flush();
    this.update({ runState: state });
  }

  /** The engine's call threw: the run failed, with `message` shown when there is one to add (an engine crash). */
  failed(message: string | null): void {
    this.flush();
    this.update({ runState: 'failed', ...(message !== null ? { runMessage: message } : {}) });
  }

  /** Writes the run's end to its record; resolves once every write of the record is done. */
  finish(status: Exclude<RunStatus, 'running'>, trainableParams: number): Promise<void> {
    this.runRecord = { ...this.runRecord, status, endedAt: Date.now(), trainableParamsEnd: trainableParams };
    this.write();
    return this.writes;
  }

  private update(change: Partial<RunView>): void {
    this.current = { ...this.current, ...change };
  }

  private recordEpoch(row: EpochRow, trainableParams: number): void {
    const { step: _step, ...recorded } = row;
    this.runRecord = {
      ...this.runRecord, trainableParamsEnd: trainableParams,
      epochs: [...this.runRecord.epochs.filter((e) => e.epoch < row.epoch), recorded],
    };
    this.write();
  }

  /** Freezes, thaws, learning-rate drops, best epochs, early stops: written with the next epoch. */
  private recordEvent(step: number, label: string, kind: string): void {
    this.runRecord = { ...this.runRecord, events: [...this.runRecord.events, { step, label, kind }] };
    this.notify();
  }

  private notify(): void {
    for (const listener of listeners) listener(this.runRecord);
  }

  /** Writes in order, one at a time; a failed write is not fatal (the run's checkpoint is what matters). */
  private write(): void {
    const snapshot = this.runRecord;
    this.notify();
    this.writes = this.writes.then(() => this.save(snapshot)).catch(() => undefined);
  }
}

/** A callback's chart marker in the page's language, from its kind and figures (the engine's English when the catalogue has no such kind). */
function callbackLabel(event: CallbackEvent): string {
  const values = Object.fromEntries(Object.entries(event.values).map(([key, value]) => [key, formatNumber(value)]));
  return i18n.t(`messages:markers.${event.kind}`, { ...values, defaultValue: event.message });
}
