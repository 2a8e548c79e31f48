import type { GradCamResult, ImagePreview } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStudio } from '../../store/studioStore';
import { RgbCanvas } from '../common/RgbCanvas';
import { centreSquareArea, drawHeatOverlay } from '../common/heatOverlay';
import { ErrorNotice } from '../controls/ErrorNotice';

const SHOWN_PX = 192;

interface HeatmapChoice {
  /** null: the top class. */
  classIndex: number | null;
  /** null: the last feature map. */
  blockId: string | null;
}

interface HeatmapViewProps {
  image: ImagePreview;
  /** Names the picture for screen readers (a file name, or "ants predicted as bees"). */
  label: string;
  source?: 'current' | 'best';
  /** Whether the overlay is on from the start (an opened gallery image) or waits for the toggle (the Predict panel). */
  initiallyShown: boolean;
}

/**
 * A picture with its Grad-CAM heatmap: a toggle for the overlay, a class and a block to explain, and the line
 * saying what the colours mean. The heatmap is computed only while the overlay is on. The block is one choice for the
 * whole studio (the layer tree sets it too); the class is this picture's.
 */
export function HeatmapView({ image, label, source = 'current', initiallyShown }: HeatmapViewProps) {
  const { t } = useTranslation('charts');
  const [shown, setShown] = useState(initiallyShown);
  const [classIndex, setClassIndex] = useState<number | null>(null);
  const blockId = useHeatmapBlock();
  const setHeatmapBlock = useStudio((s) => s.setHeatmapBlock);
  const choice = useMemo(() => ({ classIndex, blockId }), [classIndex, blockId]);
  const { result, pending } = useHeatmap(shown, image, choice, source);
  const setChoice = (next: HeatmapChoice) => {
    setClassIndex(next.classIndex);
    if (next.blockId !== blockId) setHeatmapBlock(next.blockId);
  };
  return (
    <div className="heatmap-view">
      {shown && result ? <HeatCanvas result={result} label={label} /> : <RgbCanvas image={image} label={label} size={SHOWN_PX} />}
      <div className="heatmap-controls">
        <label>
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> {t('heatmap.show')}
        </label>
        <HeatmapChoices result={result} choice={choice} onChange={setChoice} disabled={!shown} />
        {shown && pending && <p role="status">{t('heatmap.computing')}</p>}
        {shown && result && <ColourLine result={result} />}
        <ErrorNotice part="heatmap" />
      </div>
    </div>
  );
}

/** The block picked for heatmaps (shared with the layer tree), when the current model has it; else the last feature map. */
function useHeatmapBlock(): string | null {
  return useStudio((s) => (s.heatmapBlockId !== null && s.model?.blocks.some((b) => b.id === s.heatmapBlockId) ? s.heatmapBlockId : null));
}

/** The latest heatmap for what is asked, recomputed when the picture, the choice, the source or the model changes. */
function useHeatmap(shown: boolean, image: ImagePreview, choice: HeatmapChoice, source: 'current' | 'best') {
  const gradCam = useStudio((s) => s.gradCam);
  // A new model, new blocks or new weights after an epoch: the heatmap of the model as it is now.
  const model = useStudio((s) => s.model);
  const epochs = useStudio((s) => s.epochs.length);
  const [state, setState] = useState<{ result: GradCamResult | null; pending: boolean }>({ result: null, pending: false });
  useEffect(() => {
    if (!shown || !model) return;
    let cancelled = false;
    setState((s) => ({ ...s, pending: true }));
    void gradCam(image, { ...choice, source }).then((result) => {
      if (!cancelled) setState((s) => ({ result: result ?? s.result, pending: false }));
    });
    return () => { cancelled = true; };
  }, [shown, image, choice, source, gradCam, model, epochs]);
  return state;
}

function HeatCanvas({ result, label }: { result: GradCamResult; label: string }) {
  const { t } = useTranslation('charts');
  const ref = useRef<HTMLCanvasElement>(null);
  const { picture, heat } = result;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const data = new ImageData(picture.width, picture.height);
    for (let i = 0, j = 0; i < picture.rgb.length; i += 3, j += 4) {
      data.data.set([picture.rgb[i] ?? 0, picture.rgb[i + 1] ?? 0, picture.rgb[i + 2] ?? 0, 255], j);
    }
    context.putImageData(data, 0, 0);
    drawHeatOverlay(context, heat, picture.width, centreSquareArea(picture.width, picture.height));
  }, [picture, heat]);
  return (
    <canvas
      ref={ref} width={picture.width} height={picture.height} role="img" className="rgb-canvas heatmap-canvas"
      aria-label={t('heatmap.canvas', { label, className: result.className, block: result.blockName })}
      data-class={result.className} data-block={result.blockId}
      style={{ width: SHOWN_PX, height: SHOWN_PX }}
    />
  );
}

function HeatmapChoices({ result, choice, onChange, disabled }: { result: GradCamResult | null; choice: HeatmapChoice; onChange: (choice: HeatmapChoice) => void; disabled: boolean }) {
  const { t } = useTranslation('charts');
  const top = result && choice.classIndex === null ? ` (${result.className})` : '';
  const last = result && choice.blockId === null ? ` (${result.blockName})` : '';
  const parse = (value: string) => (value === '' ? null : value);
  return (
    <>
      <label>
        {t('heatmap.explainClass')}{' '}
        <select aria-label={t('heatmap.classLabel')} disabled={disabled || !result} value={choice.classIndex ?? ''}
          onChange={(e) => onChange({ ...choice, classIndex: e.target.value === '' ? null : Number(e.target.value) })}>
          <option value="">{t('heatmap.topClass')}{top}</option>
          {result?.probabilities.map((p, k) => <option key={p.label} value={k}>{p.label} ({formatNumber(p.probability, { style: 'percent', maximumFractionDigits: 0 })})</option>)}
        </select>
      </label>
      <label>
        {t('heatmap.atBlock')}{' '}
        <select aria-label={t('heatmap.blockLabel')} disabled={disabled || !result} value={choice.blockId ?? ''}
          onChange={(e) => onChange({ ...choice, blockId: parse(e.target.value) })}>
          <option value="">{t('heatmap.lastFeatureMap')}{last}</option>
          {result?.blocks.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </select>
      </label>
    </>
  );
}

function ColourLine({ result }: { result: GradCamResult }) {
  const { t } = useTranslation('charts');
  const [height, width] = result.featureShape;
  return (
    <p className="heat-legend" aria-label={t('heatmap.legendLabel')}>
      <span className="heat-scale" aria-hidden="true" />{' '}
      {t('heatmap.legend', { className: result.className, block: result.blockName, height, width })}
    </p>
  );
}
