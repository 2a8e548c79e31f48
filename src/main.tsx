import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './ui/App';
import { i18n } from './common/i18n/i18n';
import './ui/styles.css';
import { useStudio } from './store/studioStore';
import { useDatasets } from './store/datasetsStore';

declare global {
  interface Window {
    thawFaults?: { simulateDeviceLoss: () => Promise<void>; simulateEngineCrash: () => Promise<void>; simulateAllocationFailure: () => Promise<void>; simulateStorageFull: (images: number) => Promise<void>; simulateImporterCrash: () => Promise<void> };
    thawStudio?: typeof useStudio;
  }
}

// Fault injection for the reliability tests only; absent in normal use.
// The UI benchmark (npm run bench) reads the store directly.
if (new URLSearchParams(location.search).get('bench') === '1') window.thawStudio = useStudio;

if (new URLSearchParams(location.search).get('faults') === '1') {
  window.thawFaults = {
    simulateDeviceLoss: () => useStudio.getState().simulateDeviceLoss(),
    simulateEngineCrash: () => useStudio.getState().simulateEngineCrash(),
    simulateAllocationFailure: () => useStudio.getState().simulateAllocationFailure(),
    simulateStorageFull: (images) => useDatasets.getState().simulateStorageFull(images),
    simulateImporterCrash: () => useDatasets.getState().simulateImporterCrash(),
  };
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
