import { create } from 'zustand';
import { errorMessage } from '../common/errors';
import { EngineCrashError } from './engineClient';

/**
 * Where a failed action is reported: one field, `error`, shown by one component (ui/controls/ErrorNotice),
 * which each part of the page renders for its own part, so an error appears next to what failed.
 * Every async action of the stores that can fail goes through `action()`.
 */

/** Which part of the studio an action belongs to, and so where its error is shown. */
export type StudioPart =
  /** The engine stopped (a crash, a failed boot): shown at the top with "Restart engine". */
  | 'engine'
  /** Settings, settings files and the forms' helpers: the Setup panel. */
  | 'setup'
  /** Building the model: the Setup panel's Model group. */
  | 'model'
  /** The dataset the engine trains on, and the stored datasets: the Setup panel's Data group. */
  | 'datasets'
  /** Training runs and their checkpoints: the run controls. */
  | 'run'
  /** Freezing and learning rates of blocks: the layer tree. */
  | 'layers'
  /** Model export and import. */
  | 'transfer'
  | 'predict'
  /** Grad-CAM heatmaps (Predict panel, misclassified gallery, confusion cells). */
  | 'heatmap'
  /** Recording camera frames into a class: the camera panel. */
  | 'camera'
  | 'experiments'
  /** The experiment grid and the lessons. */
  | 'lessons';

export interface ActionError {
  part: StudioPart;
  /** The action that failed (e.g. 'importModel'). */
  action: string;
  message: string;
}

export const useActionError = create<{ error: ActionError | null }>()(() => ({ error: null }));

/**
 * Shows `error` (an Error, or the text to show) as the error of `part`. While the engine is down its
 * error stays: "Restart engine" is the one thing to do first, and what fails meanwhile most likely
 * failed because of it.
 */
export function reportError(part: StudioPart, action: string, error: unknown): void {
  const current = useActionError.getState().error;
  if (current?.part === 'engine' && part !== 'engine') return;
  useActionError.setState({ error: { part, action, message: errorMessage(error) } });
}

/** Clears the error shown, if it is `part`'s. */
export function clearError(part: StudioPart): void {
  if (useActionError.getState().error?.part === part) useActionError.setState({ error: null });
}

export interface ActionOptions<Args extends unknown[], Fallback> {
  /** What the action resolves to when it failed. */
  fallback: Fallback;
  /** The message shown, from the error's own and the action's arguments (e.g. to name a file). */
  describe?: (reason: string, ...args: Args) => string;
  /** Whether starting the action clears its part's error (default true); false for what runs unasked (a gallery's images). */
  clearsError?: boolean;
}

/**
 * Wraps an async action of `part`: starting it clears the part's error, and a failure is reported
 * (reportError) and resolves to the fallback instead of rejecting. A call the engine's crash cut short
 * reports nothing: the engine session reports the crash itself, once.
 */
export function action<Args extends unknown[], Result>(
  part: StudioPart, name: string, run: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result | undefined>;
export function action<Args extends unknown[], Result, Fallback>(
  part: StudioPart, name: string, run: (...args: Args) => Promise<Result>, options: ActionOptions<Args, Fallback>,
): (...args: Args) => Promise<Result | Fallback>;
export function action<Args extends unknown[], Result, Fallback>(
  part: StudioPart, name: string, run: (...args: Args) => Promise<Result>, options?: ActionOptions<Args, Fallback>,
): (...args: Args) => Promise<Result | Fallback | undefined> {
  return async (...args) => {
    if (options?.clearsError !== false) clearError(part);
    try {
      return await run(...args);
    } catch (error) {
      if (!(error instanceof EngineCrashError)) {
        reportError(part, name, options?.describe ? options.describe(errorMessage(error), ...args) : error);
      }
      return options?.fallback;
    }
  };
}
