import { type RunRecord, RUN_RECORD, describeIssues, parseJsonFile, shown, z } from '../contract';
import { formatNumber, i18n } from '../common/i18n/i18n';
import { RUNS_FILE_KIND } from './runsExport';

/**
 * Reading back a runs file made by "Download runs (.json)", so a teacher can gather the students'
 * runs in one table. The file as a whole is refused when it is not such a file or is too large; each
 * run in it is checked on its own, and a wrong one is skipped with its fields named, the others kept.
 */
export const MAX_RUNS_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORTED_RUNS = 1000;
/** More than this many wrong fields in one run are counted, not listed. */
const ISSUES_LISTED_PER_RUN = 3;

const RUNS_FILE = z.looseObject({ kind: z.literal(RUNS_FILE_KIND), version: z.literal(1), runs: z.array(z.unknown()) });

/** A run of the file and its place there, counted from 1 as a person counts. */
export interface NumberedRun {
  number: number;
  run: RunRecord;
}

export interface ParsedRunsFile {
  runs: NumberedRun[];
  /** Runs left out, with the reason: "run 3 (Ana): config.epochs: must be ≥ 1 (got -3)". */
  refused: { number: number; reason: string }[];
}

/** "run 3 (Ana's fine-tuning)": how the import report names a run; a run without a usable label by its number only. */
export function runName(number: number, label: unknown): string {
  if (typeof label !== 'string' || label.trim() === '') return i18n.t('store:runsFile.run', { number });
  return i18n.t('store:runsFile.namedRun', { number, label: label.length > 80 ? `${label.slice(0, 79)}…` : label });
}

export function parseRunsFile(text: string): ParsedRunsFile {
  const value = parseJsonFile(text, i18n.t('store:runsFile.theFile'));
  const file = RUNS_FILE.safeParse(value);
  if (!file.success) throw new Error(whyNotARunsFile(value));
  const entries = file.data.runs;
  if (entries.length > MAX_IMPORTED_RUNS) {
    throw new Error(i18n.t('store:runsFile.tooManyRuns', { runs: entries.length, max: MAX_IMPORTED_RUNS }));
  }
  const parsed: ParsedRunsFile = { runs: [], refused: [] };
  const firstWithId = new Map<string, number>();
  entries.forEach((entry, index) => {
    const number = index + 1;
    const label = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).label : undefined;
    const result = RUN_RECORD.safeParse(entry, { reportInput: true });
    if (!result.success) {
      const lines = describeIssues(result.error.issues);
      const more = lines.length > ISSUES_LISTED_PER_RUN ? i18n.t('store:runsFile.more', { more: lines.length - ISSUES_LISTED_PER_RUN }) : '';
      parsed.refused.push({ number, reason: i18n.t('store:runsFile.refused', { run: runName(number, label), reasons: `${lines.slice(0, ISSUES_LISTED_PER_RUN).join('; ')}${more}` }) });
      return;
    }
    const same = firstWithId.get(result.data.id);
    if (same !== undefined) {
      parsed.refused.push({ number, reason: i18n.t('store:runsFile.sameId', { run: runName(number, label), same }) });
      return;
    }
    firstWithId.set(result.data.id, number);
    parsed.runs.push({ number, run: result.data });
  });
  return parsed;
}

function whyNotARunsFile(value: unknown): string {
  const { kind, version } = typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
  if (kind === RUNS_FILE_KIND && version !== 1) return i18n.t('store:runsFile.version', { version: shown(version) });
  return i18n.t('store:runsFile.notRunsFile', { kind: RUNS_FILE_KIND });
}

/** Refuses a file too large before reading a byte of it. */
export async function readRunsFile(file: Blob): Promise<ParsedRunsFile> {
  if (file.size > MAX_RUNS_FILE_BYTES) {
    const megabytes = (size: number) => formatNumber(size / (1024 * 1024), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    throw new Error(i18n.t('store:runsFile.tooLarge', { size: megabytes(file.size), max: megabytes(MAX_RUNS_FILE_BYTES) }));
  }
  return parseRunsFile(await file.text());
}
