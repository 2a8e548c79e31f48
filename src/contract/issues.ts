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

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'text', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null',
};

/** Why one value was refused; the input must have been kept (`safeParse(value, { reportInput: true })`). */
function why(issue: z.core.$ZodIssue): string {
  const input: unknown = issue.input;
  const got = `(got ${shown(input)})`;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return input === undefined ? `missing (must be ${expected})` : `must be ${expected} ${got}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum} ${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `has more than ${issue.maximum} items`;
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum} ${got}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])} ${got}` : `must be one of ${issue.values.map((v) => shown(v)).join(', ')} ${got}`;
    case 'invalid_union':
      // A discriminated union reports the whole object as input; its discriminator is what is wrong.
      if (issue.discriminator && typeof input === 'object' && input !== null) {
        const options = ('options' in issue ? issue.options ?? [] : []).map((o) => shown(o)).join(', ');
        return `must be one of ${options} (got ${shown((input as Record<string, unknown>)[issue.discriminator])})`;
      }
      return 'matches none of the allowed forms';
    default:
      return issue.message;
  }
}

/** One line per wrong field, "path: why"; an unknown field is named on its own line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: not a known field`);
    const path = fieldPath(issue.path);
    return [path ? `${path}: ${why(issue)}` : why(issue)];
  });
}

/** The parsed value of an imported file, or an error naming the file's kind ("the settings file"). */
export function parseJsonFile(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what.charAt(0).toUpperCase()}${what.slice(1)} is not valid JSON`);
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
