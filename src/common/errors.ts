import { i18n } from './i18n/i18n';

/** What an error says, for the one line the user reads; anything thrown that is not an Error is shown as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class StorageFullError extends Error {
  constructor(cause?: unknown) {
    super(i18n.t('engine:storage.full'));
    this.name = 'StorageFullError';
    this.cause = cause;
  }
}

export function isQuotaError(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  const message: unknown = (error as { message?: unknown } | null)?.message;
  return name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message));
}
