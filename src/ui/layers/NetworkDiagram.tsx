import type { BlockSummary } from '../../contract';
import { useId, useRef, useState, type CSSProperties, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useStudio, type StudioState } from '../../store/studioStore';
import { blockWidthPercent, boundaryPreset, frozenUnderBoundary, glowOf, type Glow } from './diagramModel';
import { DiagramBlockTools } from './DiagramBlockTools';
import { LockIcon } from './LockIcon';
import './networkDiagram.css';
import { translatedBlockName } from '../../common/i18n/blockName';
import { useDeferredStudio } from '../common/useDeferredStudio';

/** Read in a background render (see useDeferredStudio). */
const selectTraining = (s: StudioState): boolean => s.runState === 'training';

/** A drag across blocks under way: the block it started on and the block under the pointer now (indices, 0 = bottom). */
interface Drag {
  pointerId: number;
  start: number;
  current: number;
}

interface NetworkDiagramProps {
  /** The per-block tools (learning-rate multiplier, freeze up to here) shown on hover or focus; off in the presenter view. */
  tools?: boolean;
}

/**
 * The model as a picture: blocks stacked bottom-up from the input to the head, each as wide as its
 * parameter count (square-root scaled), frozen ones cold with a lock, trainable ones warm with the glow
 * of how much they moved last epoch. A click freezes or thaws a block, a drag across blocks sets the
 * frozen boundary; both go through the same store intents as the layer list, so mid-run they apply at
 * the next step. The diagram re-renders only when the model, the block activity (once an epoch) or the
 * run state changes: the glow eases and breathes in CSS, never per frame in React.
 */
export function NetworkDiagram({ tools = true }: NetworkDiagramProps) {
  const { t } = useTranslation('diagram');
  const model = useStudio((s) => s.model);
  const activity = useStudio((s) => s.blockActivity);
  // The glows breathe when the run starts and when each epoch's figures arrive (networkDiagram.css).
  const pulse = useFlipOnChange(activity);
  const training = useDeferredStudio(selectTraining);
  const setBlockFrozen = useStudio((s) => s.setBlockFrozen);
  const applyPreset = useStudio((s) => s.applyPreset);
  const hintId = useId();
  const [drag, setDrag] = useState<Drag | null>(null);
  // Read by the click that follows a drag's release, which must not toggle the block it ended on.
  const dragged = useRef(false);
  if (!model) return <p>{t('noModel')}</p>;

  const blockCount = model.blocks.length;
  const maxParams = Math.max(0, ...model.blocks.map((b) => b.params));
  const allActivity = Object.values(activity);
  const share = model.totalParams > 0 ? (100 * model.trainableParams) / model.totalParams : 0;
  const boundary = drag && drag.current !== drag.start ? drag.current : null;

  const onPointerDown = (index: number) => (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    dragged.current = false;
    setDrag({ pointerId: event.pointerId, start: index, current: index });
  };
  const onPointerMove = (event: PointerEvent<HTMLOListElement>) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const index = blockIndexAt(event.clientX, event.clientY);
    if (index === null || index === drag.current) return;
    // Captured once the pointer leaves the first block: the release then reaches the diagram wherever it happens.
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.setPointerCapture(event.pointerId);
    dragged.current = true;
    setDrag({ ...drag, current: index });
  };
  const onPointerEnd = (apply: boolean) => () => {
    if (apply && boundary !== null) void applyPreset(boundaryPreset(boundary, blockCount));
    setDrag(null);
    // The click a release may send is dispatched in this same task; after it, a click (or Enter, Space) toggles again.
    if (dragged.current) setTimeout(() => { dragged.current = false; }, 0);
  };

  return (
    <div className={training ? 'network-diagram training' : 'network-diagram'}>
      <p className="diagram-summary" role="status" aria-label={t('summaryLabel')}>
        {t('summary', { trainable: formatNumber(model.trainableParams), total: formatNumber(model.totalParams), share: formatNumber(share, { maximumFractionDigits: 1, minimumFractionDigits: 1 }) })}
      </p>
      {tools && <p className="diagram-hint" id={hintId}>{t('hint')}</p>}
      <ol
        className={boundary === null ? 'diagram-stack' : 'diagram-stack dragging'} aria-label={t('stackLabel')}
        onPointerMove={onPointerMove} onPointerUp={onPointerEnd(true)} onPointerCancel={onPointerEnd(false)}
      >
        {model.blocks.map((block, index) => ({ block, index })).reverse().map(({ block, index }) => (
          <li key={block.id} className="diagram-row" data-block-index={index}>
            <DiagramBlock
              block={block} detailed={tools} hintId={tools ? hintId : undefined} width={blockWidthPercent(block.params, maxParams)} glow={glowOf(activity[block.id], allActivity)} pulse={pulse}
              preview={boundary === null ? null : frozenUnderBoundary(index, boundary, blockCount)}
              onPointerDown={onPointerDown(index)}
              onClick={() => {
                if (dragged.current) { dragged.current = false; return; }
                void setBlockFrozen(block.id, !block.frozen);
              }}
            />
            {tools && (
              <DiagramBlockTools
                block={block} activity={activity[block.id]}
                isHead={index === blockCount - 1} onFreezeUpTo={() => void applyPreset(boundaryPreset(index, blockCount))}
              />
            )}
          </li>
        ))}
        <li className="diagram-input" aria-label={t('inputLabel', { shape: model.inputShape.join('×') })}>
          <span aria-hidden="true">{t('input', { shape: model.inputShape.join('×') })}</span>
        </li>
      </ol>
    </div>
  );
}

