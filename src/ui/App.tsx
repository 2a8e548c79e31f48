import { useEffect } from 'react';
import { useStudio } from '../store/studioStore';
import { BackendBadge } from './controls/BackendBadge';
import { LanguagePicker } from './controls/LanguagePicker';
import { SetupPanel } from './controls/SetupPanel';
import { RunControls } from './controls/RunControls';
import { CheckpointPanel } from './controls/CheckpointPanel';
import { ModelTransfer } from './controls/ModelTransfer';
import { PredictPanel } from './controls/PredictPanel';
import { CameraPanel } from './camera/CameraPanel';
import { LossChart } from './charts/LossChart';
import { EpochCharts } from './charts/EpochCharts';
import { LearningRateChart } from './charts/LearningRateChart';
import { EpochTable } from './charts/EpochTable';
import { TestScorePanel } from './charts/TestScorePanel';
import { ConfusionMatrix } from './charts/ConfusionMatrix';
import { DiagnosisBanner } from './charts/DiagnosisBanner';
import { MisclassifiedGallery } from './charts/MisclassifiedGallery';
import { LayerTree } from './layers/LayerTree';
import { Notices } from './controls/Notices';
import { DatasetView } from './datasets/DatasetView';
import { ExperimentsPanel } from './experiments/ExperimentsPanel';
import { AdaptationLessons } from './adaptation/AdaptationLessons';
import { startDatasets } from '../store/datasetsStore';
import { useTab } from '../store/tabStore';
import { OtherTabDialog } from './controls/OtherTabDialog';

let started = false;

export function App() {
  const classroom = useStudio((s) => s.settings.classroomMode);
  const showCharts = useStudio((s) => s.settings.showCharts);
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
        <p className="tagline">Fine-tune CNNs in your browser, on your own GPU</p>
        <BackendBadge />
        <LanguagePicker />
      </header>
      <Notices />
      <main className="layout">
        <section className="panel setup" aria-labelledby="setup-heading">
          <h2 id="setup-heading">Setup</h2>
          <SetupPanel />
        </section>
        <section className="panel run" aria-labelledby="run-heading">
          <h2 id="run-heading">Training</h2>
          <RunControls />
          <CheckpointPanel />
          <ModelTransfer />
          <PredictPanel />
          <CameraPanel />
          <DiagnosisBanner />
          {showCharts && (
            <>
              <LossChart />
              <LearningRateChart />
              <EpochCharts />
            </>
          )}
          <EpochTable />
          <TestScorePanel />
          <ConfusionMatrix />
          <MisclassifiedGallery />
        </section>
        <section className="panel layers" aria-labelledby="layers-heading">
          <h2 id="layers-heading">Layers</h2>
          <LayerTree />
        </section>
      </main>
      <ExperimentsPanel />
      <AdaptationLessons />
      <DatasetView />
    </div>
    </>
  );
}

function startStudio(): void {
  void useStudio.getState().start();
  void startDatasets();
}
