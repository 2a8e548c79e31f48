import * as Comlink from 'comlink';
import { formatNumber, i18n } from '../common/i18n/i18n';
import { newRunId } from '../common/runId';
import type { CheckpointKind, EpochRow, RunRecord, TrainingForm } from '../contract';
import type { EngineEvent, EngineListener, RunState } from '../engine/api';
import { modelLabel } from '../models/catalog';
import { loadRunHistory, saveRunHistory } from '../persistence/db';
import { listRuns } from '../persistence/runs';
import { action, reportError } from './actionError';
import type { ChartMarker, StepPoint } from './chartSeries';
import { EngineCrashError } from './engineClient';
import { engineApi, engineRunning } from './engineSession';
import { modelFormOf } from './formsSlice';
import { cutShortByCrash, NO_RUN, RunRecorder, type RunCharts, type RunEffect } from './runRecorder';
import type { RunPart, StudioSlice, TrainOptions } from './studioState';
import { toTrainConfig, withHeadFirst } from './trainConfig';

/**
 * Training runs: starting and resuming them, pause/resume/stop, their checkpoints, and whether a run
 * fits in memory. A run's events go through a RunRecorder (runRecorder.ts), whose view the store shows.
 */

/** How often buffered step events reach the charts: drawing must never slow training down. */
const CHART_FLUSH_MS = 250;

/** e.g. "Small CNN (from scratch), adam lr 0.001, 5 epochs": enough to tell runs apart in the table. */
function defaultRunLabel(form: TrainingForm, modelName: string): string {
  // The learning rate as the form holds it (1e-4 stays 1e-4): a label names the setting, not a measure.
  return i18n.t('store:runLabels.default', { model: modelName, optimizer: form.optimizer, learningRate: String(form.learningRate), epochs: form.epochs });
}

