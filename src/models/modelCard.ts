import { isFiniteNumber, isObject } from '../persistence/recordChecks';

/** How one fine-tuning strategy did on the sample dataset, per seed. */
export interface TransferArm {
  strategy: 'scratch' | 'feature-extraction' | 'fine-tune-all';
  label: string;
  /** Validation accuracy after the last epoch, one per seed. */
  finalValidationAccuracy: number[];
  meanFinalValidationAccuracy: number;
  /** Mean validation accuracy at each epoch over the seeds. */
  meanValidationAccuracyByEpoch: number[];
}

/**
 * What a shipped backbone is, how it was made and how well it transfers; written by `npm run pretrain`
 * next to the weights and shown in the studio when the model is picked.
 */
export interface ModelCard {
  name: string;
  summary: string;
  architecture: string;
  parameters: number;
  inputSize: number;
  featureLayer: string;
  preprocessing: string;
  pretraining: {
    dataset: string;
    classes: string[];
    trainImages: number;
    validationImages: number;
    epochs: number;
    seed: number;
    validationAccuracy: number;
    backend: string;
    seconds: number;
  };
  transfer: {
    dataset: string;
    epochs: number;
    seeds: number[];
    arms: TransferArm[];
  };
  command: string;
  createdAt: string;
}

const STRATEGIES: readonly TransferArm['strategy'][] = ['scratch', 'feature-extraction', 'fine-tune-all'];

function field<T>(record: Record<string, unknown>, key: string, where: string, check: (v: unknown) => v is T, what: string): T {
  const value = record[key];
  if (!check(value)) throw new Error(`Model card: ${where}${key} must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumberList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isFiniteNumber);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** Reads a model card, naming the first field that is missing or of the wrong kind. */
export function parseModelCard(value: unknown): ModelCard {
  if (!isObject(value)) throw new Error('Model card: not a JSON object');
  const pretraining = field(value, 'pretraining', '', isObject, 'an object');
  const transfer = field(value, 'transfer', '', isObject, 'an object');
  const arms = field(transfer, 'arms', 'transfer.', Array.isArray, 'a list').map((arm: unknown, i): TransferArm => {
    const where = `transfer.arms[${i}].`;
    if (!isObject(arm)) throw new Error(`Model card: transfer.arms[${i}] must be an object`);
    const strategy = field(arm, 'strategy', where, isString, 'a string');
    if (!(STRATEGIES as readonly string[]).includes(strategy)) throw new Error(`Model card: ${where}strategy must be one of ${STRATEGIES.join(', ')}`);
    return {
      strategy: strategy as TransferArm['strategy'],
      label: field(arm, 'label', where, isString, 'a string'),
      finalValidationAccuracy: field(arm, 'finalValidationAccuracy', where, isNumberList, 'a list of numbers'),
      meanFinalValidationAccuracy: field(arm, 'meanFinalValidationAccuracy', where, isFiniteNumber, 'a number'),
      meanValidationAccuracyByEpoch: field(arm, 'meanValidationAccuracyByEpoch', where, isNumberList, 'a list of numbers'),
    };
  });
  return {
    name: field(value, 'name', '', isString, 'a string'),
    summary: field(value, 'summary', '', isString, 'a string'),
    architecture: field(value, 'architecture', '', isString, 'a string'),
    parameters: field(value, 'parameters', '', isFiniteNumber, 'a number'),
    inputSize: field(value, 'inputSize', '', isFiniteNumber, 'a number'),
    featureLayer: field(value, 'featureLayer', '', isString, 'a string'),
    preprocessing: field(value, 'preprocessing', '', isString, 'a string'),
    pretraining: {
      dataset: field(pretraining, 'dataset', 'pretraining.', isString, 'a string'),
      classes: field(pretraining, 'classes', 'pretraining.', isStringList, 'a list of strings'),
      trainImages: field(pretraining, 'trainImages', 'pretraining.', isFiniteNumber, 'a number'),
      validationImages: field(pretraining, 'validationImages', 'pretraining.', isFiniteNumber, 'a number'),
      epochs: field(pretraining, 'epochs', 'pretraining.', isFiniteNumber, 'a number'),
      seed: field(pretraining, 'seed', 'pretraining.', isFiniteNumber, 'a number'),
      validationAccuracy: field(pretraining, 'validationAccuracy', 'pretraining.', isFiniteNumber, 'a number'),
      backend: field(pretraining, 'backend', 'pretraining.', isString, 'a string'),
      seconds: field(pretraining, 'seconds', 'pretraining.', isFiniteNumber, 'a number'),
    },
    transfer: {
      dataset: field(transfer, 'dataset', 'transfer.', isString, 'a string'),
      epochs: field(transfer, 'epochs', 'transfer.', isFiniteNumber, 'a number'),
      seeds: field(transfer, 'seeds', 'transfer.', isNumberList, 'a list of numbers'),
      arms,
    },
    command: field(value, 'command', '', isString, 'a string'),
    createdAt: field(value, 'createdAt', '', isString, 'a string'),
  };
}

export function transferArm(card: ModelCard, strategy: TransferArm['strategy']): TransferArm | undefined {
  return card.transfer.arms.find((a) => a.strategy === strategy);
}