/**
 * 'even' or 'odd', flipping each time `value` changes (by identity): the block activity is a new object each
 * epoch, so the glows' animation restarts in the same render that draws the epoch's glow. Derived during
 * render, React's pattern for state that follows a changed value, rather than in an effect a frame later.
 */
function useFlipOnChange(value: unknown): 'even' | 'odd' {
  const [seen, setSeen] = useState({ value, flips: 0 });
  if (seen.value !== value) setSeen({ value, flips: seen.flips + 1 });
  return seen.flips % 2 === 0 ? 'even' : 'odd';
}

/** The block index under a point, or null off the blocks. */
function blockIndexAt(x: number, y: number): number | null {
  const row = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-block-index]');
  return row ? Number(row.dataset.blockIndex) : null;
}

interface DiagramBlockProps {
  block: BlockSummary;
  /** With its parameter count (the presenter view shows names and states only, in large type). */
  detailed: boolean;
  /** The hint saying what a click and a drag do, when it is shown. */
  hintId: string | undefined;
  width: number;
  glow: Glow;
  /** Flips with each epoch, which starts the glow's breath again while training. */
  pulse: 'even' | 'odd';
  /** While a boundary is dragged: whether this block would end up frozen; null when no drag is under way. */
  preview: boolean | null;
  onPointerDown: (event: PointerEvent<HTMLButtonElement>) => void;
  onClick: () => void;
}

/** One block: a toggle button named by its name, size and state ("Block 3, 4,640 parameters, frozen"), pressed when frozen. */
function DiagramBlock({ block, detailed, hintId, width, glow, pulse, preview, onPointerDown, onClick }: DiagramBlockProps) {
  const { t } = useTranslation('diagram');
  const state = block.frozen ? 'frozen' : 'trainable';
  const params = t('params', { params: formatNumber(block.params) });
  const name = translatedBlockName(block.name);
  const style = { width: `${width.toFixed(1)}%`, '--glow-change': glow.change.toFixed(3), '--glow-gradient': glow.gradient.toFixed(3) } as CSSProperties;
  return (
    <button
      type="button" className={`diagram-block ${state}`} style={style} aria-pressed={block.frozen} aria-describedby={hintId}
      // The visible words in the same order, with the pauses a screen reader needs (flex items would be read with stray spaces).
      aria-label={detailed ? t('blockLabel', { name, params, state: t(state) }) : t('blockLabelShort', { name, state: t(state) })}
      data-block={block.id} data-preview={preview === null ? undefined : preview ? 'frozen' : 'trainable'}
      onPointerDown={onPointerDown} onClick={onClick}
    >
      <span className="diagram-glow" data-pulse={pulse} aria-hidden="true" />
      <LockIcon shut={block.frozen} />
      {/* Spaces between the words: axe (and voice control) compare the visible words with the name; flex drops them on screen. */}
      <span className="diagram-name">{name}</span>{' '}
      {detailed && <><span className="diagram-params">{params}</span>{' '}</>}
      <span className="diagram-state">{t(state)}</span>
    </button>
  );
}
