import { errorMessage } from '../../common/errors';
import { useEffect, useState } from 'react';
import type { ModelCard } from '../../models/modelCard';
import { formatNumber } from '../../common/i18n/i18n';
import { useTranslation } from 'react-i18next';

const pct = (v: number) => formatNumber(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The model card of a shipped backbone: what it learnt from, and the measured transfer comparison. */
export function ModelCardView({ load }: { load: () => Promise<ModelCard> }) {
  const { t } = useTranslation('controls');
  const [card, setCard] = useState<ModelCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    load().then((c) => { if (current) setCard(c); }, (e: unknown) => { if (current) setError(errorMessage(e)); });
    return () => { current = false; };
  }, [load]);

  if (error) return <p className="field-error" role="alert">{error}</p>;
  if (!card) return <p className="hint">{t('card.loading')}</p>;
  const { pretraining, transfer } = card;
  return (
    <div className="model-card">
      <p>{card.summary}</p>
      <details>
      <summary>{t('card.summary', { name: card.name })}</summary>
      <dl>
        <dt>{t('card.architecture')}</dt><dd>{t('card.architectureValue', { architecture: card.architecture, parameters: formatNumber(card.parameters) })} <code>{card.featureLayer}</code></dd>
        <dt>{t('card.input')}</dt><dd>{card.preprocessing}</dd>
        <dt>{t('card.pretrainedOn')}</dt>
        <dd>
          {t('card.pretraining', {
            dataset: pretraining.dataset, classes: pretraining.classes.join(', '), train: formatNumber(pretraining.trainImages),
            validation: formatNumber(pretraining.validationImages), epochs: pretraining.epochs, accuracy: pct(pretraining.validationAccuracy),
          })}
        </dd>
        <dt>{t('card.madeBy')}</dt><dd><code>{card.command}</code> {t('card.madeOn', { backend: pretraining.backend, seconds: formatNumber(pretraining.seconds), date: card.createdAt.slice(0, 10) })}</dd>
      </dl>
      <div className="table-scroll">
      <table aria-label={t('card.comparisonLabel')}>
        <caption>
          {t('card.comparisonCaption', { dataset: transfer.dataset, epochs: transfer.epochs, seeds: transfer.seeds.join(', ') })}
        </caption>
        <thead>
          <tr><th scope="col">{t('card.start')}</th><th scope="col">{t('card.mean')}</th><th scope="col">{t('card.perSeed')}</th><th scope="col">{t('card.byEpoch')}</th></tr>
        </thead>
        <tbody>
          {transfer.arms.map((arm) => (
            <tr key={arm.strategy}>
              <th scope="row">{arm.label}</th>
              <td>{pct(arm.meanFinalValidationAccuracy)}</td>
              <td>{arm.finalValidationAccuracy.map(pct).join(', ')}</td>
              <td>{arm.meanValidationAccuracyByEpoch.map(pct).join(' → ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      </details>
    </div>
  );
}
