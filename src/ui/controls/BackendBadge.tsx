import type { StudioSettings } from '../../contract';
import { useStudio } from '../../store/studioStore';

const BACKEND_LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

export function BackendBadge() {
  const backend = useStudio((s) => s.backend);
  const engineStatus = useStudio((s) => s.engineStatus);
  const settings = useStudio((s) => s.settings);
  const setBackendSetting = useStudio((s) => s.setBackendSetting);
  const setClassroomMode = useStudio((s) => s.setClassroomMode);
  const setShowCharts = useStudio((s) => s.setShowCharts);
  const running = useStudio((s) => s.runState === 'training' || s.runState === 'paused');
  const imagesPerSecond = useStudio((s) => s.progress?.imagesPerSecond);
  return (
    <div className="backend-badge">
      <div role="status" aria-label="Active backend" data-backend={backend?.name ?? ''}>
        {backend ? (
          <>
            <strong>{BACKEND_LABELS[backend.name]}</strong> on <span className="adapter">{backend.adapter}</span>
            {imagesPerSecond !== undefined && <> · {imagesPerSecond.toFixed(0)} images/s</>}
          </>
        ) : engineStatus === 'starting' ? 'Starting engine…' : engineStatus === 'released' ? 'Engine shut: the studio is open in another tab' : 'No backend'}
      </div>
      {backend?.software && (
        <p className="warning" role="alert">
          This is a software GPU ({backend.adapter}): training works but is very slow. Use a browser with hardware WebGPU for real work.
        </p>
      )}
      {backend && backend.fallbacks.length > 0 && (
        <details className="fallbacks">
          <summary>Why not a faster backend?</summary>
          <ul>{backend.fallbacks.map((f) => <li key={f}>{f}</li>)}</ul>
        </details>
      )}
      <label>
        Backend{' '}
        <select
          value={settings.backend}
          disabled={running}
          onChange={(e) => void setBackendSetting(e.target.value as StudioSettings['backend'])}
        >
          <option value="auto">Automatic (WebGPU → WebGL → CPU)</option>
          <option value="webgpu">WebGPU</option>
          <option value="webgl">WebGL</option>
          <option value="cpu">CPU</option>
        </select>
      </label>
      <label className="classroom-toggle">
        <input type="checkbox" checked={settings.classroomMode} onChange={(e) => void setClassroomMode(e.target.checked)} /> Classroom mode
      </label>
      <label>
        <input type="checkbox" checked={settings.showCharts} onChange={(e) => void setShowCharts(e.target.checked)} /> Show charts
      </label>
    </div>
  );
}
