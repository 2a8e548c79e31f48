import { useTranslation } from 'react-i18next';
import { useStudio, type StudioState } from '../../store/studioStore';
import { useDeferredStudio } from '../common/useDeferredStudio';
import { EpochCharts } from '../charts/EpochCharts';
import { EpochTable } from '../charts/EpochTable';
import { TestScorePanel } from '../charts/TestScorePanel';
import { ConfusionMatrix } from '../charts/ConfusionMatrix';
import { DiagnosisBanner } from '../charts/DiagnosisBanner';
import { MisclassifiedGallery } from '../charts/MisclassifiedGallery';
import { ExperimentsPanel } from '../experiments/ExperimentsPanel';
import { Step } from './Step';

/** A run has drawn its first epoch. Background render: the flip re-renders every panel of the step (useDeferredStudio). */
const selectTrained = (s: StudioState): boolean => s.epochs.length > 0;

/** Step 4: how the run went (epoch charts, diagnosis, test score, confusion, mistakes) and runs compared. */
export function EvaluateStep() {
  const { t } = useTranslation('flow');
  const trained = useDeferredStudio(selectTrained);
  const showCharts = useStudio((s) => s.settings.showCharts);
  return (
    <Step step="evaluate" pending={trained ? null : t('pending.evaluate')}>
      <DiagnosisBanner />
      {showCharts && <EpochCharts />}
      <EpochTable />
      <TestScorePanel />
      <ConfusionMatrix />
      <MisclassifiedGallery />
      <ExperimentsPanel />
    </Step>
  );
}
