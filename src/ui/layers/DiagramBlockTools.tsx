import type { BlockSummary } from '../../contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useStudio } from '../../store/studioStore';
import type { BlockActivity } from '../../store/runRecorder';
import { translatedBlockName } from '../../common/i18n/blockName';

interface DiagramBlockToolsProps {
  block: BlockSummary;
  activity: BlockActivity | undefined;
  isHead: boolean;
  onFreezeUpTo: () => void;
}

const significant = (value: number) => formatNumber(value, { maximumSignificantDigits: 2 });

/**
 * What a diagram block offers on hover or focus: its learning-rate multiplier (the same store action as
 * the layer list), "freeze up to here" (the keyboard's way to set the boundary a drag sets), and last
 * epoch's numbers behind its glow. Hidden by CSS until its row is hovered or holds the focus, so the
 * keyboard reaches it right after the block.
 */
export function DiagramBlockTools({ block, activity, isHead, onFreezeUpTo }: DiagramBlockToolsProps) {
  const { t } = useTranslation('diagram');
  const setBlockLrMultiplier = useStudio((s) => s.setBlockLrMultiplier);
  const [lrText, setLrText] = useState(String(block.lrMultiplier));
  // The field follows the model's value when it changes (a preset, the list), without a remount that would drop the focus.
  const [shownLr, setShownLr] = useState(block.lrMultiplier);
  if (shownLr !== block.lrMultiplier) {
    setShownLr(block.lrMultiplier);
    setLrText(String(block.lrMultiplier));
  }
  const lr = Number(lrText);
  const lrValid = lrText.trim() !== '' && Number.isFinite(lr) && lr >= 0;
  const commit = () => { if (lrValid && lr !== block.lrMultiplier) void setBlockLrMultiplier(block.id, lr); };
  return (
    <div className="diagram-tools">
      <label>
        {t('tools.lr')}{' '}
        <input
          type="number" min={0} step={0.1} value={lrText} aria-label={t('tools.lrLabel', { name: translatedBlockName(block.name) })} aria-invalid={!lrValid}
          onChange={(e) => setLrText(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
        />
      </label>
      {!lrValid && <span className="diagram-refusal" role="alert">{t('tools.lrInvalid')}</span>}
      {!isHead && <button type="button" className="small" onClick={onFreezeUpTo}>{t('tools.freezeUpTo', { name: translatedBlockName(block.name) })}</button>}
      <span className="diagram-activity">
        {activity
          ? t('tools.activity', { change: significant(activity.weightChange), gradient: significant(activity.gradientNorm) })
          : t('tools.noActivity')}
      </span>
    </div>
  );
}
