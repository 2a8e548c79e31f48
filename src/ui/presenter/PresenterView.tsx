import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useCamera } from '../../store/cameraStore';
import { useStudio } from '../../store/studioStore';
import { LiveBars } from '../camera/LiveBars';
import { latestFreezeEvent, nextBlockToThaw } from '../layers/diagramModel';
import { NetworkDiagram } from '../layers/NetworkDiagram';
import { PresenterCharts } from './PresenterCharts';
import { presenterCommand, spaceAction } from './presenterKeys';
import './presenter.css';
import { translatedBlockName } from '../../common/i18n/blockName';

/**
 * The studio for the front of a room: the network, the live loss and accuracy, the live camera
 * predictions when the camera is on, and the latest freeze or thaw, in large type on a dark ground and
 * with no settings. A modal dialog (the page behind is inert); keys: Space pauses or resumes, T thaws
 * the next block, F freezes all but the head, Esc goes back.
 */
export function PresenterView({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('presenter');
  const dialog = useRef<HTMLDialogElement>(null);
  // What the last key did, or why it did nothing (said in words, never silently ignored).
  const [said, setSaid] = useState<string | null>(null);
  const runState = useStudio((s) => s.runState);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    // The dialog itself takes the focus, so Space is read as a command, not as a press on the first block.
    element.focus();
    return () => element.close();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    const command = presenterCommand(event.key);
    if (!command || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    if (command === 'close') { onClose(); return; }
    void runCommand(command).then(setSaid);
  };

  const runCommand = async (command: 'pause-resume' | 'thaw-next' | 'freeze-body'): Promise<string> => {
    const studio = useStudio.getState();
    if (command === 'pause-resume') {
      const action = spaceAction(studio.runState);
      if (action === 'pause') { await studio.pause(); return t('said.paused'); }
      if (action === 'resume') { await studio.resume(); return t('said.resumed'); }
      return t('said.noRun');
    }
    if (!studio.model) return t('said.noModel');
    // Mid-run the engine applies a change at its next step; the line says so.
    const live = studio.runState === 'training';
    if (command === 'thaw-next') {
      const next = nextBlockToThaw(studio.model.blocks);
      if (!next) return t('said.nothingToThaw');
      await studio.setBlockFrozen(next.id, false);
      return t(live ? 'said.thawedLive' : 'said.thawed', { block: translatedBlockName(next.name) });
    }
    await studio.applyPreset({ id: 'feature-extraction' });
    return t(live ? 'said.frozeBodyLive' : 'said.frozeBody');
  };

  return (
    <dialog
      ref={dialog} className="presenter" aria-label={t('title')} tabIndex={-1} onKeyDown={onKeyDown}
      // Esc on a modal dialog fires "cancel": closing goes through onClose, so the studio puts the focus back.
      onCancel={(event) => { event.preventDefault(); onClose(); }}
      data-run-state={runState}
    >
      <div className="presenter-top">
        <CurrentEvent />
        <RunLine />
        <p className="presenter-said" role="status">{said ?? ''}</p>
      </div>
      <div className="presenter-body">
        <div className="presenter-diagram"><NetworkDiagram tools={false} /></div>
        <div className="presenter-side">
          <PresenterCharts />
          <PresenterCamera />
        </div>
      </div>
      <p className="presenter-keys">{t('keys')}</p>
    </dialog>
  );
}

/** The latest freeze or thaw of the run, in the presenter's language: "Block 12 thawed at step 340". */
function CurrentEvent() {
  const { t } = useTranslation('presenter');
  const event = useStudio((s) => latestFreezeEvent(s.markers));
  const text = !event
    ? t('event.none')
    : t(event.kind === 'thaw' ? 'event.thaw' : 'event.freeze', { block: event.block === undefined ? event.label : translatedBlockName(event.block), step: formatNumber(event.step) });
  return <p className="presenter-event" role="status" aria-label={t('event.label')}>{text}</p>;
}

/** Where the run is: training (epoch and step), paused, finished… */
function RunLine() {
  const { t } = useTranslation('presenter');
  const runState = useStudio((s) => s.runState);
  const progress = useStudio((s) => s.progress);
  const step = progress ? formatNumber((progress.epoch - 1) * progress.stepsPerEpoch + progress.stepInEpoch) : '0';
  const text = runState === 'training' && progress
    ? t('run.training', { epoch: formatNumber(progress.epoch), epochs: formatNumber(progress.epochs), step })
    : t(`run.${runState}`, { step });
  return <p className="presenter-run">{text}</p>;
}

/** The camera's live predictions, while the camera is on and live prediction runs. */
function PresenterCamera() {
  const { t } = useTranslation('presenter');
  const predictions = useCamera((s) => (s.camera === 'on' && s.live ? s.predictions : null));
  if (!predictions) return null;
  return (
    <section className="presenter-camera" aria-label={t('camera')}>
      <LiveBars predictions={predictions} />
    </section>
  );
}
