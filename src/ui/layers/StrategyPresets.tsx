import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { HEAD_FIRST_EPOCHS, PRESET_DESCRIPTIONS } from '../../freeze/presets';

/** One click per fine-tuning strategy, each with the one line that says when to use it. */
export function StrategyPresets({ blockCount }: { blockCount: number }) {
  const { t } = useTranslation('layers');
  const applyPreset = useStudio((s) => s.applyPreset);
  const setGeometricLrDecay = useStudio((s) => s.setGeometricLrDecay);
  const { t: tLessons } = useTranslation('lessons');
  const [topN, setTopN] = useState(2);
  const [alpha, setAlpha] = useState(0.5);
  return (
    <details className="presets" open>
      <summary>{t('presets.summary')}</summary>
      <ul>
        {PRESET_DESCRIPTIONS.filter((p) => p.id !== 'freeze-to').map((p) => (
          <li key={p.id}>
            <button
              type="button"
              onClick={() => void applyPreset(p.id === 'fine-tune-top' ? { id: p.id, blocks: topN } : { id: p.id } as { id: 'feature-extraction' | 'full-retraining' })}
            >
              {p.id === 'fine-tune-top' ? t('presets.fineTuneTop', { n: topN }) : t(`presets.${p.id}.label`, { defaultValue: p.label })}
            </button>{' '}
            <span className="hint">{t(`presets.${p.id}.explanation`, { defaultValue: p.explanation })}</span>
            {(p.id === 'fine-tune-top' || p.id === 'full-retraining') && <span className="hint"> {tLessons('presets.headFirst', { count: HEAD_FIRST_EPOCHS })}</span>}
          </li>
        ))}
      </ul>
      <label>
        {t('presets.topN')}{' '}
        <input type="number" min={0} max={Math.max(0, blockCount - 1)} value={topN} onChange={(e) => setTopN(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
      </label>
      <label>
        {t('presets.differential')}{' '}
        <input type="number" min={0.01} max={1} step={0.05} value={alpha} aria-label={t('presets.alphaLabel')} onChange={(e) => setAlpha(Number(e.target.value))} />
        <button type="button" disabled={!(alpha > 0 && alpha <= 1)} onClick={() => void setGeometricLrDecay(alpha)}>{t('presets.applyAlpha')}</button>
      </label>
      <p className="hint">{t('presets.gradualHint')}</p>
    </details>
  );
}
