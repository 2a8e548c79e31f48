import type { BackendName, StudioSettings } from '../contract';
import { i18n } from '../common/i18n/i18n';
import { action, reportError } from './actionError';
import { startEngineWorker, type EngineClient, type EngineCrashError } from './engineClient';
import type { EngineSession, StudioSlice } from './studioState';

/**
 * The engine worker's life in this tab: booting it, noticing its crash, restarting it, and shutting it
 * when another tab takes the studio over (tabStore.ts). The other slices reach the engine through `engineApi`.
 */

let client: EngineClient | null = null;

/** The running engine's API; throws when there is none (never started, or released to another tab). */
export function engineApi(): EngineClient['api'] {
  if (!client) throw new Error(i18n.t('store:engine.notRunning'));
  return client.api;
}

export function engineRunning(): boolean {
  return client !== null;
}

function preferredBackendFromUrl(search: string): BackendName | null {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgpu' || value === 'webgl' || value === 'cpu' ? value : null;
}

/** The engine's memory limit in bytes for the settings' GB; null: what the browser reports. */
export function decodedCacheBytes(settings: Pick<StudioSettings, 'decodedCacheMb'>): number | null {
  return settings.decodedCacheMb ? settings.decodedCacheMb * 2 ** 20 : null;
}

export function memoryLimitBytes(settings: Pick<StudioSettings, 'memoryLimitGb'>): number | null {
  return settings.memoryLimitGb ? settings.memoryLimitGb * 2 ** 30 : null;
}

/** The sample dataset the studio starts with (its class count and seed come from `sampleOptions`). */
export const SAMPLE_DATASET = { imageSize: 32, validationFraction: 0.2 } as const;

/** The share of each class *Hold out a test split* keeps apart from training and validation on the sample. */
export const SAMPLE_TEST_FRACTION = 0.2;

export const createEngineSession: StudioSlice<EngineSession> = (set, get) => {
  const boot = async () => {
    client?.terminate();
    const started = startEngineWorker();
    client = started;
    started.crashed.catch((error: EngineCrashError) => {
      if (client !== started) return;
      set({ engineStatus: 'crashed', runState: 'failed' });
      reportError('engine', 'crash', error);
    });
    set({ engineStatus: 'starting' });
    const settings = await get().loadSettings();
    const forced = preferredBackendFromUrl(location.search) ?? (settings.backend === 'auto' ? null : settings.backend);
    const backend = await started.api.init(forced);
    await started.api.setMemoryLimit(memoryLimitBytes(settings));
    await started.api.setDecodedCacheBudget(decodedCacheBytes(settings));
    set({ backend });
    if (forced && backend.name !== forced) get().addNotice(i18n.t('messages:notices.backendFallback', { forced, reasons: backend.fallbacks.join('; '), backend: backend.name }));
    const dataset = await started.api.loadSampleDataset({ ...get().sampleOptions, ...SAMPLE_DATASET });
    set({ dataset });
    await get().rebuildModel({});
    const checkpoints = await started.api.savedCheckpoints();
    // A release (another tab took the studio over) or a restart while this one booted has the last word.
    if (client === started) set({ engineStatus: 'ready', checkpoints });
  };

  return {
    engineStatus: 'starting',
    backend: null,
    notices: [],

    addNotice: (message) => set((s) => ({ notices: [...s.notices.slice(-4), message] })),

    start: action('engine', 'start', async () => {
      try {
        await boot();
      } catch (error) {
        // A tab that lost the studio meanwhile says so already; its engine did not fail.
        if (get().engineStatus === 'released') return;
        set({ engineStatus: 'crashed' });
        throw error;
      }
    }),

    restartEngine: async () => {
      set({ runState: 'idle', runMessage: null });
      await get().start();
    },

    releaseEngine: async () => {
      const { runState } = get();
      if (runState === 'training' || runState === 'paused') await get().stop();
      await get().runEnded();
      client?.terminate();
      client = null;
      set({ engineStatus: 'released', backend: null });
    },

    // Test hooks: a failure reaches the test that called them.
    simulateDeviceLoss: () => engineApi().simulateDeviceLoss(),
    simulateEngineCrash: () => engineApi().simulateCrash(),
    simulateAllocationFailure: () => engineApi().simulateAllocationFailure(),
  };
};
