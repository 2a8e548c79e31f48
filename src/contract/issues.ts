import type { z } from './zod';

/**
 * Zod's own messages speak of types and codes ("Invalid input: expected number, received string");
 * a teacher reading why an imported file was refused wants the field and what is wrong with its value.
 */

/** A value as it appears in a message: JSON, cut short so a huge field cannot flood the report. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A zod issue path as a person reads it: config.optimizer.learningRate, epochs[3].seconds. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/**
 * Why a value was refused, as data: what the contract knows of it (the field's path aside), not yet in
 * words. `got` and the values named are shown as the file writes them (JSON), in every language.
 */
export type IssueReason =
  /** `expected` is zod's name of a type (number, int, string, boolean, object, array, null, …). */
  | { kind: 'missing'; expected: string }
  | { kind: 'wrongType'; expected: string; got: string }
  | { kind: 'tooFewItems'; minimum: string }
  | { kind: 'empty' }
  | { kind: 'tooShort'; minimum: string }
  | { kind: 'tooSmall'; op: '≥' | '>'; minimum: string; got: string }
  | { kind: 'tooManyItems'; maximum: string }
  | { kind: 'tooLong'; maximum: string }
  | { kind: 'tooBig'; op: '≤' | '<'; maximum: string; got: string }
  | { kind: 'notTheValue'; value: string; got: string }
  | { kind: 'notOneOf'; values: string; got: string }
  | { kind: 'noAllowedForm' }
  | { kind: 'unknownField' }
  | { kind: 'notANumber' }
  | { kind: 'invalidValue' }
  /** `what` names the file, capitalised as a sentence starts ("The settings file"). */
  | { kind: 'notJson'; what: string }
  // A settings file's fields, in the forms' own words (settingsFile.ts).
  | { kind: 'notWholeInRange'; got: string; min: string; max: string }
  | { kind: 'notNumberInRange'; got: string; min: string; max: string }
  | { kind: 'notAChoice'; got: string; choices: string }
  | { kind: 'notABlockName'; got: string }
  | { kind: 'notADatasetId'; got: string }
  | { kind: 'notClassWeights' }
  | { kind: 'localModel'; got: string }
  | { kind: 'unknownModel'; got: string }
  | { kind: 'notOwnInputSize'; inputSize: string; own: string }
  // An archive's config.json whose optional sections were left out (exportedConfig.ts); `reasons` already worded.
  | { kind: 'trainingNotRestored'; reasons: string }
  | { kind: 'freezeNotRestored'; reasons: string }
  // Rules across fields (training.ts, augmentation.ts).
  | { kind: 'needsDomainTarget' }
  | { kind: 'minLrAboveBase' }
  | { kind: 'needsEveryEpochsOrOnPlateau' }
  | { kind: 'exceeds'; other: string };

export type IssuePhrasing = (reason: IssueReason) => string;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'text', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null',
};

/** The contract's own words: English, as every message read before the studio spoke another language. */
export function englishIssue(reason: IssueReason): string {
  switch (reason.kind) {
    case 'missing': return `missing (must be ${TYPE_NAMES[reason.expected] ?? reason.expected})`;
    case 'wrongType': return `must be ${TYPE_NAMES[reason.expected] ?? reason.expected} (got ${reason.got})`;
    case 'tooFewItems': return `must have at least ${reason.minimum} item(s)`;
    case 'empty': return 'must not be empty';
    case 'tooShort': return `must be at least ${reason.minimum} characters long`;
    case 'tooSmall': return `must be ${reason.op} ${reason.minimum} (got ${reason.got})`;
    case 'tooManyItems': return `has more than ${reason.maximum} items`;
    case 'tooLong': return `is longer than ${reason.maximum} characters`;
    case 'tooBig': return `must be ${reason.op} ${reason.maximum} (got ${reason.got})`;
    case 'notTheValue': return `must be ${reason.value} (got ${reason.got})`;
    case 'notOneOf': return `must be one of ${reason.values} (got ${reason.got})`;
    case 'noAllowedForm': return 'matches none of the allowed forms';
    case 'unknownField': return 'not a known field';
    case 'notANumber': return 'must be a number';
    case 'invalidValue': return 'not a valid value';
    case 'notJson': return `${reason.what} is not valid JSON`;
    case 'notWholeInRange': return `${reason.got} is not a whole number from ${reason.min} to ${reason.max}`;
    case 'notNumberInRange': return `${reason.got} is not a number from ${reason.min} to ${reason.max}`;
    case 'notAChoice': return `${reason.got} is not one of ${reason.choices}`;
    case 'notABlockName': return `${reason.got} is not a block name`;
    case 'notADatasetId': return `${reason.got} is not a dataset id`;
    case 'notClassWeights': return 'must be a list of numbers ≥ 0';
    case 'localModel': return `${reason.got} is a model imported in one browser; import its files instead`;
    case 'unknownModel': return `${reason.got} is not a model of this studio`;
    case 'notOwnInputSize': return `${reason.inputSize} is not the model's own input size: its model.json takes ${reason.own}×${reason.own} px images`;
    case 'trainingNotRestored': return `The export's training settings were not restored: ${reason.reasons}`;
    case 'freezeNotRestored': return `The export's frozen blocks were not restored: ${reason.reasons}`;
    case 'needsDomainTarget': return 'needs a target domain (domainTarget) to adapt to';
    case 'minLrAboveBase': return 'must not exceed the base learning rate';
    case 'needsEveryEpochsOrOnPlateau': return 'everyEpochs or onPlateau must be set';
    case 'exceeds': return `must not exceed ${reason.other}`;
  }
}

