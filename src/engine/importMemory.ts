import { formatBytes } from '../common/formatBytes';
import { describeOutput, type ImportSummary } from '../models/importValidation';
import { estimateTrainingMemory, type MemoryLimits } from './memoryEstimate';

/**
 * An imported model is held to the studio's memory estimate before tfjs builds it: what its topology
 * builds (weights, every layer's output) for one image at its own input size, with Adam's state. A
 * model that cannot train even one image at a time here is refused, naming its largest layer.
 */
export function importMemoryRefusal(summary: ImportSummary, limits: MemoryLimits): string | null {
  const { builds } = summary;
  const inputSize = summary.inputShape?.[1] ?? builds.assumedInputSize ?? 0;
  const estimate = estimateTrainingMemory({
    params: builds.weightElements,
    activations: { elementsPerImage: builds.activationElementsPerImage, largestElementsPerImage: builds.largestOutput?.elements ?? 0 },
    optimizer: { name: 'adam', momentum: 0 }, batchSize: 1, inputSize,
  });
  const largest = builds.largestOutput ? ` ${describeOutput(builds.largestOutput)}.` : '';
  const at = builds.assumedInputSize ? ` (measured at ${builds.assumedInputSize} px, as its input size is open)` : '';
  if (estimate.totalBytes > limits.totalBytes) {
    return `This model would need about ${formatBytes(estimate.totalBytes)} to train one image at a time${at} (layer outputs: ${formatBytes(estimate.activationBytes)}; `
      + `weights and optimizer: ${formatBytes(estimate.weightsBytes + estimate.optimizerBytes)}), more than ${limits.totalSource} (${formatBytes(limits.totalBytes)}).${largest} `
      + 'Import a smaller model (fewer filters or units, a smaller input), or raise Optimisation › Memory limit if this device has more memory.';
  }
  if (estimate.largestTensorBytes > limits.largestTensorBytes) {
    return `One layer output of this model takes ${formatBytes(estimate.largestTensorBytes)} for one image${at}, more than ${limits.largestTensorSource} (${formatBytes(limits.largestTensorBytes)}).${largest} `
      + 'Import a model with fewer filters in that layer or a smaller input.';
  }
  return null;
}