export const createRunPart: StudioSlice<RunPart> = (set, get) => {
  /** The run under way, if any: releasing the engine waits for it to record its end. */
  let activeRun: Promise<RunState> | null = null;
  /** Answers to older memory questions (a batch size typed since) are dropped. */
  let memoryCheckAsked = 0;

  /** The charts up to a step and epoch, kept with the run so that resuming it continues its curves. */
  const saveCharts = (runId: string, form: TrainingForm, charts: RunCharts) =>
    saveRunHistory({ runId, form, ...charts }).catch(() => { /* a convenience: the checkpoint itself is saved */ });

  /** After a checkpoint is written: the charts as they stood at it, then the checkpoint panel, which then offers a complete resume. */
  const checkpointSaved = async (recorder: RunRecorder, form: TrainingForm, kind: CheckpointKind) => {
    const checkpoints = await engineApi().savedCheckpoints();
    const last = checkpoints.last;
    const charts = kind === 'last' && last ? recorder.chartsToSave(last.step, last.epoch) : null;
    if (last && charts) await saveCharts(last.runId, form, charts);
    set({ checkpoints });
  };

  /** Carries out one effect of an event; the promise of one that stores something settles once it is stored. */
  const perform = (effect: RunEffect, recorder: RunRecorder, form: TrainingForm): Promise<void> | undefined => {
    switch (effect.type) {
      case 'notice':
        get().addNotice(effect.message);
        break;
      case 'backend':
        set({ backend: effect.info });
        break;
      case 'refreshModel':
        void engineApi().modelSummary().then((model) => set({ model }), () => undefined);
        break;
      case 'saveCharts': {
        const charts = recorder.chartsToSave(effect.step, effect.epoch);
        return charts ? saveCharts(recorder.id, form, charts) : undefined;
      }
      case 'checkpointSaved':
        checkpointSaved(recorder, form, effect.kind).catch((error: unknown) => {
          if (!(error instanceof EngineCrashError)) reportError('run', 'checkpoint', error);
        });
        break;
    }
  };

  /** Runs a training call, its events shown through `recorder`; resolves to how it ended, rejects if the call threw. */
  const record = async (recorder: RunRecorder, form: TrainingForm, start: (listener: EngineListener) => Promise<RunState>) => {
    const show = () => set(recorder.view);
    /**
     * An epoch's update in three tasks rather than one: its row first, then the block activity (the diagram),
     * then the validation predictions (confusion matrix, diagnosis). Each store update renders synchronously,
     * so one update carrying all three made a main-thread task over 50 ms (BENCHMARKS.md, issue #23).
     */
    const showEpoch = () => {
      const shown = get();
      set({ ...recorder.view, blockActivity: shown.blockActivity, validationPredictions: shown.validationPredictions, validationConfidence: shown.validationConfidence });
      setTimeout(() => set({ blockActivity: recorder.view.blockActivity }), 0);
      setTimeout(() => set({ validationPredictions: recorder.view.validationPredictions, validationConfidence: recorder.view.validationConfidence }), 0);
    };
    show();
    const timer = setInterval(() => { if (recorder.flush()) show(); }, CHART_FLUSH_MS);
    const onEvent = (event: EngineEvent) => {
      const effects = recorder.handle(event, get().model);
      if (event.type === 'epoch') showEpoch();
      else if (event.type !== 'step') show();
      // The engine writes an epoch's checkpoint once this settles, so the epoch's curves are stored before it.
      // Most events (every step's) store nothing: no promise is made for them.
      const stored = effects.map((effect) => perform(effect, recorder, form)).filter((work) => work !== undefined);
      return stored.length > 0 ? Promise.all(stored).then(() => undefined) : undefined;
    };
    let finalState: RunState = 'failed';
    let crashed = false;
    try {
      finalState = await start(Comlink.proxy(onEvent));
      recorder.ended(finalState);
      return finalState;
    } catch (error) {
      // A crashed engine cut the run short, as a closed tab would: its record stays unfinished
      // (listed as interrupted) and its last checkpoint can be resumed.
      crashed = error instanceof EngineCrashError;
      recorder.failed(crashed ? cutShortByCrash() : null);
      throw error;
    } finally {
      clearInterval(timer);
      recorder.flush();
      show();
      if (!crashed) {
        const model = await engineApi().modelSummary().catch(() => get().model);
        if (model) set({ model });
        await recorder.finish(finalState === 'finished' || finalState === 'stopped' ? finalState : 'failed', model?.trainableParams ?? 0);
      }
    }
  };

  const runWithEvents = (recorder: RunRecorder, form: TrainingForm, start: (listener: EngineListener) => Promise<RunState>) => {
    const run = record(recorder, form, start);
    activeRun = run;
    const settled = () => { if (activeRun === run) activeRun = null; };
    run.then(settled, settled);
    return run;
  };

  return {
    ...NO_RUN,
    checkpoints: {},
    memoryCheck: null,

    // Not an action that fails: an estimate the engine cannot give is shown as none.
    refreshMemoryCheck: async () => {
      const { dataset, trainingForm } = get();
      if (!dataset || !engineRunning()) return;
      const asked = ++memoryCheckAsked;
      const config = toTrainConfig(trainingForm, dataset.trainCounts);
      const memoryCheck = await engineApi().memoryCheck(config.batchSize, config.optimizer).catch(() => null);
      if (asked === memoryCheckAsked) set({ memoryCheck });
    },

    train: action('run', 'train', async (options?: TrainOptions) => {
      // A dataset edit made while it was loading reloads it: the run trains on the last edit.
      await get().whenDatasetLoaded();
      const { trainingForm: form, dataset, model, backend, modelForm, datasetRefusal } = get();
      // The engine still holds the previous dataset: training it would not be the dataset the user picked.
      if (datasetRefusal) throw new Error(datasetRefusal);
      if (!dataset || !model) return 'failed';
      const formConfig = withHeadFirst(toTrainConfig(form, dataset.trainCounts), get().headFirst);
      const config = options?.adjustConfig ? options.adjustConfig(formConfig) : formConfig;
      // Refused before anything is recorded: a run that cannot fit is not a failed experiment (the estimate says why).
      const memoryCheck = await engineApi().memoryCheck(config.batchSize, config.optimizer).catch(() => null);
      if (memoryCheck?.refusal) {
        set({ memoryCheck });
        return 'failed';
      }
      const modelName = modelLabel(modelForm);
      const recorder = RunRecorder.start(
        { id: options?.runId ?? newRunId(), label: options?.label ?? defaultRunLabel(form, modelName), config, dataset, model, modelName, backend },
        { plannedEpochs: form.epochs },
      );
      return runWithEvents(recorder, form, (listener) => engineApi().train(config, listener, recorder.id));
    }, { fallback: 'failed' }),

    resumeSavedRun: action('run', 'resumeSavedRun', async () => {
      const restored = await engineApi().restoreSavedRun();
      const { meta } = restored;
      const history = await loadRunHistory<TrainingForm, StepPoint, EpochRow, ChartMarker>(meta.runId);
      const charts: RunCharts = {
        steps: history?.steps.filter((p) => p.step <= meta.step) ?? [],
        epochs: history?.epochs.filter((e) => e.epoch <= meta.epoch) ?? [],
        markers: [...(history?.markers.filter((m) => m.step <= meta.step) ?? []), { step: meta.step, label: i18n.t('messages:markers.resume', { epoch: formatNumber(meta.epoch) }), kind: 'resume' }],
      };
      const { source } = restored.dataset;
      set((s) => ({
        dataset: restored.dataset, model: restored.model,
        ...(source.kind === 'sample' ? { sampleOptions: { imbalanced: source.spec.imbalanced, seed: source.spec.seed, imagesPerClass: source.spec.imagesPerClass, testFraction: source.spec.testFraction } } : {}),
        modelForm: modelFormOf(restored.modelSpec, s.modelForm),
        trainingForm: history?.form ?? { ...s.trainingForm, epochs: restored.config.epochs },
        ...charts,
      }));
      const form = get().trainingForm;
      const existing = (await listRuns().catch(() => ({ runs: [] as RunRecord[] }))).runs.find((r) => r.id === meta.runId);
      const recorder = existing
        ? RunRecorder.continue(existing, meta.epoch, { plannedEpochs: form.epochs, charts })
        : RunRecorder.start({
          id: meta.runId, label: i18n.t('store:runLabels.resumed', { label: defaultRunLabel(form, meta.modelName) }), config: restored.config,
          dataset: restored.dataset, model: restored.model, modelName: meta.modelName, backend: get().backend,
        }, { plannedEpochs: form.epochs, charts });
      await runWithEvents(recorder, form, (listener) => engineApi().resumeSavedRun(listener));
    }),

    discardSavedRun: action('run', 'discardSavedRun', async () => {
      await engineApi().discardCheckpoints();
      set({ checkpoints: await engineApi().savedCheckpoints() });
    }),

    loadBestWeights: action('run', 'loadBestWeights', async () => {
      const meta = await engineApi().loadBestWeights();
      get().addNotice(i18n.t('messages:notices.bestLoaded', { epoch: meta.epoch, accuracy: formatNumber(meta.validationAccuracy, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }) }));
    }),

    pause: action('run', 'pause', () => engineApi().pause()),
    resume: action('run', 'resume', () => engineApi().resume()),
    stop: action('run', 'stop', () => engineApi().stop()),

    runEnded: async () => {
      await activeRun?.catch(() => undefined);
    },
  };
};
