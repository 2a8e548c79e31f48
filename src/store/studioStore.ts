import { errorMessage } from '../common/errors';
import { type ModelForm } from '../contract';
import { type ArchiveFormat, type BackendInfo, type BackendName, type CallbackKind, DEFAULT_SETTINGS, DEFAULT_TRAINING_FORM, type DatasetSummary, type EpochRow, type ExportedFile, type ImagePreview, type ModelSpec, type ModelSummary, NO_AUGMENTATION, type Prediction, type RunRecord, type SavedCheckpoints, type StudioSettings, type TrainConfig, type TrainingForm } from '../contract';
import { create } from 'zustand';
import * as Comlink from 'comlink';
import type { EngineEvent, EngineListener, RunState, StepEvent } from '../engine/api';
import { parseExerciseConfig } from './exerciseConfig';
import { toTrainConfig } from './trainConfig';
import type { StrategyPreset } from '../freeze/presets';
import { EngineCrashError, startEngineWorker, type EngineClient } from './engineClient';
import { appendSteps, epochPoint, type StepPoint } from './chartSeries';
import { loadRunHistory, loadSettings, saveRunHistory, saveSettings } from '../persistence/db';
import { catalogEntry, modelLabel } from '../models/catalog';
import { RunRecorder } from './runRecorder';
import { newRunId } from '../common/runId';
import type { MemoryCheck } from '../engine/api';
import { listRuns } from '../persistence/runs';

export interface ChartMarker {
  step: number;
  label: string;
  kind: 'freeze' | 'thaw' | 'backend' | 'resume' | CallbackKind;
}

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
  /** Seconds left, from the mean step time so far. */
  etaSeconds: number | null;
}

export interface StudioState {
  /** 'released': this tab lost the studio to another, and shut its engine (see releaseEngine). */
  engineStatus: 'starting' | 'ready' | 'crashed' | 'released';
  engineError: string | null;
  backend: BackendInfo | null;
  settings: StudioSettings;
  notices: string[];
  dataset: DatasetSummary | null;
  model: ModelSummary | null;
  modelForm: ModelForm;
  trainingForm: TrainingForm;
  runState: RunState;
  runMessage: string | null;
  /** Download/cache progress of a pretrained backbone, 0..1; null when nothing is loading. */
  modelLoading: { label: string; fraction: number } | null;
  modelError: string | null;
  progress: Progress | null;
  steps: StepPoint[];
  epochs: EpochRow[];
  markers: ChartMarker[];
  /** From the latest epoch: how much each block moved; frozen blocks read exactly 0. */
  blockActivity: Record<string, BlockActivity>;
  /** Validation predictions of the latest epoch, in dataset order. */
  validationPredictions: number[] | null;
  validationConfidence: number[] | null;
  /** Checkpoints in IndexedDB: an unfinished `last` can be resumed after a reload. */
  checkpoints: SavedCheckpoints;
  /** Whether the form's batch size fits the device with the current model and dataset; null until known. */
  memoryCheck: MemoryCheck | null;
  refreshMemoryCheck(): Promise<void>;
  resumeSavedRun(): Promise<void>;
  discardSavedRun(): Promise<void>;
  loadBestWeights(): Promise<void>;
  /** A zip of the current model or the best checkpoint; null (with the reason shown) when it failed. */
  exportModel(format: ArchiveFormat, source: 'current' | 'best'): Promise<ExportedFile | null>;
  /** Applies a settings file's valid fields (model and training form); the skipped ones become notices. */
  loadExerciseSettings(text: string): Promise<void>;
  /** Throws with the reason: the panel shows it next to the image. */
  predict(image: ImagePreview, topK: number, source?: 'current' | 'best'): Promise<Prediction[]>;
  /** A dropped .zip, or the files of an unzipped export folder. */
  importModel(files: { name: string; bytes: Uint8Array }[]): Promise<void>;
  /** The latest imported model's score on this dataset's validation split. */
  importedModel: { labels: string[]; validationLoss: number; validationAccuracy: number } | null;
  fetchValidationImages(positions: number[]): Promise<ImagePreview[]>;
  /** Augmented versions of a training image under the current form's augmentation settings. */
  previewAugmentation(count: number, seed: number): Promise<ImagePreview[]>;

