import { imbalanceRatio, inverseFrequencyWeights } from '../../store/trainConfig';

/** Shown when the largest class has more than 3× the images of the smallest, with the weights that would counter it. */
export function ImbalanceWarning({ counts, classNames }: { counts: number[]; classNames: string[] }) {
  const ratio = imbalanceRatio(counts);
  if (ratio <= 3) return null;
  const weights = inverseFrequencyWeights(counts);
  return (
    <p className="warning" role="note" aria-label="Imbalance warning">
      The largest class has {ratio.toFixed(1)}× the images of the smallest. Consider class weights (
      {weights.map((w, i) => `${classNames[i]} ${w.toFixed(2)}`).join(', ')}) or oversampling, under Optimisation → Class balance.
    </p>
  );
}
