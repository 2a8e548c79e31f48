import type { TFunction } from 'i18next';
import { classStat, rowStat, type FigureKey, type GridRow } from '../../store/gridResults';
import type { LessonId } from '../../store/lessons';
import { numberCell, percentCell, type GridColumn } from '../experiments/GridTable';

/** A row's name in the lesson's words: each axis value translated ("Feature extraction · CutMix"). */
export function rowName(t: TFunction<'lessons'>, row: GridRow): string {
  return row.values.length === 0 ? t('values.theRun') : row.values.map((v) => t(`values.${String(v)}`, { defaultValue: String(v) })).join(' · ');
}

function figure(t: TFunction<'lessons'>, key: FigureKey, percent: boolean): GridColumn {
  return {
    id: key, header: t(`figures.${key}`),
    cell: (row) => (percent ? percentCell(rowStat(row, key)) : numberCell(rowStat(row, key), key === 'trainablePercent' ? 1 : 2)),
    sortValue: (row) => rowStat(row, key)?.mean ?? null,
  };
}

function axis(t: TFunction<'lessons'>, i: number, header: string): GridColumn {
  return { id: `axis${i}`, header, cell: (row) => t(`values.${String(row.values[i])}`, { defaultValue: String(row.values[i]) }), sortValue: (row) => String(row.values[i]) };
}

/** "1: block3 · 2: block2": after which epoch each block thawed, in the run of the first seed. */
function thawCell(row: GridRow): string {
  const thaws = row.figures[0]?.thaws ?? [];
  return thaws.length === 0 ? '—' : thaws.map((th) => `${th.epoch}: ${th.label.replace(/^thawed /, '')}`).join(' · ');
}

/** Exactly the columns each exercise asks for. */
export function lessonColumns(t: TFunction<'lessons'>, id: LessonId, context: { classNames: string[]; hasTest: boolean }): GridColumn[] {
  switch (id) {
    case 'three-strategies':
      return [
        axis(t, 0, t('columns.strategy')), figure(t, 'bestValidationAccuracy', true), figure(t, 'finalValidationAccuracy', true),
        ...(context.hasTest ? [figure(t, 'testAccuracy', true)] : []),
        figure(t, 'secondsPerEpoch', false), figure(t, 'trainablePercent', false), figure(t, 'gap', true),
      ];
    case 'gradual-unfreezing':
      return [
        axis(t, 0, t('columns.schedule')), figure(t, 'epochsTo90', false), figure(t, 'bestValidationAccuracy', true),
        { id: 'thaws', header: t('columns.thaws'), cell: thawCell, sortValue: (row) => row.figures[0]?.thaws[0]?.epoch ?? null },
      ];
    case 'class-imbalance':
      return [
        axis(t, 0, t('columns.remedy')), figure(t, 'finalValidationAccuracy', true),
        ...context.classNames.map((name, c): GridColumn => ({
          id: `class${c}`, header: t('columns.classAccuracy', { className: name }),
          cell: (row) => percentCell(classStat(row, c)), sortValue: (row) => classStat(row, c)?.mean ?? null,
        })),
      ];
    case 'ablation':
      return [
        axis(t, 0, t('columns.backbone')), axis(t, 1, t('columns.strategy')), axis(t, 2, t('columns.augmentation')),
        figure(t, 'bestValidationAccuracy', true), figure(t, 'finalValidationAccuracy', true),
      ];
    case 'first-fine-tune':
      return [
        { id: 'run', header: t('columns.run'), cell: (row) => rowName(t, row), sortValue: () => 0 },
        figure(t, 'epochsRun', false), figure(t, 'bestEpoch', false), figure(t, 'bestValidationAccuracy', true),
        figure(t, 'finalValidationAccuracy', true), figure(t, 'gap', true),
        { id: 'thaws', header: t('columns.thawedAfter'), cell: thawCell, sortValue: (row) => row.figures[0]?.thaws[0]?.epoch ?? null },
      ];
  }
}
