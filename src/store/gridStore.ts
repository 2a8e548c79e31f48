import { create } from 'zustand';
import {
  NO_AUGMENTATION, type GridAxis, type GridFixed, type GridSequence, type TrainConfig,
} from '../contract';
import { newRunId } from '../common/runId';
import { keptCounts } from '../common/imbalancedSubset';
import { deleteGridSequence, loadGridSequences, saveGridSequence } from '../persistence/gridSequences';
import { action } from './actionError';
import { combinationLabel, expandGrid, resolveRun, type ResolvedRun } from './grid';
import { useStudio } from './studioStore';
import { inverseFrequencyWeights } from './trainConfig';
import { i18n } from '../common/i18n/i18n';

/**
 * Runs an experiment grid (or a lesson, a grid with fixed values): every combination one after the
 * other, each from a freshly built model with its seed, each recorded in Experiments. Stop ends the
 * sequence; the sequence is saved after every run, so a reload offers to resume it at its next
 * unfinished run. A grid's errors are the 'experiments' part's, a lesson's the 'lessons' part's.
 */

export interface GridStart {
  kind: string;
  title: string;
  axes: GridAxis[];
  seeds: number[];
  fixed: GridFixed;
}

export interface GridProgress {
  kind: string;
  /** 0-based index of the run under way, and the sequence's run count. */
  index: number;
  total: number;
  label: string;
}

interface GridState {
  /** Every saved sequence, by kind ('grid' or a lesson's id). */
  sequences: Record<string, GridSequence>;
  progress: GridProgress | null;
  load: () => Promise<void>;
  start: (start: GridStart) => Promise<void>;
  /** Continues a sequence a reload (or a closed tab) cut short, at its next unfinished run. */
  resume: (kind: string) => Promise<void>;
  /** Stops the run under way and ends the sequence. */
  stop: () => Promise<void>;
  forget: (kind: string) => Promise<void>;
}

/** The engine config of one grid run: the form's, with the run's augmentation, unfreezing and training subset. */
export function gridRunConfig(config: TrainConfig, run: ResolvedRun, trainCounts: readonly number[]): TrainConfig {
  let out = config;
  if (run.augmentation) {
    const none = JSON.stringify(run.augmentation) === JSON.stringify(NO_AUGMENTATION);
    out = { ...out, augmentation: none ? undefined : run.augmentation };
  }
  if (run.unfreezing) out = { ...out, callbacks: { ...out.callbacks, gradualUnfreezing: run.unfreezing } };
  if (run.trainSubset) {
    const counts = keptCounts(trainCounts, run.trainSubset.keepFraction);
    // Class weights follow the subset's own counts, not the whole split's.
    out = { ...out, trainSubset: run.trainSubset, classWeights: out.classWeights ? inverseFrequencyWeights(counts) : undefined };
  }
  return out;
}

function stepsPerEpoch(fixed: GridFixed): number {
  const { dataset, trainingForm } = useStudio.getState();
  const counts = dataset?.trainCounts ?? [];
  const kept = fixed.trainSubset ? keptCounts(counts, fixed.trainSubset.keepFraction) : counts;
  const batch = typeof fixed.form.batchSize === 'number' ? fixed.form.batchSize : trainingForm.batchSize;
  return Math.max(1, Math.ceil(kept.reduce((a, b) => a + b, 0) / batch));
}

let stopRequested = false;

