import { useEffect, useRef, type RefObject } from 'react';
import { RECORD_RATES, releaseCameraWhenHidden, useCamera } from '../../store/cameraStore';
import { useDatasets } from '../../store/datasetsStore';
import { useStudio } from '../../store/studioStore';
import { ErrorNotice } from '../controls/ErrorNotice';
import { LiveBars } from './LiveBars';
import { LiveHeatmap, LiveHeatmapLegend } from './LiveHeatmap';
import { RecordButton } from './RecordButton';

/**
 * The camera: started only by its button, visibly on while it is, released when the panel closes or
 * the tab is hidden. Records frames into a class of a stored dataset (or a new one) and shows live
 * predictions over the video, also while a run trains.
 */
export function CameraPanel() {
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
    <section ref={section} className="camera-panel" aria-label="Camera">
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
  const camera = useCamera((s) => s.camera);
  const notice = useCamera((s) => s.notice);
  const { startCamera, stopCamera, closePanel } = useCamera.getState();
  return (
    <>
      <div className="camera-bar">
        <h3>Camera</h3>
        <span role="status" aria-label="Camera status" data-camera={camera} className={camera === 'on' ? 'camera-on' : 'camera-off'}>
          {camera === 'on' ? '● Camera on' : camera === 'starting' ? 'Starting the camera… (the browser may ask for permission)' : 'Camera off'}
        </span>
        {camera === 'off'
          ? <button type="button" onClick={() => void startCamera()}>Start camera</button>
          : <button type="button" onClick={() => stopCamera()}>Stop camera</button>}
        <button type="button" onClick={closePanel}>Close camera</button>
      </div>
      {notice && <p className="warning" role="alert" aria-label="Camera notice">{notice}</p>}
    </>
  );
}

function CameraView({ video, stream }: { video: RefObject<HTMLVideoElement | null>; stream: MediaStream | null }) {
  const live = useCamera((s) => s.live);
  const liveSource = useCamera((s) => s.liveSource);
  const predictions = useCamera((s) => s.predictions);
  const fps = useCamera((s) => s.fps);
  const inferenceMs = useCamera((s) => s.inferenceMs);
  const liveError = useCamera((s) => s.liveError);
  const heatmapOn = useCamera((s) => s.heatmapOn);
  const hasModel = useStudio((s) => s.model !== null);
  const hasBest = useStudio((s) => s.checkpoints.best !== undefined);
  const training = useStudio((s) => s.runState === 'training');
  const { setLive, setLiveSource, setHeatmap } = useCamera.getState();
  if (!stream) return null;
  return (
    <>
      <div className="camera-video">
        <video ref={video} muted playsInline autoPlay aria-label="Camera picture" />
        {heatmapOn && <LiveHeatmap />}
        {live && predictions && <LiveBars predictions={predictions} />}
      </div>
      <div className="camera-live">
        <label>
          <input type="checkbox" checked={live} disabled={!hasModel} onChange={(e) => setLive(e.target.checked, video.current)} /> Live prediction
        </label>{' '}
        <label>
          <input type="checkbox" checked={heatmapOn} disabled={!hasModel} onChange={(e) => setHeatmap(e.target.checked, video.current)} /> Heatmap over the video
        </label>{' '}
        <label>
          from{' '}
          <select aria-label="Live prediction from" value={hasBest ? liveSource : 'current'} onChange={(e) => setLiveSource(e.target.value as 'current' | 'best')}>
            <option value="current">the current weights</option>
            <option value="best" disabled={!hasBest}>the best checkpoint</option>
          </select>
        </label>
        {live && (
          <span role="status" aria-label="Live frame rate" data-fps={fps.toFixed(1)}>
            {' '}{fps.toFixed(1)} frames/s{inferenceMs !== null ? ` (last ${inferenceMs.toFixed(0)} ms in the engine)` : ''}{training ? ', between training steps' : ''}
            {!predictions && !liveError && ' — waiting for the first prediction…'}
          </span>
        )}
        {heatmapOn && <LiveHeatmapLegend />}
        {!hasModel && <span className="hint"> Live prediction needs a model: build one under Setup.</span>}
        {live && liveError && <p className="field-error" role="alert" aria-label="Live prediction problem">{liveError}</p>}
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
  const camera = useCamera((s) => s.camera);
  const target = useCamera((s) => s.target);
  const rate = useCamera((s) => s.rate);
  const recording = useCamera((s) => s.recording);
  const saving = useCamera((s) => s.saving);
  const importing = useDatasets((s) => s.importing);
  const dataset = useDatasets((s) => (target?.datasetId ? s.datasets.find((d) => d.id === target.datasetId) ?? null : null));
  const { setTarget, setRate } = useCamera.getState();
  if (!target) return <p className="hint">Open the camera from a class of a stored dataset (or “New dataset from camera”) to record frames into it.</p>;
  const className = target.className.trim();
  const blocked = camera !== 'on' ? 'Start the camera to record.' : !className ? 'Name the class to record into.' : null;
  return (
    <div className="camera-record" role="group" aria-label="Record frames">
      <label>
        Record into class{' '}
        <input
          aria-label="Class to record into" list="camera-classes" value={target.className} maxLength={100}
          onChange={(e) => setTarget({ ...target, className: e.target.value })}
        />
      </label>
      <datalist id="camera-classes">{dataset?.classNames.map((name) => <option key={name} value={name} />)}</datalist>
      {' '}of {dataset ? `“${dataset.name}”` : 'a new dataset'}{' '}
      <label>
        at{' '}
        <input
          type="number" aria-label="Frames per second to record" min={RECORD_RATES.min} max={RECORD_RATES.max} value={rate}
          onChange={(e) => setRate(Number(e.target.value))}
        />{' '}frames/s
      </label>{' '}
      <RecordButton video={video} className={className} disabled={blocked !== null || saving !== null || importing !== null} />
      <p className="hint" role="status" aria-label="Recording status">
        {recording ? `Recording: ${recording.frames} frames into ${recording.className}…`
          : saving ? `Saving ${saving.frames} frames into ${saving.className}… ${importing ? `${importing.done} / ${importing.total}` : ''}`
            : blocked ?? 'Hold the button (or Space/Enter) to record frames; a short press takes one.'}
      </p>
      <ErrorNotice part="camera" />
    </div>
  );
}