  start(): Promise<void>;
  /** Regenerates the built-in sample dataset (e.g. imbalanced) and rebuilds the model for it. */
  loadSampleDataset(options: { imbalanced: boolean; seed: number }): Promise<void>;
  /** An imported dataset (decoded in the engine at `imageSize`), then the model rebuilt for its classes. */
  loadStoredDataset(datasetId: string, imageSize: number): Promise<void>;
  /** Class names changed in the stored dataset: the engine takes them, the model is kept. */
  renameClasses(classNames: string[]): Promise<void>;
  sampleOptions: { imbalanced: boolean; seed: number };
  applyPreset(preset: StrategyPreset): Promise<void>;
  setBlockLrMultiplier(blockId: string, multiplier: number): Promise<void>;
  setGeometricLrDecay(alpha: number): Promise<void>;
  setBackendSetting(backend: StudioSettings['backend']): Promise<void>;
  setClassroomMode(on: boolean): Promise<void>;
  setShowCharts(on: boolean): Promise<void>;
  setModelBaseUrl(url: string): Promise<void>;
  /** GB a run may use; 0 goes back to what the browser reports. */
  setMemoryLimit(gb: number): Promise<void>;
  rebuildModel(form: Partial<ModelForm>): Promise<void>;
  updateTrainingForm(form: Partial<TrainingForm>): void;
  setBlockFrozen(blockId: string, frozen: boolean): Promise<void>;
  /** Trains with the form's settings; `adjustConfig` lets a strategy comparison change the engine config. */
  train(options?: { label?: string; adjustConfig?: (config: TrainConfig) => TrainConfig }): Promise<RunState>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  restartEngine(): Promise<void>;
  /** Another tab took the studio over: stop this tab's run at its last step and shut its engine, freeing its GPU memory. */
  releaseEngine(): Promise<void>;
  /** Fault injection used by e2e tests (exposed on window only with ?faults=1). */
  simulateDeviceLoss(): Promise<void>;
  /** Fault injection for tests: the engine worker dies of an uncaught error. */
  simulateEngineCrash(): Promise<void>;
  /** Fault injection for tests: the next training step fails to allocate its memory. */
  simulateAllocationFailure(): Promise<void>;
}

/** The form for a model the engine reports; an imported backbone stays available in the list. */
function modelFormOf(spec: ModelSpec, previous: ModelForm): ModelForm {
  const importedBackbone = spec.importedBackbone ?? previous.importedBackbone;
  return {
    architecture: spec.architecture, width: spec.width, dropout: spec.dropout, inputSize: spec.inputSize,
    headHiddenUnits: spec.headHiddenUnits ?? 0, headL2: spec.headL2 ?? 0, ...(importedBackbone ? { importedBackbone } : {}),
  };
}

/** e.g. "Small CNN (from scratch), adam lr 0.001, 5 epochs": enough to tell runs apart in the table. */
function defaultRunLabel(form: TrainingForm, modelName: string): string {
  return `${modelName}, ${form.optimizer} lr ${form.learningRate}, ${form.epochs} epochs`;
}

/** How often buffered step events reach the charts: drawing must never slow training down. */
export const CHART_FLUSH_MS = 250;

/** The last step the current run plans (its step axis spans it); null before a run reports progress. */
export const selectPlannedLastStep = (s: Pick<StudioState, 'progress'>): number | null =>
  s.progress ? s.progress.stepsPerEpoch * s.progress.epochs : null;

let client: EngineClient | null = null;
let memoryCheckAsked = 0;

export function modelBaseFromUrl(search: string): string | undefined {
  return new URLSearchParams(search).get('modelBase') ?? undefined;
}

export function preferredBackendFromUrl(search: string): BackendName | null {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgpu' || value === 'webgl' || value === 'cpu' ? value : null;
}

