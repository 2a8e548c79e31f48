import type * as tf from '@tensorflow/tfjs';
import { preprocessingFor, type ExportFormat } from '../contract';
import { exportArchive } from '../models/export/exportArchive';
import { loadTfjsRuntime } from '../models/export/tfjsRuntime';

export interface ExportFormatFigure {
  format: ExportFormat;
  /** Each timed run, seconds (the first one, which warms up, is not among them). */
  seconds: number[];
  medianSeconds: number;
  zipBytes: number;
}

export interface ExportBenchResult {
  model: string;
  inputSize: number;
  formats: ExportFormatFigure[];
  /** Median time of ONNX (and of the demo page) over the tfjs zip's: the issue asks ≤ 2. */
  onnxVsTfjsRatio: number;
  demoVsTfjsRatio: number;
}

const FORMATS: ExportFormat[] = ['thaw', 'teachable-machine', 'onnx', 'demo-page'];
const LABELS = ['ants', 'bees', 'circle', 'square', 'star'];

/**
 * Time and size of each export of one model, the formats interleaved (tfjs, TM, ONNX, demo; again…) so
 * a slow patch of the machine touches all of them alike. Everything up to the zip's bytes is timed.
 */
export async function runExportBench(model: tf.LayersModel, name: string, inputSize: number, runs = 7): Promise<ExportBenchResult> {
  console.log(`[bench] export: ${name} at ${inputSize} px, each format ${runs} times (after one warm-up)`);
  const contents = { labels: LABELS.slice(0, model.outputs[0]?.shape[1] ?? 5), preprocessing: preprocessingFor(inputSize), config: { bench: true }, metrics: [], test: null, title: name };
  const runtime = await loadTfjsRuntime();
  const dependencies = { tfjsRuntime: async () => runtime };
  const seconds = new Map<ExportFormat, number[]>(FORMATS.map((f) => [f, []]));
  const sizes = new Map<ExportFormat, number>();
  for (let run = 0; run <= runs; run++) {
    for (const format of FORMATS) {
      const start = performance.now();
      const zip = await exportArchive(model, contents, format, dependencies);
      const elapsed = (performance.now() - start) / 1000;
      sizes.set(format, zip.byteLength);
      if (run > 0) seconds.get(format)!.push(elapsed);
    }
  }
  const formats = FORMATS.map((format) => {
    const times = seconds.get(format)!;
    return { format, seconds: times, medianSeconds: median(times), zipBytes: sizes.get(format) ?? 0 };
  });
  const medianOf = (format: ExportFormat) => formats.find((f) => f.format === format)!.medianSeconds;
  return { model: name, inputSize, formats, onnxVsTfjsRatio: medianOf('onnx') / medianOf('thaw'), demoVsTfjsRatio: medianOf('demo-page') / medianOf('thaw') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
