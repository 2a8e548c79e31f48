import type * as tf from '@tensorflow/tfjs';
import type { ArchitectureId, ModelSpec } from '../engine/api';
import { buildMiniResNet } from './miniResNet';
import { buildSmallCnn } from './smallCnn';

export interface CatalogEntry {
  id: ArchitectureId;
  label: string;
  description: string;
  build: (spec: ModelSpec) => tf.LayersModel;
}

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'small-cnn',
    label: 'Small CNN (from scratch)',
    description: 'Stem + 3 conv blocks with BatchNorm. Trains in seconds; good for trying strategies.',
    build: buildSmallCnn,
  },
  {
    id: 'mini-resnet',
    label: 'Mini-ResNet (from scratch)',
    description: 'Stem + 3 residual stages with BatchNorm and skip connections.',
    build: buildMiniResNet,
  },
];

export function buildArchitecture(spec: ModelSpec): tf.LayersModel {
  const entry = MODEL_CATALOG.find((e) => e.id === spec.architecture);
  if (!entry) throw new Error(`Unknown architecture "${spec.architecture}"`);
  return entry.build(spec);
}
