import type { BlockSummary } from '../../contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../store/studioStore';
import type { BlockActivity } from '../../store/runRecorder';
import { ErrorNotice } from '../controls/ErrorNotice';
import { StrategyPresets } from './StrategyPresets';
import { formatNumber } from '../../common/i18n/i18n';
import { translatedBlockName } from '../../common/i18n/blockName';

const formatCount = (n: number) => formatNumber(n);

/** The model as a stack of blocks, top (head) first, each with a frozen/trainable switch that works mid-run. */
export function LayerTree() {
  const { t } = useTranslation('layers');
  const model = useStudio((s) => s.model);
  const activity = useStudio((s) => s.blockActivity);
  const setBlockFrozen = useStudio((s) => s.setBlockFrozen);
  const applyPreset = useStudio((s) => s.applyPreset);
  const setBlockLrMultiplier = useStudio((s) => s.setBlockLrMultiplier);
  const heatmapBlockId = useStudio((s) => s.heatmapBlockId);
  const setHeatmapBlock = useStudio((s) => s.setHeatmapBlock);
  if (!model) return <><ErrorNotice part="layers" /><p>{t('tree.noModel')}</p></>;
  const share = model.totalParams > 0 ? (100 * model.trainableParams) / model.totalParams : 0;
  const maxChange = Math.max(1e-12, ...Object.values(activity).map((a) => a.weightChange));
  return (
    <div className="layer-tree">
      <p className="trainable-summary" role="status" aria-label={t('tree.trainableLabel')}>
        {t('tree.trainable', { trainable: formatCount(model.trainableParams), total: formatCount(model.totalParams), share: formatNumber(share / 100, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
      </p>
      <ErrorNotice part="layers" />
      <StrategyPresets blockCount={model.blocks.length} />
      <ul aria-label={t('tree.blocksLabel')}>
        {model.blocks.map((block, index) => ({ block, index })).reverse().map(({ block, index }) => (
          <BlockRow
            key={block.id} block={block} activity={activity[block.id]} maxChange={maxChange}
            onToggle={(frozen) => void setBlockFrozen(block.id, frozen)}
            onFreezeUpTo={() => void applyPreset({ id: 'freeze-to', k: index + 1 })}
            onLrMultiplier={(m) => void setBlockLrMultiplier(block.id, m)}
            isHead={index === model.blocks.length - 1}
            heatmapHere={isSpatial(block) ? { on: heatmapBlockId === block.id, toggle: () => setHeatmapBlock(heatmapBlockId === block.id ? null : block.id) } : null}
          />
        ))}
      </ul>
    </div>
  );
}

interface BlockRowProps {
  block: BlockSummary;
  activity: BlockActivity | undefined;
  maxChange: number;
  isHead: boolean;
  onToggle: (frozen: boolean) => void;
  onFreezeUpTo: () => void;
  onLrMultiplier: (multiplier: number) => void;
  /** Whether heatmaps are taken at this block, and the switch; null for a block without a spatial output (the head). */
  heatmapHere: { on: boolean; toggle: () => void } | null;
}

/** A block whose last layer outputs [batch, height, width, channels]: a heatmap can be taken there. */
function isSpatial(block: BlockSummary): boolean {
  return block.layers.at(-1)?.outputShape.length === 4;
}

/** A block's name in the page's language: the engine names blocks Stem, Block N and Head; other names are the model's own. */
function useBlockName(name: string): string {
  // Subscribed to the language, so the row re-renders in the new one.
  useTranslation('layers');
  return translatedBlockName(name);
}

function BlockRow({ block, activity, maxChange, isHead, onToggle, onFreezeUpTo, onLrMultiplier, heatmapHere }: BlockRowProps) {
  const { t } = useTranslation('layers');
  const name = useBlockName(block.name);
  const [open, setOpen] = useState(false);
  const [lrText, setLrText] = useState(String(block.lrMultiplier));
  const lrValid = Number.isFinite(Number(lrText)) && Number(lrText) >= 0 && lrText.trim() !== '';
  return (
    <li className={block.frozen ? 'block frozen' : 'block trainable'} data-block={block.id}>
      <div className="block-row">
        <button type="button" className="expand" aria-expanded={open} aria-label={t(open ? 'tree.collapse' : 'tree.expand', { name })} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        <span className="block-name">{name}</span>
        <span className="block-params">{t('tree.params', { params: formatCount(block.params) })}</span>
        <label className="switch">
          <input type="checkbox" role="switch" aria-label={t('tree.switch', { name })} checked={!block.frozen} onChange={(e) => onToggle(!e.target.checked)} />
          <span>{t(block.frozen ? 'tree.frozen' : 'tree.thawed')}</span>
        </label>
      </div>
      <div className="block-details">
        <label className="lr-multiplier">
          {t('tree.lrMultiplier')}
          <input
            type="number" min={0} step={0.1} value={lrText} aria-label={t('tree.lrLabel', { name })} aria-invalid={!lrValid}
            onChange={(e) => setLrText(e.target.value)}
            onBlur={() => { if (lrValid && Number(lrText) !== block.lrMultiplier) onLrMultiplier(Number(lrText)); }}
          />
        </label>
        {!isHead && (
          <button type="button" className="small" onClick={onFreezeUpTo} aria-label={t('tree.freezeUpToLabel', { name })}>
            {t('tree.freezeUpTo')}
          </button>
        )}
        {heatmapHere && (
          <button type="button" className="small" aria-pressed={heatmapHere.on} onClick={heatmapHere.toggle} aria-label={t('tree.heatmapsHereLabel', { name })}
            title={t('tree.heatmapsTitle')}>
            {t('tree.heatmapsHere')}
          </button>
        )}
        {activity && (
          <meter
            className="activity" aria-label={t('tree.changeLabel', { name })} min={0} max={maxChange} value={activity.weightChange}
            title={t('tree.changeTitle', { change: activity.weightChange.toExponential(2), gradient: activity.gradientNorm.toExponential(2) })}
          />
        )}
      </div>
      {open && (
        <table className="layers" aria-label={t('tree.layersOf', { name })}>
          <tbody>
            {block.layers.map((l) => (
              <tr key={l.name}>
                <td>{l.name}</td>
                <td>{l.className}</td>
                <td>{JSON.stringify(l.outputShape.slice(1))}</td>
                <td>{formatCount(l.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
