import { create } from 'zustand';
import type { TrainConfig } from '../engine/api';
import type { StrategyPreset } from '../freeze/presets';
import { deleteRuns, listRuns, summarizeRun, type RunRecord } from '../persistence/runs';
import { onRunRecorded } from './runRecorder';
import { useStudio } from './studioStore';
import { runsToCsv } from './runsExport';

/**
 * The experiments table: every recorded run, how it is sorted, which runs are overlaid on the
 * comparison chart, and the "Compare strategies" sequence (three runs, same seed, data and epochs).
 */
export type RunSortKey = 'startedAt' | 'label' | 'bestValidationAccuracy' | 'finalValidationAccuracy' | 'secondsPerEpoch' | 'trainablePercentEnd';
export type OverlayMetric = 'validationAccuracy' | 'validationLoss' | 'trainAccuracy' | 'trainLoss';

export interface Strategy {
  label: string;
  preset: StrategyPreset;
  /** Learning-rate multiplier of every block but the head (differential learning rates). */
  backboneLrMultiplier: number;
  /** Thaw every block after the first epoch (early unfreeze). */
  thawAllAfterFirstEpoch: boolean;
}

export const COMPARED_STRATEGIES: Strategy[] = [
  { label: 'Feature extraction', preset: { id: 'feature-extraction' }, backboneLrMultiplier: 1, thawAllAfterFirstEpoch: false },
  { label: 'Early unfreeze (thaw all after epoch 1, backbone LR ×0.1)', preset: { id: 'feature-extraction' }, backboneLrMultiplier: 0.1, thawAllAfterFirstEpoch: true },
  { label: 'Fine-tune from the start', preset: { id: 'full-retraining' }, backboneLrMultiplier: 1, thawAllAfterFirstEpoch: false },
];

/** The strategy decides the freezing: the form's own gradual-unfreezing setting is replaced. */
export function strategyConfig(strategy: Strategy, config: TrainConfig): TrainConfig {
  const { gradualUnfreezing: _formGradual, ...callbacks } = config.callbacks ?? {};
  return {
    ...config,
    callbacks: strategy.thawAllAfterFirstEpoch ? { ...callbacks, gradualUnfreezing: { everyEpochs: 1, thawAll: true } } : callbacks,
  };
}

export interface ExperimentsState {
  runs: RunRecord[];
  damaged: number;
  /** The run this tab is training now; other records still marked running were cut short (interrupted). */
  liveRunId: string | null;
  sort: { key: RunSortKey; descending: boolean };
  overlay: string[];
  overlayMetric: OverlayMetric;
  comparing: { index: number; total: number; label: string } | null;
  error: string | null;
  refresh(): Promise<void>;
  setSort(key: RunSortKey): void;
  toggleOverlay(id: string): void;
  setOverlayMetric(metric: OverlayMetric): void;
  deleteRuns(ids: string[]): Promise<void>;
  exportRuns(format: 'csv' | 'json'): { name: string; text: string };
  compareStrategies(): Promise<void>;
}

export const useExperiments = create<ExperimentsState>()((set, get) => ({
  runs: [],
  damaged: 0,
  liveRunId: null,
  sort: { key: 'startedAt', descending: false },
  overlay: [],
  overlayMetric: 'validationAccuracy',
  comparing: null,
  error: null,

  async refresh() {
    try {
      const { runs, damaged } = await listRuns();
      set({ runs, damaged });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },

  setSort(key) {
    const { sort } = get();
    set({ sort: { key, descending: sort.key === key ? !sort.descending : key !== 'label' && key !== 'startedAt' && key !== 'secondsPerEpoch' } });
  },

  toggleOverlay(id) {
    const { overlay } = get();
    set({ overlay: overlay.includes(id) ? overlay.filter((o) => o !== id) : [...overlay, id] });
  },

  setOverlayMetric(metric) {
    set({ overlayMetric: metric });
  },

  async deleteRuns(ids) {
    await deleteRuns(ids);
    set((s) => ({ runs: s.runs.filter((r) => !ids.includes(r.id)), overlay: s.overlay.filter((o) => !ids.includes(o)) }));
  },

  exportRuns(format) {
    const { runs } = get();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (format === 'json') return { name: `thaw-runs-${stamp}.json`, text: JSON.stringify({ kind: 'thaw-runs', version: 1, runs }, null, 2) };
    return { name: `thaw-runs-${stamp}.csv`, text: runsToCsv(runs) };
  },

  async compareStrategies() {
    const { runState } = useStudio.getState();
    if (get().comparing || runState === 'training' || runState === 'paused') return;
    set({ error: null });
    const stamp = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    try {
      for (const [index, strategy] of COMPARED_STRATEGIES.entries()) {
        set({ comparing: { index, total: COMPARED_STRATEGIES.length, label: strategy.label } });
        const studio = useStudio.getState();
        // A fresh model from the same seed: every strategy starts from the same weights.
        await studio.rebuildModel({});
        await studio.applyPreset(strategy.preset);
        for (const block of useStudio.getState().model?.blocks ?? []) {
          if (block.id !== 'head') await studio.setBlockLrMultiplier(block.id, strategy.backboneLrMultiplier);
        }
        const state = await studio.train({ label: `${strategy.label} (compare ${stamp})`, adjustConfig: (config) => strategyConfig(strategy, config) });
        if (state !== 'finished') break;
      }
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      set({ comparing: null });
      // The last strategy's multipliers would surprise the next ordinary run.
      for (const block of useStudio.getState().model?.blocks ?? []) {
        if (block.id !== 'head') await useStudio.getState().setBlockLrMultiplier(block.id, 1);
      }
    }
  },
}));

/** Rows in the table's order. */
export function sortedRuns(runs: RunRecord[], sort: ExperimentsState['sort']): RunRecord[] {
  const value = (run: RunRecord): number | string => {
    if (sort.key === 'label') return run.label.toLowerCase();
    if (sort.key === 'startedAt') return run.startedAt;
    return summarizeRun(run)[sort.key] ?? Number.NEGATIVE_INFINITY;
  };
  return [...runs].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sort.descending ? -order : order;
  });
}

// Each run, as it is recorded, appears in the table and on the overlay chart at once.
onRunRecorded((run) => {
  useExperiments.setState((s) => {
    const known = s.runs.some((r) => r.id === run.id);
    return {
      runs: known ? s.runs.map((r) => (r.id === run.id ? run : r)) : [...s.runs, run],
      overlay: known || s.overlay.includes(run.id) ? s.overlay : [...s.overlay, run.id],
      liveRunId: run.status === 'running' ? run.id : s.liveRunId === run.id ? null : s.liveRunId,
    };
  });
});
