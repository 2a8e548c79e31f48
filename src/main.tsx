import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import { useStudio } from './store/studioStore';

declare global {
  interface Window {
    thawFaults?: { simulateDeviceLoss: () => Promise<void> };
  }
}

// Fault injection for the reliability tests only; absent in normal use.
if (new URLSearchParams(location.search).get('faults') === '1') {
  window.thawFaults = { simulateDeviceLoss: () => useStudio.getState().simulateDeviceLoss() };
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
