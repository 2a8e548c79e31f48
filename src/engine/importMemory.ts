import { formatBytes } from '../common/formatBytes';
import { describeOutput, type ImportSummary } from '../models/importValidation';
import { estimateTrainingMemory, type MemoryLimits } from './memoryEstimate';
import { i18n } from '../common/i18n/i18n';

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
  const at = builds.assumedInputSize ? i18n.t('engine:memory.measuredAt', { size: builds.assumedInputSize }) : '';
  if (estimate.totalBytes > limits.totalBytes) {
    return i18n.t('engine:memory.importTooLarge', {
      total: formatBytes(estimate.totalBytes), at, activations: formatBytes(estimate.activationBytes),
      weights: formatBytes(estimate.weightsBytes + estimate.optimizerBytes), source: limits.totalSource, limit: formatBytes(limits.totalBytes), largest,
    });
  }
  if (estimate.largestTensorBytes > limits.largestTensorBytes) {
    return i18n.t('engine:memory.importTensorTooLarge', {
      largest: formatBytes(estimate.largestTensorBytes), at, source: limits.largestTensorSource, limit: formatBytes(limits.largestTensorBytes), layer: largest,
    });
  }
  return null;
}
