import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import { HEAD_FIRST_EPOCHS, PRESET_DESCRIPTIONS } from '../../freeze/presets';

/** One click per fine-tuning strategy, each with the one line that says when to use it. */
export function StrategyPresets({ blockCount }: { blockCount: number }) {
  const applyPreset = useStudio((s) => s.applyPreset);
  const setGeometricLrDecay = useStudio((s) => s.setGeometricLrDecay);
  const { t } = useTranslation('lessons');
  const [topN, setTopN] = useState(2);
  const [alpha, setAlpha] = useState(0.5);
  return (
    <details className="presets" open>
      <summary>Strategy presets</summary>
      <ul>
        {PRESET_DESCRIPTIONS.filter((p) => p.id !== 'freeze-to').map((p) => (
          <li key={p.id}>
            <button
              type="button"
              onClick={() => void applyPreset(p.id === 'fine-tune-top' ? { id: p.id, blocks: topN } : { id: p.id } as { id: 'feature-extraction' | 'full-retraining' })}
            >
              {p.id === 'fine-tune-top' ? `Fine-tune top ${topN}` : p.label}
            </button>{' '}
            <span className="hint">{p.explanation}</span>
            {(p.id === 'fine-tune-top' || p.id === 'full-retraining') && <span className="hint"> {t('presets.headFirst', { count: HEAD_FIRST_EPOCHS })}</span>}
          </li>
        ))}
      </ul>
      <label>
        N for "fine-tune top"{' '}
        <input type="number" min={0} max={Math.max(0, blockCount - 1)} value={topN} onChange={(e) => setTopN(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
      </label>
      <label>
        Differential learning rates: α{' '}
        <input type="number" min={0.01} max={1} step={0.05} value={alpha} aria-label="Geometric decay α" onChange={(e) => setAlpha(Number(e.target.value))} />
        <button type="button" disabled={!(alpha > 0 && alpha <= 1)} onClick={() => void setGeometricLrDecay(alpha)}>Apply α^(L−l)</button>
      </label>
      <p className="hint">Gradual unfreezing (thaw one block from the top every N epochs) is in the training settings.</p>
    </details>
  );
}
