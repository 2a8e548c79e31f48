import type { BlockSummary, FreezeSnapshot, ModelSummary } from '../contract';
import * as tf from '@tensorflow/tfjs';
import type { Block } from './blocks';
import { i18n } from '../common/i18n/i18n';

/**
 * The single source of truth for which blocks are frozen and their learning-rate multipliers.
 * The training loop asks it for the trainable variables at every step, so a change here takes
 * effect at the very next step without recompiling anything.
 */
export class FreezeState {
  private readonly frozen = new Set<string>();
  private readonly lrMultipliers = new Map<string, number>();
  private readonly blockOfLayer = new Map<string, string>();
  private readonly layersByName = new Map<string, tf.layers.Layer>();
  private readonly blockOfVariable_ = new Map<string, string>();

  constructor(private readonly model: tf.LayersModel, readonly blocks: Block[]) {
    for (const layer of model.layers) this.layersByName.set(layer.name, layer);
    for (const block of blocks) {
      this.lrMultipliers.set(block.id, 1);
      for (const layerName of block.layerNames) {
        this.blockOfLayer.set(layerName, block.id);
        for (const weight of this.layersByName.get(layerName)?.weights ?? []) {
          this.blockOfVariable_.set(weight.name, block.id);
        }
      }
    }
  }

  hasBlock(blockId: string): boolean {
    return this.blocks.some((b) => b.id === blockId);
  }

  isFrozen(blockId: string): boolean {
    return this.frozen.has(blockId);
  }

  /** Returns true when the state actually changed. */
  setFrozen(blockId: string, frozen: boolean): boolean {
    if (!this.hasBlock(blockId)) throw new Error(i18n.t('engine:layers.noBlock', { block: blockId }));
    if (this.frozen.has(blockId) === frozen) return false;
    if (frozen) this.frozen.add(blockId);
    else this.frozen.delete(blockId);
    return true;
  }

  setLrMultiplier(blockId: string, multiplier: number): void {
    if (!this.hasBlock(blockId)) throw new Error(i18n.t('engine:layers.noBlock', { block: blockId }));
    if (!Number.isFinite(multiplier) || multiplier < 0) throw new Error(i18n.t('engine:layers.multiplier'));
    this.lrMultipliers.set(blockId, multiplier);
  }

  blockOfVariable(variableName: string): string | undefined {
    return this.blockOfVariable_.get(variableName);
  }

  /** Trainable weights of every block, frozen or not (for measuring how far each block moved). */
  allTrainableWeights(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const block of this.blocks) {
      for (const layerName of block.layerNames) {
        for (const weight of this.layersByName.get(layerName)?.trainableWeights ?? []) {
          const v: unknown = weight.read();
          if (v instanceof tf.Variable) out.push(v as tf.Variable);
        }
      }
    }
    return out;
  }

  lrMultiplierOfVariable(variableName: string): number {
    const block = this.blockOfVariable_.get(variableName);
    return block === undefined ? 1 : this.lrMultipliers.get(block) ?? 1;
  }

  /** Frozen layers run in inference mode: BatchNorm uses and keeps its moving statistics, dropout is off. */
  isLayerTraining(layerName: string): boolean {
    const block = this.blockOfLayer.get(layerName);
    return block === undefined || !this.frozen.has(block);
  }

  /** The variables the optimizer may touch right now: trainable weights of thawed blocks. */
  trainableVariables(): tf.Variable[] {
    return this.allTrainableWeights().filter((v) => !this.frozen.has(this.blockOfVariable_.get(v.name) ?? ''));
  }

  snapshot(): FreezeSnapshot {
    return { frozen: [...this.frozen], lrMultipliers: Object.fromEntries(this.lrMultipliers) };
  }

  /** Applies a snapshot of the same architecture; unknown block ids throw before anything changes. */
  restore(snapshot: FreezeSnapshot): void {
    const ids = [...snapshot.frozen, ...Object.keys(snapshot.lrMultipliers)];
    const unknown = ids.find((id) => !this.hasBlock(id));
    if (unknown !== undefined) throw new Error(i18n.t('engine:layers.savedUnknownBlock', { block: unknown }));
    for (const block of this.blocks) this.setFrozen(block.id, snapshot.frozen.includes(block.id));
    for (const [id, m] of Object.entries(snapshot.lrMultipliers)) this.setLrMultiplier(id, m);
  }

  summary(): ModelSummary {
    const blocks: BlockSummary[] = this.blocks.map((block) => {
      const layers = block.layerNames.map((name) => {
        const layer = this.layersByName.get(name)!;
        return { name, className: layer.getClassName(), params: layer.countParams(), outputShape: outputShapeOf(layer) };
      });
      const params = layers.reduce((sum, l) => sum + l.params, 0);
      const trainableOfBlock = block.layerNames.reduce(
        (sum, name) => sum + (this.layersByName.get(name)?.trainableWeights ?? []).reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0),
        0,
      );
      const frozen = this.frozen.has(block.id);
      return {
        id: block.id, name: block.name, layers, params,
        trainableParams: frozen ? 0 : trainableOfBlock,
        frozen, lrMultiplier: this.lrMultipliers.get(block.id) ?? 1,
      };
    });
    return {
      name: this.model.name,
      inputShape: (this.model.inputs[0]?.shape.slice(1) ?? []) as number[],
      blocks,
      totalParams: blocks.reduce((s, b) => s + b.params, 0),
      trainableParams: blocks.reduce((s, b) => s + b.trainableParams, 0),
    };
  }
}

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  const shape = layer.outputShape;
  return Array.isArray(shape[0]) ? (shape[0]) : (shape as (number | null)[]);
}
