import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../store/studioStore';
import { BackendBadge } from './controls/BackendBadge';
import { LanguagePicker } from './controls/LanguagePicker';
import { Notices } from './controls/Notices';
import { StepNav } from './flow/StepNav';
import { DataStep } from './flow/DataStep';
import { ModelStep } from './flow/ModelStep';
import { TrainStep } from './flow/TrainStep';
import { EvaluateStep } from './flow/EvaluateStep';
import { UseStep } from './flow/UseStep';
import { Tour } from './flow/Tour';
import { GridPanel } from './experiments/GridPanel';
import { LessonsPanel } from './lessons/LessonsPanel';
import { AdaptationLessons } from './adaptation/AdaptationLessons';
import { startDatasets } from '../store/datasetsStore';
import { useTab } from '../store/tabStore';
import { OtherTabDialog } from './controls/OtherTabDialog';

let started = false;

export function App() {
  const classroom = useStudio((s) => s.settings.classroomMode);
  const { t } = useTranslation('flow');
  const tab = useTab((s) => s.tab);
  useEffect(() => {
    // StrictMode mounts twice in development; the engine worker must start once.
    if (started) return;
    started = true;
    // Only the tab holding the studio starts it: two tabs must not write the same datasets and runs.
    void useTab.getState().claim(false).then((claim) => { if (claim === 'owner') startStudio(); });
  }, []);
  const blocked = tab === 'elsewhere' || tab === 'lost';
  return (
    <>
    {blocked && <OtherTabDialog state={tab} onUseHere={startStudio} />}
    <div className={classroom ? 'app classroom' : 'app'} inert={blocked}>
      <header className="app-header">
        <h1>Thaw</h1>
        <p className="tagline">{t('tagline')}</p>
        <BackendBadge />
        <LanguagePicker />
      </header>
      <StepNav />
      <Notices />
      {/* The page reads in the order of the work: Data → Model → Train → Evaluate → Use. */}
      <main className="flow">
        <DataStep />
        <ModelStep />
        <TrainStep />
        <EvaluateStep />
        <GridPanel />
        <LessonsPanel />
        <AdaptationLessons />
        <UseStep />
      </main>
      {!blocked && <Tour />}
    </div>
    </>
  );
}

function startStudio(): void {
  void useStudio.getState().start();
  void startDatasets();
}
