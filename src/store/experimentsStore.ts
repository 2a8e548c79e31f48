import { summarizeRun } from './runSummary';
import type { RunRecord, TrainConfig } from '../contract';
import { create } from 'zustand';
import type { StrategyPreset } from '../freeze/presets';
import { deleteRuns as deleteStoredRuns, listRuns, saveNewRuns } from '../persistence/runs';
import { onRunRecorded } from './runRecorder';
import { useStudio } from './studioStore';
import { runsToCsv, runsToJson } from './runsExport';
import { readRunsFile, runName } from './runsImport';
import { action } from './actionError';
import { i18n } from '../common/i18n/i18n';

/**
 * The experiments table: every recorded run, how it is sorted, which runs are overlaid on the
 * comparison chart, and the "Compare strategies" sequence (three runs, same seed, data and epochs).
 * Their errors are the 'experiments' part's (actionError.ts).
 */
export type RunSortKey = 'startedAt' | 'label' | 'bestEpochAccuracy' | 'finalValidationAccuracy' | 'testAccuracy' | 'secondsPerEpoch' | 'trainablePercentEnd';
export type OverlayMetric = 'validationAccuracy' | 'validationLoss' | 'trainAccuracy' | 'trainLoss';

export interface Strategy {
  label: string;
  preset: StrategyPreset;
  /** Learning-rate multiplier of every block but the head (differential learning rates). */
  backboneLrMultiplier: number;
  /** Thaw every block after the first epoch (early unfreeze). */
  thawAllAfterFirstEpoch: boolean;
}

/** Each strategy's name, in the language of the moment (a run records it in the language it started in). */
const strategyNamed = (name: 'featureExtraction' | 'earlyUnfreeze' | 'fineTune', strategy: Omit<Strategy, 'label'>): Strategy => ({
  ...strategy,
  get label() { return i18n.t(`store:runLabels.strategies.${name}`); },
});

export const COMPARED_STRATEGIES: Strategy[] = [
  strategyNamed('featureExtraction', { preset: { id: 'feature-extraction' }, backboneLrMultiplier: 1, thawAllAfterFirstEpoch: false }),
  strategyNamed('earlyUnfreeze', { preset: { id: 'feature-extraction' }, backboneLrMultiplier: 0.1, thawAllAfterFirstEpoch: true }),
  strategyNamed('fineTune', { preset: { id: 'full-retraining' }, backboneLrMultiplier: 1, thawAllAfterFirstEpoch: false }),
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
  /** What the last "Import runs" did: how many runs it added, and each run it skipped with the reason. */
  importReport: { file: string; added: number; skipped: string[] } | null;
  refresh: () => Promise<void>;
  setSort: (key: RunSortKey) => void;
  toggleOverlay: (id: string) => void;
  setOverlayMetric: (metric: OverlayMetric) => void;
  deleteRuns: (ids: string[]) => Promise<void>;
  exportRuns: (format: 'csv' | 'json') => { name: string; text: string };
  importRuns: (file: File) => Promise<void>;
  dismissImportReport: () => void;
  compareStrategies: () => Promise<void>;
}

/** Imported runs are ticked onto the overlay chart while it shows fewer than this many; the rest can be ticked by hand. */
export const IMPORTED_OVERLAY_MAX = 8;

export const useExperiments = create<ExperimentsState>()((set, get) => ({
  runs: [],
  damaged: 0,
  liveRunId: null,
  sort: { key: 'startedAt', descending: false },
  overlay: [],
  overlayMetric: 'validationAccuracy',
  comparing: null,
  importReport: null,

  refresh: action('experiments', 'refresh', async () => {
    const { runs, damaged } = await listRuns();
    set({ runs, damaged });
  }),

  setSort: (key) => {
    const { sort } = get();
    set({ sort: { key, descending: sort.key === key ? !sort.descending : key !== 'label' && key !== 'startedAt' && key !== 'secondsPerEpoch' } });
  },

  toggleOverlay: (id) => {
    const { overlay } = get();
    set({ overlay: overlay.includes(id) ? overlay.filter((o) => o !== id) : [...overlay, id] });
  },

  setOverlayMetric: (metric) => set({ overlayMetric: metric }),

  deleteRuns: action('experiments', 'deleteRuns', async (ids: string[]) => {
    await deleteStoredRuns(ids);
    set((s) => ({ runs: s.runs.filter((r) => !ids.includes(r.id)), overlay: s.overlay.filter((o) => !ids.includes(o)) }));
  }),

  exportRuns: (format) => {
    const { runs } = get();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (format === 'json') return { name: `thaw-runs-${stamp}.json`, text: runsToJson(runs) };
    return { name: `thaw-runs-${stamp}.csv`, text: runsToCsv(runs) };
  },

  importRuns: action('experiments', 'importRuns', async (file: File) => {
    set({ importReport: null });
    const { runs, refused } = await readRunsFile(file);
    // The table may list a run whose first write is still on its way to IndexedDB: it counts too.
    const inTable = new Set(get().runs.map((r) => r.id));
    const stored = await saveNewRuns(runs.map((r) => r.run).filter((run) => !inTable.has(run.id)));
    const existing = new Set([...inTable, ...stored]);
    const skipped = [
      ...refused,
      ...runs.filter((r) => existing.has(r.run.id)).map((r) => ({ number: r.number, reason: i18n.t('store:runsFile.alreadyInTable', { run: runName(r.number, r.run.label) }) })),
    ].sort((a, b) => a.number - b.number).map((s) => s.reason);
    // An imported run still marked running is never this tab's live run (liveRunId comes from the
    // recorder only), so the table shows it as interrupted, which is what it is.
    const added = runs.map((r) => r.run).filter((run) => !existing.has(run.id));
    // Ticked onto the overlay chart as recorded runs are, up to a chart that stays readable.
    set((s) => ({
      runs: [...s.runs, ...added],
      overlay: [...s.overlay, ...added.slice(0, Math.max(0, IMPORTED_OVERLAY_MAX - s.overlay.length)).map((run) => run.id)],
      importReport: { file: file.name, added: added.length, skipped },
    }));
  }, { fallback: undefined, describe: (reason, file) => `${file.name}: ${reason}` }),

  dismissImportReport: () => set({ importReport: null }),

  compareStrategies: action('experiments', 'compareStrategies', async () => {
    const { runState } = useStudio.getState();
    if (get().comparing || runState === 'training' || runState === 'paused') return;
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
        const state = await studio.train({ label: i18n.t('store:runLabels.compare', { strategy: strategy.label, stamp }), adjustConfig: (config) => strategyConfig(strategy, config) });
        if (state !== 'finished') break;
      }
    } finally {
      set({ comparing: null });
      // The last strategy's multipliers would surprise the next ordinary run.
      for (const block of useStudio.getState().model?.blocks ?? []) {
        if (block.id !== 'head') await useStudio.getState().setBlockLrMultiplier(block.id, 1);
      }
    }
  }),
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