export const useGrid = create<GridState>()((set, get) => {
  const save = async (sequence: GridSequence) => {
    set((s) => ({ sequences: { ...s.sequences, [sequence.kind]: sequence } }));
    await saveGridSequence(sequence);
  };

  /** One combination: its form, a fresh model from its seed, its preset, then the run. Resolves to the run's id when it finished. */
  const runOne = async (sequence: GridSequence, index: number, label: string): Promise<string | null> => {
    const combination = sequence.combinations[index];
    if (!combination) return null;
    const resolved = resolveRun(sequence.fixed, sequence.axes, combination);
    const studio = useStudio.getState();
    studio.updateTrainingForm(resolved.form);
    await studio.rebuildModel({
      ...(resolved.architecture ? { architecture: resolved.architecture } : {}),
      ...(resolved.headDropout !== undefined ? { dropout: resolved.headDropout } : {}),
      ...(resolved.headL2 !== undefined ? { headL2: resolved.headL2 } : {}),
    });
    if (resolved.preset) await useStudio.getState().applyPreset(resolved.preset);
    const trainCounts = useStudio.getState().dataset?.trainCounts ?? [];
    const runId = newRunId();
    const state = await useStudio.getState().train({
      label, runId, adjustConfig: (config) => gridRunConfig(config, resolved, trainCounts),
    });
    return state === 'finished' ? runId : null;
  };

  const runSequence = async (initial: GridSequence) => {
    let sequence = initial;
    stopRequested = false;
    const stamp = new Date(sequence.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    try {
      for (let index = sequence.runIds.findIndex((id) => id === null); index >= 0 && index < sequence.combinations.length; index++) {
        if (stopRequested) break;
        const combination = sequence.combinations[index];
        if (!combination) break;
        const label = `${sequence.title}: ${combinationLabel(sequence.axes, combination)} (${stamp})`;
        set({ progress: { kind: sequence.kind, index, total: sequence.combinations.length, label: combinationLabel(sequence.axes, combination) } });
        const runId = await runOne(sequence, index, label);
        if (runId === null) {
          sequence = { ...sequence, status: 'stopped' };
          await save(sequence);
          return;
        }
        sequence = { ...sequence, runIds: sequence.runIds.map((id, i) => (i === index ? runId : id)) };
        await save(sequence);
      }
      sequence = { ...sequence, status: stopRequested ? 'stopped' : 'done' };
      await save(sequence);
    } finally {
      set({ progress: null });
    }
  };

  const busy = () => {
    const { runState } = useStudio.getState();
    return get().progress !== null || runState === 'training' || runState === 'paused';
  };

  const startSequence = async (start: GridStart) => {
    if (busy()) throw new Error(i18n.t('store:busy.runUnderWay'));
    const combinations = expandGrid(start.axes, start.seeds);
    const sequence: GridSequence = {
      id: newRunId(), kind: start.kind, title: start.title, startedAt: Date.now(), axes: start.axes, fixed: start.fixed,
      combinations, runIds: combinations.map(() => null), stepsPerEpoch: stepsPerEpoch(start.fixed), status: 'running',
    };
    await save(sequence);
    await runSequence(sequence);
  };
  const resumeSequence = async (kind: string) => {
    if (busy()) throw new Error(i18n.t('store:busy.runUnderWay'));
    const sequence = get().sequences[kind];
    if (!sequence) throw new Error(i18n.t('store:grid.noSequence'));
    const running: GridSequence = { ...sequence, status: 'running' };
    await save(running);
    await runSequence(running);
  };
  const startGrid = action('experiments', 'startGrid', startSequence);
  const startLesson = action('lessons', 'startLesson', startSequence);
  const resumeGrid = action('experiments', 'resumeGrid', resumeSequence);
  const resumeLesson = action('lessons', 'resumeLesson', resumeSequence);

  return {
    sequences: {},
    progress: null,

    load: action('lessons', 'loadGrids', async () => {
      const stored = await loadGridSequences();
      set({ sequences: Object.fromEntries(stored.map((s) => [s.kind, s])) });
    }),

    // A grid's error shows in Experiments, a lesson's in Lessons: each beside the button that started it.
    start: (start: GridStart) => (start.kind === 'grid' ? startGrid : startLesson)(start),
    resume: (kind: string) => (kind === 'grid' ? resumeGrid : resumeLesson)(kind),

    stop: action('lessons', 'stopGrid', async () => {
      stopRequested = true;
      await useStudio.getState().stop();
    }),

    forget: action('lessons', 'forgetGrid', async (kind: string) => {
      await deleteGridSequence(kind);
      set((s) => ({ sequences: Object.fromEntries(Object.entries(s.sequences).filter(([k]) => k !== kind)) }));
    }),
  };
});
