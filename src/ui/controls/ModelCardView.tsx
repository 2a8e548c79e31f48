import { errorMessage } from '../../common/errors';
import { useEffect, useState } from 'react';
import type { ModelCard } from '../../models/modelCard';
import { formatNumber } from '../../common/i18n/i18n';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The model card of a shipped backbone: what it learnt from, and the measured transfer comparison. */
export function ModelCardView({ load }: { load: () => Promise<ModelCard> }) {
  const [card, setCard] = useState<ModelCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    load().then((c) => { if (current) setCard(c); }, (e: unknown) => { if (current) setError(errorMessage(e)); });
    return () => { current = false; };
  }, [load]);

  if (error) return <p className="field-error" role="alert">{error}</p>;
  if (!card) return <p className="hint">Loading the model card…</p>;
  const { pretraining, transfer } = card;
  return (
    <div className="model-card">
      <p>{card.summary}</p>
      <details>
      <summary>Model card: {card.name}</summary>
      <dl>
        <dt>Architecture</dt><dd>{card.architecture}; {formatNumber(card.parameters)} parameters, features at <code>{card.featureLayer}</code></dd>
        <dt>Input</dt><dd>{card.preprocessing}</dd>
        <dt>Pretrained on</dt>
        <dd>
          {pretraining.dataset}: {pretraining.classes.join(', ')}; {formatNumber(pretraining.trainImages)} training and{' '}
          {formatNumber(pretraining.validationImages)} validation images, {pretraining.epochs} epochs, validation accuracy {pct(pretraining.validationAccuracy)}
        </dd>
        <dt>Made by</dt><dd><code>{card.command}</code> on {pretraining.backend}, {pretraining.seconds} s of pretraining, {card.createdAt.slice(0, 10)}</dd>
      </dl>
      <div className="table-scroll">
      <table aria-label="Transfer comparison">
        <caption>
          {transfer.dataset}: validation accuracy after {transfer.epochs} epochs with the default settings, seeds {transfer.seeds.join(', ')}
        </caption>
        <thead>
          <tr><th scope="col">Start</th><th scope="col">Mean</th><th scope="col">Per seed</th><th scope="col">By epoch (mean)</th></tr>
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
