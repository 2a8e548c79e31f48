import type { ModelSpec } from './model';
import { SETTINGS_FILE_MODEL_FIELDS } from './settingsFile';
import { phraseIssue } from './issues';

/**
 * An imported archive's config.json is a file like any settings file: its model fields are held to the
 * same bounds (the forms' own, through the settings schema), and its input size must be the one the
 * archive's model.json takes, since the engine resizes the whole dataset to it. One line per wrong field.
 */
export function importedModelIssues(model: ModelSpec, ownInputSize: number): string[] {
  const fields = SETTINGS_FILE_MODEL_FIELDS;
  const issues = [
    issueOf('width', fields.width, model.width),
    issueOf('dropout', fields.dropout, model.dropout),
    issueOf('headHiddenUnits', fields.headHiddenUnits, model.headHiddenUnits),
    issueOf('headL2', fields.headL2, model.headL2),
    // The wider of the two sizes a form takes: a model trained from scratch may be smaller than a pretrained one.
    issueOf('inputSize', fields.scratchInputSize, model.inputSize),
  ].filter((issue): issue is string => issue !== null);
  if (ownInputSize > 0 && model.inputSize !== ownInputSize) {
    issues.push(`model.inputSize: ${phraseIssue({ kind: 'notOwnInputSize', inputSize: String(model.inputSize), own: String(ownInputSize) })}`);
  }
  return issues;
}

function issueOf(key: string, schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown): string | null {
  if (value === undefined) return null;
  const result = schema.safeParse(value);
  return result.success ? null : `model.${key}: ${result.error?.issues[0]?.message ?? phraseIssue({ kind: 'invalidValue' })}`;
}
