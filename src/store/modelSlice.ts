import * as Comlink from 'comlink';
import type { ExportFormat, GradCamRequest, ImagePreview, ModelForm } from '../contract';
import { headFirstUnfreezing, type StrategyPreset } from '../freeze/presets';
import { catalogEntry } from '../models/catalog';
import { action } from './actionError';
import { afterDatasetLoads } from './dataSlice';
import { engineApi } from './engineSession';
import { modelFormOf } from './formsSlice';
import type { ModelPart, PredictInput, StudioSlice } from './studioState';

/** The model the engine holds: building it from the form, its blocks' freezing and learning rates, export, import, prediction. */

function modelBaseFromUrl(search: string): string | undefined {
  return new URLSearchParams(search).get('modelBase') ?? undefined;
}

export const createModelPart: StudioSlice<ModelPart> = (set, get) => ({
  model: null,
  modelLoading: null,
  importedModel: null,
  heatmapBlockId: null,
  headFirst: null,

  rebuildModel: action('model', 'rebuildModel', async (form: Partial<ModelForm>) => {
    const previous = get().modelForm;
    const modelForm = { ...previous, ...form };
    const entry = catalogEntry(modelForm.architecture);
    // A newly picked pretrained model starts at its own input size unless one was asked for.
    const switched = form.architecture !== undefined && form.architecture !== previous.architecture;
    if (switched && form.inputSize === undefined && entry.defaultInputSize) modelForm.inputSize = entry.defaultInputSize;
    set({ modelForm, modelLoading: entry.pretrained ? { label: entry.label, fraction: 0 } : null });
    // Progress comes over its own message port, so a last report can arrive after the build has returned.
    let building = true;
    const onProgress = (fraction: number) => { if (building) set({ modelLoading: { label: entry.label, fraction } }); };
    try {
      const model = await engineApi().buildModel(
        {
          architecture: modelForm.architecture, width: modelForm.width, dropout: modelForm.dropout, seed: get().trainingForm.seed,
          headHiddenUnits: modelForm.headHiddenUnits, headL2: modelForm.headL2, importedBackbone: modelForm.importedBackbone,
          inputSize: entry.pretrained ? modelForm.inputSize : modelForm.scratchInputSize ?? undefined,
          modelBaseUrl: modelBaseFromUrl(location.search) ?? get().settings.modelBaseUrl,
        },
        Comlink.proxy(onProgress),
      );
      set({ model, steps: [], epochs: [], markers: [], importedModel: null, test: null, testMessage: null, headFirst: null });
    } catch (error) {
      // The engine keeps its previous model when a build fails; so does the form.
      set({ modelForm: previous });
      throw error;
    } finally {
      building = false;
      set({ modelLoading: null });
    }
  }),

  // Every block-level change returns the engine's fresh model summary, which replaces ours.
  applyPreset: action('layers', 'applyPreset', async (preset: StrategyPreset) => {
    const model = await engineApi().applyPreset(preset);
    set({ model, headFirst: headFirstUnfreezing(preset, model.blocks.length) });
  }),
  setBlockFrozen: action('layers', 'setBlockFrozen', async (blockId: string, frozen: boolean) => {
    set({ model: await engineApi().setBlockFrozen(blockId, frozen), headFirst: null });
  }),
  setBlockLrMultiplier: action('layers', 'setBlockLrMultiplier', async (blockId: string, multiplier: number) => {
    set({ model: await engineApi().setBlockLrMultiplier(blockId, multiplier) });
  }),
  setGeometricLrDecay: action('layers', 'setGeometricLrDecay', async (alpha: number) => {
    set({ model: await engineApi().setGeometricLrDecay(alpha) });
  }),

  exportModel: action(
    'transfer', 'exportModel',
    (format: ExportFormat, source: 'current' | 'best') => engineApi().exportModel({ format, source, metrics: get().epochs }),
    { fallback: null },
  ),

  importModel: action('transfer', 'importModel', async (files: { name: string; bytes: Uint8Array }[]) => {
    const only = files.length === 1 ? files[0] : undefined;
    const zip = only?.name.toLowerCase().endsWith('.zip') ? only.bytes : null;
    const input = zip ?? Object.fromEntries(files.map((f) => [f.name, f.bytes]));
    // After any dataset load still under way: its model rebuild would dispose the imported model while it is scored.
    const imported = await afterDatasetLoads(() => engineApi().importModel(Comlink.transfer(input, zip ? [zip.buffer as ArrayBuffer] : [])));
    set((s) => ({
      model: imported.model, steps: [], epochs: [], markers: [], blockActivity: {}, validationPredictions: null, validationConfidence: null, test: null, testMessage: null,
      modelForm: modelFormOf(imported.modelSpec, s.modelForm),
      importedModel: { labels: imported.labels, validationLoss: imported.validationLoss, validationAccuracy: imported.validationAccuracy, test: imported.test },
    }));
    imported.warnings.forEach((warning) => get().addNotice(warning));
  }),

  predict: action(
    'predict', 'predict',
    async (image: PredictInput, topK: number, source: 'current' | 'best') => engineApi().predict(await image.decode(), topK, source),
    { fallback: null, describe: (reason, image) => `${image.name}: ${reason}` },
  ),

  setHeatmapBlock: (heatmapBlockId: string | null) => set({ heatmapBlockId }),
  gradCam: action(
    'heatmap', 'gradCam',
    (image: ImagePreview, request: GradCamRequest) => engineApi().gradCam(image, request),
    { fallback: null },
  ),
});
