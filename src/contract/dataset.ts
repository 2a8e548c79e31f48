import { z } from './zod';

export const SPLIT_NAME = z.enum(['train', 'validation', 'test']);
export type SplitName = z.infer<typeof SPLIT_NAME>;

/**
 * How many images of each class the built-in sample draws (the Data step's "Images per class"): few make
 * overfitting easy to show, many make epochs longer. The upper end keeps the whole sample a few MB at 32 px.
 */
export const SAMPLE_IMAGES_PER_CLASS = { min: 10, max: 500, step: 10, integer: true, default: 60 } as const;

export const SAMPLE_DATASET_SPEC = z.object({
  seed: z.number().int(),
  imageSize: z.number().int().min(8).max(512),
  imagesPerClass: z.number().int().min(1).max(SAMPLE_IMAGES_PER_CLASS.max),
  /** When true, class i keeps only a fraction of its images so the largest class is ~5x the smallest. */
  imbalanced: z.boolean(),
  /** Share of each class kept for validation (stratified). */
  validationFraction: z.number().min(0).max(1),
  /** Share of each class held out as a test split (stratified), scored only after training; none when absent. */
  testFraction: z.number().min(0).max(0.5).optional(),
});
export type SampleDatasetSpec = z.infer<typeof SAMPLE_DATASET_SPEC>;

/** Where the engine's dataset comes from: generated from a seed, or imported and stored in IndexedDB. */
export const DATASET_SOURCE = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sample'), spec: SAMPLE_DATASET_SPEC }),
  // `imageSize` (the decode size before images streamed at the model's input size) may be in older checkpoints; it is ignored.
  z.object({ kind: z.literal('stored'), datasetId: z.string(), imageSize: z.number().int().min(1).optional() }),
]);
export type DatasetSource = z.infer<typeof DATASET_SOURCE>;

export interface DatasetSummary {
  source: DatasetSource;
  name: string;
  classNames: string[];
  /** The sample's generated size; null for imported photos (stored at up to 256 px, each at its own shape). */
  imageSize: number | null;
  trainCounts: number[];
  validationCounts: number[];
  /** Held-out test images per class: scored after a run, never trained or validated on. */
  testCounts: number[];
  /** Class of each validation image, in the order the engine evaluates them. */
  validationLabels: number[];
  /** Stored images that could not be read back (missing or damaged records), skipped. */
  unreadable: string[];
}

export const STORED_IMAGE_META = z.object({
  id: z.number().int().min(0),
  /** The path the image was imported from, shown as text. */
  path: z.string(),
  classIndex: z.number().int().min(0),
  /** SHA-256 of the original file's bytes (hex): identical files are duplicates. */
  hash: z.string(),
  /** Of the stored copy (longest side at most the importer's bound), orientation applied. */
  width: z.number(),
  height: z.number(),
  split: SPLIT_NAME,
  /** True when the folder layout named the split (train/val/test): kept when the split is redrawn. */
  givenSplit: z.boolean(),
  /** Where the picture came from: a file, or a camera frame recorded in the studio. Absent in older records: a file. */
  source: z.enum(['file', 'camera']).optional(),
});
export type StoredImageMeta = z.infer<typeof STORED_IMAGE_META>;

export const SPLIT_SETTINGS = z.object({
  seed: z.number().int(),
  validationPercent: z.number().min(0).max(100),
  testPercent: z.number().min(0).max(100),
});
export type SplitSettings = z.infer<typeof SPLIT_SETTINGS>;

export const SKIPPED_FILE = z.object({ path: z.string(), reason: z.string() });
export type SkippedFile = z.infer<typeof SKIPPED_FILE>;

export const DUPLICATE_FILE = z.object({ path: z.string(), duplicateOf: z.string() });
export type DuplicateFile = z.infer<typeof DUPLICATE_FILE>;

export const DATASET_MANIFEST = z.object({
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  classNames: z.array(z.string()),
  images: z.array(STORED_IMAGE_META),
  nextImageId: z.number().int().min(0),
  split: SPLIT_SETTINGS,
  skipped: z.array(SKIPPED_FILE),
  duplicates: z.array(DUPLICATE_FILE),
  /** Bytes of the stored copies. */
  storedBytes: z.number().min(0),
}).refine((m) => m.images.every((image) => image.classIndex < m.classNames.length), {
  // English on purpose: only a bug or a damaged record breaks this rule (not a file a person wrote).
  message: 'an image names a class the dataset does not have', path: ['images'],
});
export type DatasetManifest = z.infer<typeof DATASET_MANIFEST>;

/** One stored image: a bounded-size JPEG (or PNG) copy of the imported file. */
export const STORED_IMAGE = z.object({ bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be bytes' }), type: z.string() });
export type StoredImage = z.infer<typeof STORED_IMAGE>;
