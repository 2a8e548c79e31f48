import { create } from 'zustand';
import { claimStudioTab } from '../persistence/tabLock';
import { useStudio } from './studioStore';
import { useDatasets } from './datasetsStore';

/**
 * Whether this tab runs the studio: 'checking' at load, 'owner' when it holds the studio, 'elsewhere'
 * when another tab already did at load, 'lost' when another tab took it over later.
 */
export type TabState = 'checking' | 'owner' | 'elsewhere' | 'lost';

interface TabStore {
  tab: TabState;
  /** Claims the studio at load; `takeOver` takes it from the other tab (the user asked for it). */
  claim: (takeOver: boolean) => Promise<TabState>;
}

export const useTab = create<TabStore>()((set) => ({
  tab: 'checking',
  claim: async (takeOver) => {
    const result = await claimStudioTab(takeOver, () => {
      // Another tab took over: stop writing (a run is stopped at its last step, an import rolled back)
      // and shut this tab's engine, whose GPU memory the other tab may need.
      set({ tab: 'lost' });
      void useStudio.getState().releaseEngine();
      if (useDatasets.getState().importing) void useDatasets.getState().cancelImport();
    });
    set({ tab: result });
    return result;
  },
}));
