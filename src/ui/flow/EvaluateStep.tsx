import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { EpochCharts } from '../charts/EpochCharts';
import { EpochTable } from '../charts/EpochTable';
import { TestScorePanel } from '../charts/TestScorePanel';
import { ConfusionMatrix } from '../charts/ConfusionMatrix';
import { DiagnosisBanner } from '../charts/DiagnosisBanner';
import { MisclassifiedGallery } from '../charts/MisclassifiedGallery';
import { ExperimentsPanel } from '../experiments/ExperimentsPanel';
import { Step } from './Step';

/** Step 4: how the run went (epoch charts, diagnosis, test score, confusion, mistakes) and runs compared. */
export function EvaluateStep() {
  const { t } = useTranslation('flow');
  const trained = useStudio((s) => s.epochs.length > 0);
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