export const useStudio = create<StudioState>()((set, get) => {
  const api = () => {
    if (!client) throw new Error('The training engine is not running');
    return client.api;
  };
  const notice = (message: string) => set((s) => ({ notices: [...s.notices.slice(-4), message] }));
  const fail = (error: unknown) => set({ runMessage: errorMessage(error) });
  /** Every block-level change returns the engine's fresh model summary, which replaces ours. */
  const updateModel = async (change: (engine: ReturnType<typeof api>) => Promise<ModelSummary>) => {
    try {
      set({ model: await change(api()) });
    } catch (error) {
      fail(error);
    }
  };

  const bootEngine = async () => {
    client?.terminate();
    const started = startEngineWorker();
    client = started;
    started.crashed.catch((error: EngineCrashError) => {
      if (client === started) set({ engineStatus: 'crashed', engineError: error.message, runState: 'failed' });
    });
    set({ engineStatus: 'starting', engineError: null });
    const settings = await loadSettings();
    const forced = preferredBackendFromUrl(location.search) ?? (settings.backend === 'auto' ? null : settings.backend);
    const backend = await started.api.init(forced);
    await started.api.setMemoryLimit(settings.memoryLimitGb ? settings.memoryLimitGb * 2 ** 30 : null);
    set({ backend, settings });
    if (forced && backend.name !== forced) notice(`The ${forced} backend could not start (${backend.fallbacks.join('; ')}); using ${backend.name}.`);
    const { imbalanced, seed } = get().sampleOptions;
    const dataset = await started.api.loadSampleDataset({ seed, imageSize: 32, imagesPerClass: 60, imbalanced, validationFraction: 0.2 });
    set({ dataset });
    await get().rebuildModel({});
    const checkpoints = await started.api.savedCheckpoints();
    // A release (another tab took the studio over) or a restart while this one booted has the last word.
    if (client === started) set({ engineStatus: 'ready', checkpoints });
  };

  type ChartHistory = { form: TrainingForm; steps: StepPoint[]; epochs: EpochRow[]; markers: ChartMarker[] };

  /** The run under way, if any: releasing the engine waits for it to record its end. */
  let activeRun: Promise<RunState> | null = null;
  const runWithEvents = (start: (listener: EngineListener) => Promise<RunState>, form: TrainingForm, recorder: RunRecorder) => {
    const run = recordRunEvents(start, form, recorder);
    activeRun = run;
    const settled = () => { if (activeRun === run) activeRun = null; };
    run.then(settled, settled);
    return run;
  };
  /** Runs a training call and turns its event stream into chart series, markers and progress. */
  const recordRunEvents = async (start: (listener: EngineListener) => Promise<RunState>, form: TrainingForm, recorder: RunRecorder) => {
    set({ runMessage: null, runState: 'training', progress: null, blockActivity: {}, validationPredictions: null, validationConfidence: null });
    let buffered: StepEvent[] = [];
    const runStart = performance.now();
    const firstStep = get().steps.at(-1)?.step ?? 0;
    const flush = () => {
      if (buffered.length === 0) return;
      const events = buffered;
      buffered = [];
      const last = events[events.length - 1];
      const totalSteps = last.stepsPerEpoch * form.epochs;
      const stepsThisSession = last.step - firstStep;
      const elapsed = (performance.now() - runStart) / 1000;
      set((s) => ({
        steps: appendSteps(s.steps, events),
        progress: {
          epoch: last.epoch, epochs: form.epochs, stepInEpoch: last.stepInEpoch, stepsPerEpoch: last.stepsPerEpoch,
          imagesPerSecond: last.imagesPerSecond,
          cachedFeatures: last.cachedFeatures,
          etaSeconds: stepsThisSession > 0 ? (elapsed / stepsThisSession) * (totalSteps - last.step) : null,
        },
      }));
    };
    const timer = setInterval(flush, CHART_FLUSH_MS);
    /** The charts up to `step`/`epoch`, kept with the run so that resuming it continues its curves. */
    const saveHistory = async (runId: string, step: number, epoch: number) => {
      const { steps, epochs, markers } = get();
      const history: ChartHistory = {
        form, steps: steps.filter((p) => p.step <= step), epochs: epochs.filter((e) => e.epoch <= epoch), markers: markers.filter((m) => m.step <= step),
      };
      await saveRunHistory({ runId, ...history }).catch(() => { /* a convenience: the checkpoint itself is saved */ });
    };
    const onEvent = (event: EngineEvent) => {
      switch (event.type) {
        case 'step':
          buffered.push(event);
          break;
        case 'epoch':
          flush();
          recorder.epoch(epochPoint(event), get().model?.trainableParams ?? 0);
          set((s) => ({
            epochs: [...s.epochs, epochPoint(event)],
            blockActivity: Object.fromEntries(Object.keys(event.blockWeightChange).map((id) => [id, { weightChange: event.blockWeightChange[id], gradientNorm: event.blockGradientNorm[id] ?? 0 }])),
            validationPredictions: event.validationPredictions,
            validationConfidence: event.validationConfidence,
          }));
          // Saved now, before the engine writes this epoch's checkpoint: a tab closed in between still
          // finds the curves of every epoch its checkpoint holds (saved again, with markers, at the checkpoint).
          void saveHistory(recorder.id, event.step, event.epoch);
          break;
        case 'callback':
          flush();
          recorder.event(event.step, event.message, event.kind);
          // Only the latest best epoch keeps its marker; the others would clutter the chart.
          set((s) => ({ markers: [...s.markers.filter((m) => event.kind !== 'best' || m.kind !== 'best'), { step: event.step, label: event.message, kind: event.kind }] }));
          break;
        case 'freeze': {
          flush();
          const name = get().model?.blocks.find((b) => b.id === event.blockId)?.name ?? event.blockId;
          recorder.event(event.step, `${event.frozen ? 'froze' : 'thawed'} ${name}`, event.frozen ? 'freeze' : 'thaw');
          // The run itself may change blocks (gradual unfreezing): the tree follows the engine.
          void api().modelSummary().then((model) => set({ model }));
          set((s) => ({ markers: [...s.markers, { step: event.step, label: `${event.frozen ? 'froze' : 'thawed'} ${name}`, kind: event.frozen ? 'freeze' : 'thaw' }] }));
          break;
        }
        case 'status':
          set({ runState: event.state, runMessage: event.message ?? null });
          break;
        case 'backend':
          flush();
          void api().modelSummary().then((model) => set({ model }));
          set((s) => ({ backend: event.info, epochs: s.epochs.filter((e) => e.epoch <= event.resumeEpoch), steps: s.steps.filter((p) => p.step <= event.resumeStep), markers: [...s.markers, { step: event.resumeStep, label: `switched to ${event.info.name}`, kind: 'backend' }] }));
          notice(event.message);
          break;
        case 'checkpoint':
          if (!event.saved) {
            notice(event.message ?? `The ${event.kind} checkpoint could not be saved.`);
            break;
          }
          void api().savedCheckpoints().then(async (checkpoints) => {
            // The charts as they stood at that checkpoint, so a resumed run continues its curves;
            // saved before the panel shows the checkpoint, so what it offers is complete.
            const last = checkpoints.last;
            if (event.kind === 'last' && last) {
              await saveHistory(last.runId, last.step, last.epoch);
            }
            set({ checkpoints });
          }).catch(fail);
          break;
      }
    };
    let finalState: RunState = 'failed';
    let engineCrashed = false;
    try {
      finalState = await start(Comlink.proxy(onEvent));
      flush();
      set({ runState: finalState });
    } catch (error) {
      engineCrashed = error instanceof EngineCrashError;
      set({ runState: 'failed' });
      fail(engineCrashed ? new Error('The run was cut short by the engine crash. After restarting the engine, resume the saved run from its last checkpoint.') : error);
    } finally {
      clearInterval(timer);
      flush();
      // A crashed engine cut the run short, as a closed tab would: its record stays unfinished
      // (listed as interrupted) and its last checkpoint can be resumed.
      if (!engineCrashed) {
        const model = await api().modelSummary().catch(() => get().model);
        if (model) set({ model });
        await recorder.finish(finalState === 'finished' || finalState === 'stopped' ? finalState : 'failed', model?.trainableParams ?? 0);
      }
    }
    return finalState;
  };

  return {
    engineStatus: 'starting',
    engineError: null,
    backend: null,
    settings: DEFAULT_SETTINGS,
    notices: [],
    dataset: null,
    model: null,
    modelForm: { architecture: 'small-cnn', width: 8, dropout: 0.2, inputSize: 96, headHiddenUnits: 0, headL2: 0 },
    trainingForm: DEFAULT_TRAINING_FORM,
    blockActivity: {},
    validationPredictions: null,
    validationConfidence: null,
    checkpoints: {},
    memoryCheck: null,

    async refreshMemoryCheck() {
      const { dataset, trainingForm } = get();
      if (!dataset || !client) return;
      const asked = ++memoryCheckAsked;
      const config = toTrainConfig(trainingForm, dataset.trainCounts);
      const memoryCheck = await api().memoryCheck(config.batchSize, config.optimizer).catch(() => null);
      // An answer to an older question (a batch size typed since) is dropped.
      // A refusal shown as the run's message goes once the run fits.
      if (asked === memoryCheckAsked) set((s) => ({ memoryCheck, runMessage: s.runMessage !== null && s.runMessage === s.memoryCheck?.refusal ? null : s.runMessage }));
    },
    importedModel: null,

    async exportModel(format, source) {
      try {
        return await api().exportModel({ format, source, metrics: get().epochs });
      } catch (error) {
        fail(error);
        return null;
      }
    },

    async loadExerciseSettings(text) {
      try {
        const parsed = parseExerciseConfig(text, get().modelForm.architecture);
        get().updateTrainingForm(parsed.training);
        const current = get().modelForm;
        const modelChanged = (Object.keys(parsed.model) as (keyof ModelForm)[]).some((k) => parsed.model[k] !== current[k]);
        if (modelChanged) await get().rebuildModel(parsed.model);
        parsed.skipped.forEach((line) => notice(`Settings file: skipped ${line}`));
      } catch (error) {
        fail(error);
      }
    },

    async predict(image, topK, source) {
      return api().predict(image, topK, source);
    },

    async importModel(files) {
      set({ runMessage: null });
      try {
        const zip = files.length === 1 && files[0].name.toLowerCase().endsWith('.zip') ? files[0].bytes : null;
        const input = zip ?? Object.fromEntries(files.map((f) => [f.name, f.bytes]));
        const imported = await api().importModel(Comlink.transfer(input, zip ? [zip.buffer as ArrayBuffer] : []));
        const spec = imported.modelSpec;
        set({
          model: imported.model, steps: [], epochs: [], markers: [], blockActivity: {}, validationPredictions: null, validationConfidence: null,
          modelForm: modelFormOf(spec, get().modelForm),
          importedModel: { labels: imported.labels, validationLoss: imported.validationLoss, validationAccuracy: imported.validationAccuracy },
        });
        imported.warnings.forEach(notice);
      } catch (error) {
        fail(error);
      }
    },

    async fetchValidationImages(positions) {
      try {
        return await api().validationImages(positions);
      } catch (error) {
        fail(error);
        return [];
      }
    },

    async previewAugmentation(count, seed) {
      const augmentation = toTrainConfig(get().trainingForm, get().dataset?.trainCounts ?? []).augmentation ?? NO_AUGMENTATION;
      try {
        return await api().previewAugmentation(augmentation, count, seed);
      } catch (error) {
        fail(error);
        return [];
      }
    },
    sampleOptions: { imbalanced: false, seed: 7 },

    async loadSampleDataset(options) {
      set({ sampleOptions: options });
      try {
        const dataset = await api().loadSampleDataset({ ...options, imageSize: 32, imagesPerClass: 60, validationFraction: 0.2 });
        set({ dataset, validationPredictions: null, validationConfidence: null });
        await get().rebuildModel({});
      } catch (error) {
        fail(error);
      }
    },

    async loadStoredDataset(datasetId, imageSize) {
      try {
        const dataset = await api().loadStoredDataset(datasetId, imageSize);
        set({ dataset, validationPredictions: null, validationConfidence: null });
        if (dataset.unreadable.length > 0) {
          notice(`${dataset.unreadable.length} stored image(s) could not be read back and were left out: ${dataset.unreadable.slice(0, 5).join(', ')}${dataset.unreadable.length > 5 ? ', …' : ''}`);
        }
        await get().rebuildModel({});
      } catch (error) {
        fail(error);
      }
    },
    async renameClasses(classNames) {
      try {
        set({ dataset: await api().renameClasses(classNames) });
      } catch (error) {
        fail(error);
      }
    },
    runState: 'idle',
    runMessage: null,
    modelLoading: null,
    modelError: null,
    progress: null,
    steps: [],
    epochs: [],
    markers: [],

    async start() {
      try {
        await bootEngine();
      } catch (error) {
        if (get().engineStatus !== 'released') set({ engineStatus: 'crashed', engineError: errorMessage(error) });
      }
    },

    async releaseEngine() {
      const { runState } = get();
      if (runState === 'training' || runState === 'paused') await get().stop().catch(() => undefined);
      await activeRun?.catch(() => undefined);
      client?.terminate();
      client = null;
      set({ engineStatus: 'released', backend: null });
    },

    async restartEngine() {
      set({ runState: 'idle', runMessage: null });
      await get().start();
    },

    async setBackendSetting(backend) {
      const settings = { ...get().settings, backend };
      await saveSettings(settings);
      set({ settings });
      // Tensors live on one backend: a clean engine is the honest way to switch.
      const url = new URL(location.href);
      url.searchParams.delete('backend');
      history.replaceState(null, '', url);
      await get().restartEngine();
    },

    async setClassroomMode(on) {
      const settings = { ...get().settings, classroomMode: on };
      set({ settings });
      await saveSettings(settings);
    },

    async setShowCharts(on) {
      const settings = { ...get().settings, showCharts: on };
      set({ settings });
      await saveSettings(settings);
    },

    async setMemoryLimit(gb) {
      const settings = { ...get().settings, memoryLimitGb: gb > 0 ? gb : undefined };
      set({ settings });
      await saveSettings(settings);
      await api().setMemoryLimit(gb > 0 ? gb * 2 ** 30 : null).catch(fail);
      await get().refreshMemoryCheck();
    },

    async setModelBaseUrl(url) {
      const trimmed = url.trim();
      const settings = { ...get().settings, modelBaseUrl: trimmed === '' ? undefined : trimmed };
      set({ settings });
      await saveSettings(settings);
    },

    async rebuildModel(form) {
      const previous = get().modelForm;
      const modelForm = { ...previous, ...form };
      const entry = catalogEntry(modelForm.architecture);
      // A newly picked pretrained model starts at its own input size unless one was asked for.
      const switched = form.architecture !== undefined && form.architecture !== previous.architecture;
      if (switched && form.inputSize === undefined && entry.defaultInputSize) modelForm.inputSize = entry.defaultInputSize;
      set({ modelForm, modelError: null, modelLoading: entry.pretrained ? { label: entry.label, fraction: 0 } : null });
      // Progress comes over its own message port, so a last report can arrive after the build has returned.
      let building = true;
      const onProgress = (fraction: number) => { if (building) set({ modelLoading: { label: entry.label, fraction } }); };
      try {
        const model = await api().buildModel(
          {
            architecture: modelForm.architecture, width: modelForm.width, dropout: modelForm.dropout, seed: get().trainingForm.seed,
            headHiddenUnits: modelForm.headHiddenUnits, headL2: modelForm.headL2, importedBackbone: modelForm.importedBackbone,
            inputSize: entry.pretrained ? modelForm.inputSize : undefined,
            modelBaseUrl: modelBaseFromUrl(location.search) ?? get().settings.modelBaseUrl,
          },
          Comlink.proxy(onProgress),
        );
        set({ model, steps: [], epochs: [], markers: [], importedModel: null });
      } catch (error) {
        // The engine keeps its previous model when a build fails; so does the form.
        set({ modelForm: previous, modelError: errorMessage(error) });
      } finally {
        building = false;
        set({ modelLoading: null });
      }
    },

    updateTrainingForm(form) {
      set({ trainingForm: { ...get().trainingForm, ...form } });
    },

    applyPreset: (preset) => updateModel((engine) => engine.applyPreset(preset)),
    setBlockLrMultiplier: (blockId, multiplier) => updateModel((engine) => engine.setBlockLrMultiplier(blockId, multiplier)),
    setGeometricLrDecay: (alpha) => updateModel((engine) => engine.setGeometricLrDecay(alpha)),
    setBlockFrozen: (blockId, frozen) => updateModel((engine) => engine.setBlockFrozen(blockId, frozen)),

    async train(options) {
      const form = get().trainingForm;
      const { dataset, model, backend } = get();
      if (!dataset || !model) return 'failed';
      const config = options?.adjustConfig ? options.adjustConfig(toTrainConfig(form, dataset.trainCounts)) : toTrainConfig(form, dataset.trainCounts);
      // Refused before anything is recorded: a run that cannot fit is not a failed experiment.
      const memoryCheck = await api().memoryCheck(config.batchSize, config.optimizer).catch(() => null);
      if (memoryCheck?.refusal) {
        set({ memoryCheck, runMessage: memoryCheck.refusal });
        return 'failed';
      }
      set({ steps: [], epochs: [], markers: [] });
      const modelName = modelLabel(get().modelForm);
      const recorder = RunRecorder.start({ id: newRunId(), label: options?.label ?? defaultRunLabel(form, modelName), config, dataset, model, modelName, backend });
      return runWithEvents((listener) => api().train(config, listener, recorder.id), form, recorder);
    },

    async resumeSavedRun() {
      set({ runMessage: null });
      try {
        const restored = await api().restoreSavedRun();
        const { meta } = restored;
        const history = await loadRunHistory<TrainingForm, StepPoint, EpochRow, ChartMarker>(meta.runId);
        const spec = restored.modelSpec;
        set((s) => ({
          dataset: restored.dataset, model: restored.model,
          ...(restored.dataset.source.kind === 'sample'
            ? { sampleOptions: { imbalanced: restored.dataset.source.spec.imbalanced, seed: restored.dataset.source.spec.seed } } : {}),
          modelForm: modelFormOf(spec, get().modelForm),
          trainingForm: history?.form ?? { ...s.trainingForm, epochs: restored.config.epochs },
          steps: history?.steps.filter((p) => p.step <= meta.step) ?? [],
          epochs: history?.epochs.filter((e) => e.epoch <= meta.epoch) ?? [],
          markers: [...(history?.markers.filter((m) => m.step <= meta.step) ?? []), { step: meta.step, label: `resumed after epoch ${meta.epoch}`, kind: 'resume' }],
        }));
        const existing = (await listRuns().catch(() => ({ runs: [] as RunRecord[] }))).runs.find((r) => r.id === meta.runId);
        const recorder = existing
          ? RunRecorder.continue(existing, meta.epoch)
          : RunRecorder.start({
            id: meta.runId, label: `${defaultRunLabel(get().trainingForm, meta.modelName)} (resumed)`, config: restored.config,
            dataset: restored.dataset, model: restored.model, modelName: meta.modelName, backend: get().backend,
          });
        await runWithEvents((listener) => api().resumeSavedRun(listener), get().trainingForm, recorder);
      } catch (error) {
        fail(error);
      }
    },

    async discardSavedRun() {
      try {
        await api().discardCheckpoints();
        set({ checkpoints: await api().savedCheckpoints() });
      } catch (error) {
        fail(error);
      }
    },

    async loadBestWeights() {
      try {
        const meta = await api().loadBestWeights();
        notice(`Loaded the best weights: epoch ${meta.epoch}, validation accuracy ${(meta.validationAccuracy * 100).toFixed(1)}%.`);
      } catch (error) {
        fail(error);
      }
    },

    async simulateDeviceLoss() {
      await api().simulateDeviceLoss();
    },
    async simulateEngineCrash() {
      await api().simulateCrash();
    },
    async simulateAllocationFailure() {
      await api().simulateAllocationFailure();
    },
    async pause() {
      await api().pause();
    },
    async resume() {
      await api().resume();
    },
    async stop() {
      await api().stop();
    },
  };
});

// The memory estimate follows what it depends on: the engine, the model, the dataset, the batch size and the optimizer.
useStudio.subscribe((state, previous) => {
  if (state.engineStatus !== 'ready') return;
  const changed = state.engineStatus !== previous.engineStatus || state.model !== previous.model || state.dataset !== previous.dataset
    || state.trainingForm.batchSize !== previous.trainingForm.batchSize || state.trainingForm.optimizer !== previous.trainingForm.optimizer;
  if (changed) void state.refreshMemoryCheck();
});
