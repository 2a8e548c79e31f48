import type { ArchitectureId, ModelSpec } from '../contract';
import type * as tf from '@tensorflow/tfjs';
import { buildMiniResNet } from './miniResNet';
import { buildSmallCnn } from './smallCnn';
import { attachHead, MOBILENET_VARIANTS, TFJS_MODELS_BASE_URL, type MobileNetVariant } from './mobilenet';
import { atInputSize, loadCachedBackbone } from './pretrained';
import { headOptions } from './head';
import { BUILT_IN_BACKBONE, loadBuiltInBackbone, loadBuiltInModelCard, modelOnBuiltInBackbone } from './builtIn';
import type { ModelCard } from './modelCard';
import { NO_MODEL_STORE, type ModelStore } from './modelStore';
import { loadImportedBackbone, modelOnImportedBackbone } from './importedBackbone';
import { i18n } from '../common/i18n/i18n';

export interface CatalogEntry {
  id: ArchitectureId;
  label: string;
  description: string;
  /** Pretrained entries start with the backbone frozen (feature extraction). */
  pretrained: boolean;
  defaultInputSize?: number;
  /** The input sizes offered for a pretrained backbone (its convolutions work at any of them). */
  inputSizes?: readonly number[];
  /** Downloaded from the model base URL (and then cached), rather than shipped with the studio. */
  downloads?: boolean;
  /** Not offered in the model list until the user has imported one (the imported backbone). */
  unlisted?: boolean;
  /** What the shipped model was trained on and how well it transfers. */
  loadCard?: () => Promise<ModelCard>;
  /** `store` keeps downloaded and imported backbones between visits. */
  build: (spec: ModelSpec, onProgress: (fraction: number) => void, store: ModelStore) => Promise<tf.LayersModel>;
}

const scratch = (build: (spec: ModelSpec) => tf.LayersModel) => async (spec: ModelSpec) => build(spec);

function mobileNetEntry(id: ArchitectureId, variant: MobileNetVariant): CatalogEntry {
  return {
    id,
    label: variant.label,
    description: 'ImageNet-pretrained; downloaded once from the model base URL, then cached for offline use. Starts with the backbone frozen.',
    pretrained: true,
    downloads: true,
    defaultInputSize: 96,
    inputSizes: [64, 96, 128, 160, 192, 224],
    build: async (spec, onProgress, store) => {
      const { model: backbone } = await loadCachedBackbone(variant, spec.modelBaseUrl ?? TFJS_MODELS_BASE_URL, onProgress, store);
      const resized = await atInputSize(backbone, spec.inputSize);
      return attachHead(resized, variant.featureLayer, headOptions(spec));
    },
  };
}

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'small-cnn',
    label: 'Small CNN (from scratch)',
    description: 'Stem + 3 conv blocks with BatchNorm. Trains in seconds; good for trying strategies.',
    pretrained: false,
    build: scratch(buildSmallCnn),
  },
  {
    id: 'mini-resnet',
    label: 'Mini-ResNet (from scratch)',
    description: 'Stem + 3 residual stages with BatchNorm and skip connections.',
    pretrained: false,
    build: scratch(buildMiniResNet),
  },
  {
    id: 'thaw-shapes-cnn',
    label: 'Thaw Shapes CNN (built-in, pretrained)',
    description: 'A small CNN pretrained on ten generated shapes (none of them the sample classes); ships with the studio, so it works offline. Starts with the backbone frozen.',
    pretrained: true,
    defaultInputSize: BUILT_IN_BACKBONE.inputSize,
    inputSizes: [32, 48, 64, 96, 128],
    loadCard: loadBuiltInModelCard,
    build: async (spec, onProgress) => modelOnBuiltInBackbone(await loadBuiltInBackbone(onProgress), spec),
  },
  mobileNetEntry('mobilenet-v1-0.25', MOBILENET_VARIANTS.v025),
  mobileNetEntry('mobilenet-v1-0.50', MOBILENET_VARIANTS.v050),
  mobileNetEntry('mobilenet-v1-1.0', MOBILENET_VARIANTS.v100),
  {
    id: 'imported-backbone',
    label: 'Imported backbone',
    description: 'Your own TensorFlow.js layers model, cut at its last feature map with a new head; kept in this browser. Starts with the backbone frozen.',
    pretrained: true,
    unlisted: true,
    inputSizes: [32, 48, 64, 96, 128, 160, 192, 224],
    build: async (spec, _onProgress, store) => {
      if (!spec.importedBackbone) throw new Error(i18n.t('engine:import.noImportedBackbone'));
      return modelOnImportedBackbone(await loadImportedBackbone(spec.importedBackbone, store), spec.importedBackbone, spec);
    },
  },
];

export function catalogEntry(id: ArchitectureId): CatalogEntry {
  const entry = MODEL_CATALOG.find((e) => e.id === id);
  if (!entry) throw new Error(`Unknown architecture "${id}"`);
  return entry;
}

/** How a model is named in the model list, run labels and checkpoints. */
export function modelLabel(spec: Pick<ModelSpec, 'architecture' | 'importedBackbone'>): string {
  return spec.architecture === 'imported-backbone' && spec.importedBackbone ? `Imported: ${spec.importedBackbone.name}` : catalogEntry(spec.architecture).label;
}

/** Builds any catalog model, downloading (or reading from `store`) a pretrained backbone if needed. */
export function buildModelFromCatalog(
  spec: ModelSpec,
  onProgress: (fraction: number) => void = () => {},
  store: ModelStore = NO_MODEL_STORE,
): Promise<tf.LayersModel> {
  return catalogEntry(spec.architecture).build(spec, onProgress, store);
}

/** The synchronous builder of the from-scratch models, for tests and benchmarks. */
export function buildArchitecture(spec: ModelSpec): tf.LayersModel {
  if (spec.architecture === 'small-cnn') return buildSmallCnn(spec);
  if (spec.architecture === 'mini-resnet') return buildMiniResNet(spec);
  throw new Error(`"${spec.architecture}" is pretrained: use buildModelFromCatalog`);
}
