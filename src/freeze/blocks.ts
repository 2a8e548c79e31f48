import type * as tf from '@tensorflow/tfjs';

/** A named, freezable group of consecutive layers. */
export interface Block {
  id: string;
  name: string;
  layerNames: string[];
}

const MOBILENET_V1_BLOCK = /^conv_(?:dw|pw)_(\d+)(?:_|$)/;
const MOBILENET_V1_STEM = /^conv1(?:_|$)/;

/**
 * Groups a model's layers into blocks, in forward order:
 *  1. MobileNet v1 naming: stem (conv1*), block 1..13 (conv_dw_N*, conv_pw_N*), then the rest by prefix;
 *  2. name prefixes before the first "_" (stem_, block2_, stage3_, head_) when they form contiguous runs;
 *  3. otherwise one block per weighted layer, weightless layers joining the block before them.
 */
export function groupLayersIntoBlocks(model: tf.LayersModel): Block[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const keyed = layers.map((l) => ({ layer: l, key: blockKeyByName(l.name) }));
  const contiguous = isContiguous(keyed.map((k) => k.key));
  if (contiguous && new Set(keyed.map((k) => k.key)).size >= 2) {
    return runsToBlocks(keyed.map((k) => ({ name: k.layer.name, key: k.key })));
  }
  return groupByWeightedLayers(layers);
}

function blockKeyByName(name: string): string {
  if (MOBILENET_V1_STEM.test(name)) return 'stem';
  const mobile = MOBILENET_V1_BLOCK.exec(name);
  if (mobile) return `block${mobile[1]}`;
  const underscore = name.indexOf('_');
  return underscore > 0 ? name.slice(0, underscore) : name;
}

function isContiguous(keys: string[]): boolean {
  const seen = new Set<string>();
  let previous: string | undefined;
  for (const key of keys) {
    if (key === previous) continue;
    if (seen.has(key)) return false;
    seen.add(key);
    previous = key;
  }
  return true;
}

function runsToBlocks(items: { name: string; key: string }[]): Block[] {
  const blocks: Block[] = [];
  for (const item of items) {
    const last = blocks[blocks.length - 1];
    if (last && last.id === item.key) last.layerNames.push(item.name);
    else blocks.push({ id: item.key, name: prettyBlockName(item.key), layerNames: [item.name] });
  }
  return blocks;
}

function prettyBlockName(key: string): string {
  const numbered = /^([a-z]+)(\d+)$/i.exec(key);
  if (numbered?.[1] && numbered[2]) return `${capitalise(numbered[1])} ${numbered[2]}`;
  return capitalise(key);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function groupByWeightedLayers(layers: tf.layers.Layer[]): Block[] {
  const blocks: Block[] = [];
  for (const layer of layers) {
    const hasWeights = layer.weights.length > 0;
    const isNormalisation = layer.getClassName() === 'BatchNormalization';
    const last = blocks.at(-1);
    if (!last || (hasWeights && !isNormalisation)) {
      const n = blocks.length + 1;
      blocks.push({ id: `block${n}`, name: `Block ${n} (${layer.name})`, layerNames: [layer.name] });
    } else {
      last.layerNames.push(layer.name);
    }
  }
  return blocks;
}
