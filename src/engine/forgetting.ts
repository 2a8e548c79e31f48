import * as tf from '@tensorflow/tfjs';
import { SOURCE_HEAD, parseOrThrow, type ModelSpec, type SourceHead, type TrainConfig } from '../contract';
import type { FreezeState } from '../freeze/freezeState';
import type { EngineListener } from './api';
import type { PenaltyAnchors } from './pretrainedPenalty';
import { SourceTask } from './sourceTask';
import { valueAt } from './arrays';
import { i18n } from '../common/i18n/i18n';

/** What a run on a pretrained backbone gets for measuring and limiting forgetting. */
export interface ForgettingHooks {
  penalty?: PenaltyAnchors;
  sourceAccuracy?: () => Promise<number>;
  /** Frees the run's w₀ and Fisher tensors (their CPU copies and the source task stay for the next run). */
  dispose: () => void;
}

interface ModelLike {
  readonly spec: ModelSpec;
  readonly model: tf.LayersModel;
  readonly freeze: FreezeState;
}

/** The architecture whose source task ships with the studio. */
const BUILT_IN = 'thaw-shapes-cnn';

/**
 * The engine's side of forgetting: the pretrained weights w₀ of the current model (captured when a
 * pretrained backbone is installed), the built-in backbone's source task, and the Fisher information of
 * that task. The Fisher is computed once per backbone and input size and kept for the worker's session
 * (in memory only: a reload computes it again, a few seconds).
 */
export class ForgettingSupport {
  /**
   * w₀ of the model it was captured on, copied to the CPU in backbone-variable order: a lost device takes
   * its tensors with it, and the model rebuilt on the next backend has other variable names.
   */
  private anchor: { model: tf.LayersModel; values: Promise<Float32Array[]> } | null = null;
  private head: Promise<SourceHead> | null = null;
  private readonly tasks = new Map<number, SourceTask>();
  private readonly fisherCache = new Map<string, Float32Array[]>();

  constructor(private readonly loadHead: () => Promise<unknown>) {}

  /** A pretrained backbone was installed: its backbone weights now are w₀. Other models have none. */
  capture(model: tf.LayersModel, freeze: FreezeState, pretrained: boolean): void {
    this.anchor = null;
    if (!pretrained) return;
    // Copied now (training changes the weights from the next step on), read back without blocking.
    const copies = backboneVariables(freeze).map((v) => tf.keep(v.clone()));
    const values = Promise.all(copies.map(async (t) => (await t.data()) as Float32Array)).finally(() => tf.dispose(copies));
    values.catch(() => {}); // A failed read is reported by the run that needs w₀.
    this.anchor = { model, values };
  }

  /**
   * The engine rebuilt `from` as `to` on another backend after a lost device: w₀ (and the cached Fisher)
   * carry over to the new model; the source tasks' tensors were on the lost device and are made again.
   */
  moveTo(from: tf.LayersModel, to: tf.LayersModel): void {
    if (this.anchor?.model === from) this.anchor = { ...this.anchor, model: to };
    this.tasks.forEach((task) => { try { task.dispose(); } catch { /* its backend is gone */ } });
    this.tasks.clear();
  }

  /** The source task at this input size, for models on the built-in backbone; null for the others. */
  async sourceTask(spec: ModelSpec): Promise<SourceTask | null> {
    if (spec.architecture !== BUILT_IN) return null;
    const known = this.tasks.get(spec.inputSize);
    if (known) return known;
    this.head ??= this.loadHead().then((json) => parseOrThrow(SOURCE_HEAD, json, 'The built-in source head'));
    const task = new SourceTask(await this.head.catch((error: unknown) => {
      this.head = null;
      throw error;
    }), spec.inputSize);
    this.tasks.set(spec.inputSize, task);
    return task;
  }

  /** The hooks of one run: source accuracy per epoch, and the penalty's anchors (with the Fisher for EWC). */
  async hooksFor(stage: ModelLike, config: TrainConfig, listener: EngineListener): Promise<ForgettingHooks> {
    const task = await this.sourceTask(stage.spec).catch(() => null);
    const sourceAccuracy = task ? () => task.accuracy(stage.model) : undefined;
    const penaltyConfig = config.pretrainedPenalty;
    if (!penaltyConfig || penaltyConfig.strength === 0) return { sourceAccuracy, dispose: () => {} };
    if (!this.anchor || this.anchor.model !== stage.model) {
      throw new Error(i18n.t('engine:run.noPretrainedWeights'));
    }
    if (penaltyConfig.kind === 'ewc' && !task) {
      throw new Error(i18n.t('engine:run.noFisher'));
    }
    const weights = byVariable(backboneVariables(stage.freeze), await this.anchor.values);
    let fisher: Map<string, tf.Tensor> | null = null;
    try {
      if (penaltyConfig.kind === 'ewc' && task) fisher = await this.fisher(stage, task, weights, listener);
    } catch (error) {
      tf.dispose([...weights.values()]);
      throw error;
    }
    const penalty: PenaltyAnchors = { config: penaltyConfig, weights, fisher, blockOf: (name) => stage.freeze.blockOfVariable(name) };
    return { sourceAccuracy, penalty, dispose: () => tf.dispose([...weights.values(), ...(fisher?.values() ?? [])]) };
  }

  /**
   * The diagonal Fisher at the pretrained weights w₀, by variable name. Computed on a copy of w₀ put into
   * the model (then its weights are put back), so a model trained before still gets the Fisher of w₀.
   */
  private async fisher(stage: ModelLike, task: SourceTask, anchors: ReadonlyMap<string, tf.Tensor>, listener: EngineListener): Promise<Map<string, tf.Tensor>> {
    const variables = backboneVariables(stage.freeze);
    const key = `${stage.spec.architecture}@${stage.spec.inputSize}`;
    let values = this.fisherCache.get(key);
    if (!values) {
      const startedAt = performance.now();
      const seconds = () => (performance.now() - startedAt) / 1000;
      const current = variables.map((v) => tf.keep(v.clone()));
      let tensors: tf.Tensor[] = [];
      try {
        variables.forEach((v) => { const a = anchors.get(v.name); if (a) v.assign(a); });
        tensors = await task.fisherDiagonal(stage.model, variables, (done, total) => listener({ type: 'fisher', done, total, seconds: seconds(), finished: false }));
        values = await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
      } finally {
        variables.forEach((v, i) => v.assign(valueAt(current, i)));
        tf.dispose([...current, ...tensors]);
      }
      this.fisherCache.set(key, values);
      listener({ type: 'fisher', done: task.fisherImages, total: task.fisherImages, seconds: seconds(), finished: true });
    }
    return byVariable(variables, values);
  }

  dispose(): void {
    this.anchor = null;
    this.tasks.forEach((t) => t.dispose());
    this.tasks.clear();
  }
}

/** Tensors of `values` (in `variables`' order) on the current backend, by the variables' names. */
function byVariable(variables: readonly tf.Variable[], values: readonly Float32Array[]): Map<string, tf.Tensor> {
  if (values.length !== variables.length) throw new Error(`w₀ has ${values.length} tensors, the backbone ${variables.length}: rebuild the model`);
  return new Map(variables.map((v, i) => [v.name, tf.tensor(valueAt(values, i), v.shape)] as const));
}

/** Trainable weights of every block but the head, frozen or not, in the model's order. */
export function backboneVariables(freeze: FreezeState): tf.Variable[] {
  return freeze.allTrainableWeights().filter((v) => freeze.blockOfVariable(v.name) !== 'head');
}
