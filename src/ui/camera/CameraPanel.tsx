import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFixed } from '../common/numberFormats';
import { RECORD_RATES, releaseCameraWhenHidden, useCamera } from '../../store/cameraStore';
import { useDatasets } from '../../store/datasetsStore';
import { useStudio, type StudioState } from '../../store/studioStore';
import { ErrorNotice } from '../controls/ErrorNotice';
import { LiveBars } from './LiveBars';
import { LiveHeatmap, LiveHeatmapLegend } from './LiveHeatmap';
import { RecordButton } from './RecordButton';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** Read in a background render (see useDeferredStudio). */
const selectTraining = (s: StudioState): boolean => s.runState === 'training';

/**
 * The camera: started only by its button, visibly on while it is, released when the panel closes or
 * the tab is hidden. Records frames into a class of a stored dataset (or a new one) and shows live
 * predictions over the video, also while a run trains.
 */
export function CameraPanel() {
  const { t } = useTranslation('camera');
  const open = useCamera((s) => s.panelOpen);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    section.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const stopWatching = releaseCameraWhenHidden();
    // Unmounting (or closing) releases the camera.
    return () => { stopWatching(); useCamera.getState().stopCamera(); };
  }, [open]);
  if (!open) return null;
  return (
    <section ref={section} className="camera-panel" aria-label={t('label')}>
      <CameraBody />
    </section>
  );
}

/** The panel's parts share its one video element: live prediction and recording both read its frames. */
function CameraBody() {
  const stream = useCamera((s) => s.stream);
  const video = useVideo(stream);
  return (
    <>
      <CameraBar />
      <CameraView video={video} stream={stream} />
      <RecordControls video={video} />
    </>
  );
}

function CameraBar() {
  const { t } = useTranslation('camera');
  const camera = useCamera((s) => s.camera);
  const notice = useCamera((s) => s.notice);
  const { startCamera, stopCamera, closePanel } = useCamera.getState();
  return (
    <>
      <div className="camera-bar">
        <h3>{t('label')}</h3>
        <span role="status" aria-label={t('statusLabel')} data-camera={camera} className={camera === 'on' ? 'camera-on' : 'camera-off'}>
          {t(camera === 'on' ? 'on' : camera === 'starting' ? 'starting' : 'off')}
        </span>
        {camera === 'off'
          ? <button type="button" onClick={() => void startCamera()}>{t('start')}</button>
          : <button type="button" onClick={() => stopCamera()}>{t('stop')}</button>}
        <button type="button" onClick={closePanel}>{t('close')}</button>
      </div>
      {notice && <p className="warning" role="alert" aria-label={t('noticeLabel')}>{notice}</p>}
    </>
  );
}

function CameraView({ video, stream }: { video: RefObject<HTMLVideoElement | null>; stream: MediaStream | null }) {
  const { t } = useTranslation('camera');
  const live = useCamera((s) => s.live);
  const liveSource = useCamera((s) => s.liveSource);
  const predictions = useCamera((s) => s.predictions);
  const fps = useCamera((s) => s.fps);
  const inferenceMs = useCamera((s) => s.inferenceMs);
  const liveError = useCamera((s) => s.liveError);
  const heatmapOn = useCamera((s) => s.heatmapOn);
  const hasModel = useStudio((s) => s.model !== null);
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const training = useDeferredStudio(selectTraining);
  const { setLive, setLiveSource, setHeatmap } = useCamera.getState();
  if (!stream) return null;
  return (
    <>
      <div className="camera-video">
        <video ref={video} muted playsInline autoPlay aria-label={t('pictureLabel')} />
        {heatmapOn && <LiveHeatmap />}
        {live && predictions && <LiveBars predictions={predictions} />}
      </div>
      <div className="camera-live">
        <label>
          <input type="checkbox" checked={live} disabled={!hasModel} onChange={(e) => setLive(e.target.checked, video.current)} /> {t('live')}
        </label>{' '}
        <label>
          <input type="checkbox" checked={heatmapOn} disabled={!hasModel} onChange={(e) => setHeatmap(e.target.checked, video.current)} /> {t('heatmap')}
        </label>{' '}
        <label>
          {t('from')}{' '}
          <select aria-label={t('fromLabel')} value={hasBest ? liveSource : 'current'} onChange={(e) => setLiveSource(e.target.value as 'current' | 'best')}>
            <option value="current">{t('current')}</option>
            <option value="best" disabled={!hasBest}>{t('best')}</option>
          </select>
        </label>
        {live && (
          <span role="status" aria-label={t('rateLabel')} data-fps={fps.toFixed(1)}>
            {' '}{t('fps', { fps: formatFixed(fps, 1) })}{inferenceMs !== null ? t('inference', { ms: formatFixed(inferenceMs, 0) }) : ''}{training ? t('betweenSteps') : ''}
            {!predictions && !liveError && t('waiting')}
          </span>
        )}
        {heatmapOn && <LiveHeatmapLegend />}
        {!hasModel && <span className="hint"> {t('needsModel')}</span>}
        {live && liveError && <p className="field-error" role="alert" aria-label={t('problemLabel')}>{liveError}</p>}
      </div>
    </>
  );
}

/** The video element showing `stream`; the shared ref lets recording and live prediction read its frames. */
function useVideo(stream: MediaStream | null) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  return video;
}

function RecordControls({ video }: { video: RefObject<HTMLVideoElement | null> }) {
  const { t } = useTranslation('camera');
  const camera = useCamera((s) => s.camera);
  const target = useCamera((s) => s.target);
  const rate = useCamera((s) => s.rate);
  const recording = useCamera((s) => s.recording);
  const saving = useCamera((s) => s.saving);
  const importing = useDatasets((s) => s.importing);
  const dataset = useDatasets((s) => (target?.datasetId ? s.datasets.find((d) => d.id === target.datasetId) ?? null : null));
  const { setTarget, setRate } = useCamera.getState();
  if (!target) return <p className="hint">{t('record.noTarget')}</p>;
  const className = target.className.trim();
  const blocked = camera !== 'on' ? t('record.startFirst') : !className ? t('record.nameFirst') : null;
  return (
    <div className="camera-record" role="group" aria-label={t('record.label')}>
      <label>
        {t('record.intoClass')}{' '}
        <input
          aria-label={t('record.classLabel')} list="camera-classes" value={target.className} maxLength={100}
          onChange={(e) => setTarget({ ...target, className: e.target.value })}
        />
      </label>
      <datalist id="camera-classes">{dataset?.classNames.map((name) => <option key={name} value={name} />)}</datalist>
      {' '}{dataset ? t('record.ofDataset', { name: dataset.name }) : t('record.ofNew')}{' '}
      <label>
        {t('record.at')}{' '}
        <input
          type="number" aria-label={t('record.rateLabel')} min={RECORD_RATES.min} max={RECORD_RATES.max} value={rate}
          onChange={(e) => setRate(Number(e.target.value))}
        />{' '}{t('record.fps')}
      </label>{' '}
      <RecordButton video={video} className={className} disabled={blocked !== null || saving !== null || importing !== null} />
      <p className="hint" role="status" aria-label={t('record.statusLabel')}>
        {recording ? t('record.recording', { frames: recording.frames, className: recording.className })
          : saving ? t('record.saving', { frames: saving.frames, className: saving.className }) + (importing ? ` ${importing.done} / ${importing.total}` : '')
            : blocked ?? t('record.hint')}
      </p>
      <ErrorNotice part="camera" />
    </div>
  );
}
