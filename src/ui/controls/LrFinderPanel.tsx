import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LR_FINDER_STEPS, type LrFinderResult } from '../../contract';
import { NumberField } from './NumberField';
import { lrFinderRefusal, useLrFinder } from '../../store/lrFinderStore';
import { useStudio } from '../../store/studioStore';
import { CHART_MARGIN, niceTicks } from '../charts/ticks';
import { FIXED_TICKS } from '../charts/fixedTicks';
import { useTranslation } from 'react-i18next';

const exponent = (v: number) => v.toExponential(0);
/** One tick per decade of the sweep (1e-7 … 10). */
/** Every other decade from 1e-7 to 10: nine labels overlapped in the panel's narrow column. */
const DECADES = Array.from({ length: 5 }, (_, i) => 10 ** (2 * i - 7));

/**
 * "Find learning rate": fastai's sweep on copies of the weights, its curve on a log axis, the rate it
 * suggests with the rule that chose it, and "Use this rate" for the form.
 */
export function LrFinderPanel() {
  const { t } = useTranslation('controls');
  const progress = useLrFinder((s) => s.progress);
  const result = useLrFinder((s) => s.result);
  const find = useLrFinder((s) => s.find);
  const useSuggestion = useLrFinder((s) => s.useSuggestion);
  const refusal = useStudio(lrFinderRefusal);
  const formRate = useStudio((s) => s.trainingForm.learningRate);
  const steps = useLrFinder((s) => s.steps);
  const setSteps = useLrFinder((s) => s.setSteps);
  return (
    <div className="lr-finder" aria-label={t('finder.label')} role="group">
      <button type="button" disabled={refusal !== null || progress !== null} onClick={() => void find()}>{t('finder.find')}</button>{' '}
      <NumberField
        label={t('finder.steps')} value={steps} min={LR_FINDER_STEPS.min} max={LR_FINDER_STEPS.max} step={10} integer
        disabled={progress !== null} onCommit={setSteps}
      />
      <span className="hint">{t('finder.stepsHint')}</span>
      {refusal && <p className="hint" role="note" aria-label={t('finder.whyOffLabel')}>{refusal}</p>}
      {progress && (
        <p role="status" aria-label={t('finder.progressLabel')}>
          {t('finder.progress', { step: progress.step, steps: progress.steps || '…' })}
          {progress.learningRate > 0 ? ` · ${t('finder.rate', { rate: progress.learningRate.toExponential(1) })}` : ''}
        </p>
      )}
      {result && !progress && <LrFinderResultView result={result} formRate={formRate} onUse={useSuggestion} />}
    </div>
  );
}

function LrFinderResultView({ result, formRate, onUse }: { result: LrFinderResult; formRate: number; onUse: () => void }) {
  const { t } = useTranslation('controls');
  const { points, suggestion, rule, stoppedEarly } = result;
  const losses = points.flatMap((p) => [p.loss, p.smoothedLoss]);
  const y = niceTicks(Math.min(...losses), Math.max(...losses), 5);
  return (
    <>
      <figure className="chart" aria-label={t('finder.chartLabel')}>
        <figcaption>{t(stoppedEarly ? 'finder.captionStopped' : 'finder.caption', { steps: points.length, reason: stoppedEarly })}</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={points} margin={CHART_MARGIN}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="learningRate" type="number" scale="log" domain={[1e-7, 10]} ticks={DECADES} tickFormatter={exponent} {...FIXED_TICKS} />
            <YAxis domain={y.domain} ticks={y.ticks} width={50} {...FIXED_TICKS} />
            <Tooltip labelFormatter={(v) => t('finder.rate', { rate: Number(v).toExponential(2) })} />
            <Line dataKey="loss" name={t('finder.loss')} stroke="#b8c4d6" dot={false} isAnimationActive={false} />
            <Line dataKey="smoothedLoss" name={t('finder.smoothed')} stroke="#0969da" dot={false} isAnimationActive={false} />
            {suggestion !== null && <ReferenceLine x={suggestion} stroke="#cf222e" strokeDasharray="4 2" label={t('finder.suggestedMark')} />}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <p role="status" aria-label={t('finder.suggestedLabel')}>
        {suggestion !== null ? <>{t('finder.suggested')} <strong>{suggestion.toExponential(1)}</strong> — {t('finder.rule', { rule })}</> : t('finder.noSuggestion', { rule })}
        {' '}{t('finder.weightsKept')}
      </p>
      {suggestion !== null && (
        <button type="button" onClick={onUse} disabled={Number(suggestion.toPrecision(2)) === formRate}>{t('finder.use')}</button>
      )}
    </>
  );
}
