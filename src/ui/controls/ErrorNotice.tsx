import { useActionError, type StudioPart } from '../../store/actionError';
import { useStudio } from '../../store/studioStore';
import { useTranslation } from 'react-i18next';

/**
 * The studio's one error, shown where its part is: each part of the page renders this for its own part
 * (store/actionError.ts), so a failure appears next to what failed. The engine's own error offers a restart.
 */
export function ErrorNotice({ part }: { part: StudioPart }) {
  const { t } = useTranslation('controls');
  const error = useActionError((s) => (s.error?.part === part ? s.error : null));
  const restartEngine = useStudio((s) => s.restartEngine);
  if (!error) return null;
  if (part === 'engine') {
    return (
      <div className="notice error" role="alert" data-action={error.action}>
        {t('engineError.stopped', { message: error.message })}{' '}
        <button type="button" onClick={() => void restartEngine()}>{t('engineError.restart')}</button>
      </div>
    );
  }
  return <p className="field-error" role="alert" data-part={part} data-action={error.action}>{error.message}</p>;
}