/**
 * Who words the reasons. The contract imports nothing of the studio, so it cannot reach the
 * translation catalogues; the studio's i18n module (common/i18n/i18n.ts), which the page and both
 * workers load before they parse anything, hands it its phrasing once, at start. A module-level hook
 * rather than a phraser passed to each call: the settings file's schemas word their refusals in zod
 * error callbacks (settingsFile.ts), at parse time, where no caller's argument reaches; and a
 * refusal worded after a language switch follows it, as the i18n module phrases in the language of
 * the moment. Without it (a bench page, a test of the contract alone) the words are English.
 */
let phrasing: IssuePhrasing = englishIssue;

export function setIssuePhrasing(phrase: IssuePhrasing): void {
  phrasing = phrase;
}

/** A reason in words, in the studio's language. */
export function phraseIssue(reason: IssueReason): string {
  return phrasing(reason);
}

/** What zod says of one issue, as a reason; null for what the contract has no words for (zod's own message is kept). */
function reasonOf(issue: z.core.$ZodIssue): IssueReason | null {
  const input: unknown = issue.input;
  const got = shown(input);
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? { kind: 'missing', expected: issue.expected } : { kind: 'wrongType', expected: issue.expected, got };
    case 'too_small':
      if (issue.origin === 'array') return { kind: 'tooFewItems', minimum: String(issue.minimum) };
      if (issue.origin === 'string') return issue.minimum === 1 ? { kind: 'empty' } : { kind: 'tooShort', minimum: String(issue.minimum) };
      return { kind: 'tooSmall', op: issue.inclusive ? '≥' : '>', minimum: String(issue.minimum), got };
    case 'too_big':
      if (issue.origin === 'array') return { kind: 'tooManyItems', maximum: String(issue.maximum) };
      if (issue.origin === 'string') return { kind: 'tooLong', maximum: String(issue.maximum) };
      return { kind: 'tooBig', op: issue.inclusive ? '≤' : '<', maximum: String(issue.maximum), got };
    case 'invalid_value':
      return issue.values.length === 1
        ? { kind: 'notTheValue', value: shown(issue.values[0]), got }
        : { kind: 'notOneOf', values: issue.values.map((v) => shown(v)).join(', '), got };
    case 'invalid_union':
      // A discriminated union reports the whole object as input; its discriminator is what is wrong.
      if (issue.discriminator && typeof input === 'object' && input !== null) {
        const options = ('options' in issue ? issue.options ?? [] : []).map((o) => shown(o)).join(', ');
        return { kind: 'notOneOf', values: options, got: shown((input as Record<string, unknown>)[issue.discriminator]) };
      }
      return { kind: 'noAllowedForm' };
    default:
      return null;
  }
}

/**
 * Why one value was refused; the input must have been kept (`safeParse(value, { reportInput: true })`).
 * A custom issue carries its own message, worded by the schema at parse time (through phraseIssue when
 * a person may read it; a rule that only a bug or a damaged record breaks, such as a Float32Array's
 * type or a manifest's class index, keeps English), as does a code the contract has no words for.
 */
function why(issue: z.core.$ZodIssue): string {
  const reason = reasonOf(issue);
  return reason ? phraseIssue(reason) : issue.message;
}

/** One line per wrong field, "path: why"; an unknown field is named on its own line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: ${phraseIssue({ kind: 'unknownField' })}`);
    const path = fieldPath(issue.path);
    return [path ? `${path}: ${why(issue)}` : why(issue)];
  });
}

/** The parsed value of an imported file, or an error naming the file's kind ("the settings file", in the caller's language). */
export function parseJsonFile(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(phraseIssue({ kind: 'notJson', what: `${what.charAt(0).toUpperCase()}${what.slice(1)}` }));
  }
}

/** Every problem of a value against a schema, one line per field ("gamma: must be in (0, 1]"); empty when it fits. */
export function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? [] : describeIssues(result.error.issues);
}

/**
 * The value, checked: a value that crossed a border (a worker message, an IndexedDB record) and does
 * not fit its schema throws one error naming what it is and every wrong field.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new RangeError(`${what}: ${describeIssues(result.error.issues).join('; ')}`);
}
