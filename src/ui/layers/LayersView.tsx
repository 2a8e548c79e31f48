import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { ErrorNotice } from '../controls/ErrorNotice';
import { LayerTree } from './LayerTree';
import { NetworkDiagram } from './NetworkDiagram';
import { StrategyPresets } from './StrategyPresets';
import { PresenterButton } from '../presenter/PresenterButton';
import './networkDiagram.css';

type LayersMode = 'diagram' | 'list';

/** The choice is remembered in this browser: a screen-reader user who picked the list keeps it. */
const STORAGE_KEY = 'thaw.layersView';

function savedMode(): LayersMode {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'list' ? 'list' : 'diagram';
  } catch {
    return 'diagram';
  }
}

/**
 * The model's blocks as a diagram (the default) or as the list of switches, the accessible alternative
 * with the same names and values; and the way into the presenter view.
 */
export function LayersView() {
  const { t } = useTranslation('diagram');
  const [mode, setMode] = useState<LayersMode>(savedMode);
  const blockCount = useStudio((s) => s.model?.blocks.length ?? 0);
  const choose = (next: LayersMode) => {
    setMode(next);
    try { localStorage.setItem(STORAGE_KEY, next); } catch { /* storage off: the choice lasts this visit */ }
  };
  return (
    <div className="layers-view">
      <div className="layers-view-toolbar">
        <div className="layers-view-switch" role="group" aria-label={t('view.label')}>
          <button type="button" aria-pressed={mode === 'diagram'} onClick={() => choose('diagram')}>{t('view.diagram')}</button>
          <button type="button" aria-pressed={mode === 'list'} onClick={() => choose('list')}>{t('view.list')}</button>
        </div>
        <PresenterButton />
      </div>
      {mode === 'list' ? <LayerTree /> : (
        <>
          <ErrorNotice part="layers" />
          {blockCount > 0 && <StrategyPresets blockCount={blockCount} />}
          <NetworkDiagram />
        </>
      )}
    </div>
  );
}
