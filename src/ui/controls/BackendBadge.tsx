import type { StudioSettings } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useStudio } from '../../store/studioStore';

const BACKEND_LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

export function BackendBadge() {
  const { t } = useTranslation('controls');
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
      <div role="status" aria-label={t('backend.activeLabel')} data-backend={backend?.name ?? ''}>
        {backend ? (
          <>
            <strong>{BACKEND_LABELS[backend.name]}</strong> {t('backend.on')} <span className="adapter">{backend.adapter}</span>
            {imagesPerSecond !== undefined && <> · {t('backend.imagesPerSecond', { rate: formatNumber(imagesPerSecond, { maximumFractionDigits: 0 }) })}</>}
          </>
        ) : t(engineStatus === 'starting' ? 'backend.starting' : engineStatus === 'released' ? 'backend.released' : 'backend.none')}
      </div>
      {backend?.software && (
        <p className="warning" role="alert">
          {t('backend.software', { adapter: backend.adapter })}
        </p>
      )}
      {backend && backend.fallbacks.length > 0 && (
        <details className="fallbacks">
          <summary>{t('backend.whyNotFaster')}</summary>
          <ul>{backend.fallbacks.map((f) => <li key={f}>{f}</li>)}</ul>
        </details>
      )}
      <label>
        {t('backend.label')}{' '}
        <select
          value={settings.backend}
          disabled={running}
          onChange={(e) => void setBackendSetting(e.target.value as StudioSettings['backend'])}
        >
          <option value="auto">{t('backend.auto')}</option>
          <option value="webgpu">WebGPU</option>
          <option value="webgl">WebGL</option>
          <option value="cpu">CPU</option>
        </select>
      </label>
      <label className="classroom-toggle">
        <input type="checkbox" checked={settings.classroomMode} onChange={(e) => void setClassroomMode(e.target.checked)} /> {t('backend.classroom')}
      </label>
      <label>
        <input type="checkbox" checked={settings.showCharts} onChange={(e) => void setShowCharts(e.target.checked)} /> {t('backend.showCharts')}
      </label>
    </div>
  );
}
