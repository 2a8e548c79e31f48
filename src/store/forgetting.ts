import type { ArchitectureId, TrainingForm } from '../contract';

/** The one backbone whose pretraining task (and so EWC's Fisher information and the source score) ships with the studio. */
export const SOURCE_TASK_ARCHITECTURE: ArchitectureId = 'thaw-shapes-cnn';

/**
 * Why a penalty toward pretrained weights cannot apply to a model, as a key of the 'adaptation'
 * catalogue's `penalty` section; null when it can. The engine refuses the same cases.
 */
export function penaltyRefusal(kind: TrainingForm['pretrainedPenalty'], architecture: ArchitectureId, pretrained: boolean): 'notPretrained' | 'ewcNeedsBuiltIn' | null {
  if (kind === 'none') return null;
  if (!pretrained) return 'notPretrained';
  if (kind === 'ewc' && architecture !== SOURCE_TASK_ARCHITECTURE) return 'ewcNeedsBuiltIn';
  return null;
}
