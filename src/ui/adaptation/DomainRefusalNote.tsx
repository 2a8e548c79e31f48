import { useTranslation } from 'react-i18next';
import type { DomainRefusal } from '../../store/domainTarget';

/** Why the target domain cannot serve this dataset, and what to change; class names that differ are named. */
export function DomainRefusalNote({ refusal }: { refusal: DomainRefusal }) {
  const { t } = useTranslation('adaptation');
  const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(', ');
  const text = refusal.key === 'classMismatch'
    ? t('domain.refusals.classMismatch', {
      name: refusal.name,
      missing: refusal.missing.length > 0 ? t('domain.refusals.missing', { names: quoted(refusal.missing) }) : '',
      extra: refusal.extra.length > 0 ? t('domain.refusals.extra', { names: quoted(refusal.extra) }) : '',
    })
    : t(`domain.refusals.${refusal.key}`);
  return <p className="warning" role="note" aria-label={t('domain.refusalLabel')}>{text}</p>;
}
