import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRAINING_BOUNDS } from '../../contract';
import { useExperiments } from '../../store/experimentsStore';
import { gridCsv, gridJson, gridRows, type FigureKey } from '../../store/gridResults';
import { useGrid } from '../../store/gridStore';
import {
  diagnoseFirstFineTune, readAblation, readClassImbalance, readGradualUnfreezing, readThreeStrategies, type Reading,
} from '../../store/lessonReadings';
import { ABLATION_AUGMENTATIONS, LESSON_EPOCHS, lessonPlan, setUpLesson, type LessonId, type LessonOptions } from '../../store/lessons';
import { useStudio } from '../../store/studioStore';
import { GridOverlayChart } from '../experiments/GridOverlayChart';
import { GridProgressLine } from '../experiments/GridProgressLine';
import { GridTable } from '../experiments/GridTable';
import { lessonColumns, rowName } from './lessonColumns';
import { LessonReading } from './LessonReading';
import { ImbalanceOptions } from './ImbalanceOptions';
import { useBusy } from '../flow/useBusy';
import { REDRAW_SLOT_MS, useStaggeredValue } from '../charts/useStaggeredValue';

const CSV_FIGURES: FigureKey[] = ['bestValidationAccuracy', 'finalValidationAccuracy', 'testAccuracy', 'secondsPerEpoch', 'trainablePercent', 'gap', 'epochsTo90', 'epochsRun', 'bestEpoch'];

/** One lesson: what it shows, Set up, Run lesson (Stop, Resume after a reload), and its result. */
export function LessonCard({ id, number }: { id: LessonId; number: number }) {
  const { t } = useTranslation('lessons');
  const [options, setOptions] = useState<LessonOptions>({ epochs: LESSON_EPOCHS[id], seeds: [1], imbalance: { minorityClass: 0, ratio: 10, drop: false }, augmentations: [...ABLATION_AUGMENTATIONS] });
  const [seedText, setSeedText] = useState('1');
  const dataset = useStudio((s) => s.dataset);
  const architecture = useStudio((s) => s.modelForm.architecture);
  const busy = useBusy();
  const sequence = useGrid((s) => s.sequences[id]);
  const progress = useGrid((s) => s.progress);
  const start = useGrid((s) => s.start);
  const resume = useGrid((s) => s.resume);
  const load = useGrid((s) => s.load);
  // Runs change at every epoch of a run: redrawn in their own slot, and not while off screen during a run.
  const runs = useStaggeredValue(useExperiments((s) => s.runs), REDRAW_SLOT_MS.runs);
  useEffect(() => { void load(); }, [load]);

  const title = t(`lesson.${id}.title`, { number });
  const plan = dataset ? lessonPlan(id, options, { dataset, architecture }) : { refusal: t('card.noDataset') };
  const rows = useMemo(() => (sequence ? gridRows(sequence, runs).map((row) => ({ ...row, label: rowName(t, row) })) : []), [sequence, runs, t]);
  const classNames = dataset?.classNames ?? [];
  const columns = lessonColumns(t, id, { classNames, hasTest: (dataset?.testCounts ?? []).some((c) => c > 0) });
  const reading = readingOf(id, rows, classNames, sequence?.fixed.form.epochs, options.imbalance.minorityClass, t);
  const resumable = sequence?.status === 'running' && progress === null;
  const done = sequence ? sequence.runIds.filter((r) => r !== null).length : 0;
  return (
    <section className="lesson" aria-labelledby={`lesson-${id}`}>
      <h3 id={`lesson-${id}`}>{title}</h3>
      <p>{t(`lesson.${id}.about`)}</p>
      <div className="lesson-options">
        <label>
          {t('card.epochs')}{' '}
          <input type="number" min={1} max={TRAINING_BOUNDS.epochs.max} value={options.epochs}
            onChange={(e) => setOptions({ ...options, epochs: Math.max(1, Math.floor(Number(e.target.value) || 1)) })} />
        </label>{' '}
        <label>
          {t('card.seeds')}{' '}
          <input type="text" value={seedText} onChange={(e) => {
            setSeedText(e.target.value);
            const seeds = e.target.value.split(',').map((s) => Number(s.trim())).filter((s) => Number.isInteger(s) && s >= 0);
            setOptions({ ...options, seeds });
          }} />
        </label>
        {id === 'ablation' && ABLATION_AUGMENTATIONS.map((a) => (
          <label key={a}>
            {' '}<input type="checkbox" checked={options.augmentations.includes(a)}
              onChange={(e) => setOptions({ ...options, augmentations: ABLATION_AUGMENTATIONS.filter((x) => (x === a ? e.target.checked : options.augmentations.includes(x))) })} />
            {' '}{t(`values.${a}`)}
          </label>
        ))}
        {id === 'class-imbalance' && <ImbalanceOptions classNames={classNames} value={options.imbalance} onChange={(imbalance) => setOptions({ ...options, imbalance })} />}
      </div>
      {'refusal' in plan
        ? <p className="warning" role="note">{t('card.doesNotFit', { reason: plan.refusal })}</p>
        : (
          <div className="buttons">
            <button type="button" disabled={busy || progress !== null} onClick={() => void setUpLesson(plan.start)}>{t('card.setUp')}</button>
            <button type="button" disabled={busy || progress !== null || options.seeds.length === 0} onClick={() => void start(plan.start)}>{t('card.run')}</button>
            {resumable && sequence && (
              <button type="button" disabled={busy} onClick={() => void resume(id)}>{t('card.resume', { k: done + 1, total: sequence.combinations.length })}</button>
            )}
          </div>
        )}
      <GridProgressLine kind={id} name={t('card.progressName', { title })} />
      {sequence && rows.some((r) => r.runs.length > 0) && (
        <>
          <GridOverlayChart name={t('card.chartName', { title })} rows={rows} thaws={id === 'gradual-unfreezing' || id === 'first-fine-tune'} />
          <GridTable name={t('card.tableName', { title })} sequence={sequence} rows={rows} columns={columns}
            csv={() => gridCsv(sequence, rows, CSV_FIGURES)} json={() => gridJson(sequence, rows)} />
          <LessonReading name={t('card.readingName', { title })} reading={reading} />
        </>
      )}
    </section>
  );
}

function readingOf(id: LessonId, rows: ReturnType<typeof gridRows>, classNames: string[], epochs: unknown, minority: number, t: (key: string) => string): Reading[] {
  switch (id) {
    case 'three-strategies': return readThreeStrategies(rows);
    case 'gradual-unfreezing': return readGradualUnfreezing(rows);
    case 'class-imbalance': return readClassImbalance(rows, classNames, [minority]);
    case 'ablation': return readAblation(rows, [t('columns.backbone'), t('columns.strategy'), t('columns.augmentation')]);
    case 'first-fine-tune': {
      const row = rows[0];
      const figures = row?.figures[0];
      const run = row?.runs[0];
      return figures && run ? diagnoseFirstFineTune(figures, typeof epochs === 'number' ? epochs : run.config.epochs, run) : [];
    }
  }
}
