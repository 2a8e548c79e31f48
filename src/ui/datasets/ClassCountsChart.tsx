import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';

/** Images per class, stacked by split: the first place to see an imbalance. */
export function ClassCountsChart({ classNames, train, validation, test }: { classNames: string[]; train: number[]; validation: number[]; test: number[] }) {
  const { t } = useTranslation('data');
  const data = classNames.map((name, i) => ({ name, train: train[i], validation: validation[i], test: test[i] }));
  const hasTest = test.some((n) => n > 0);
  return (
    <figure className="chart" aria-label={t('counts.label')}>
      <figcaption>{t('counts.title')}</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(140, 60 + classNames.length * 6)}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} />
          <YAxis allowDecimals={false} width={44} />
          <Tooltip />
          <Legend />
          <Bar dataKey="train" name={t('splits.train')} stackId="split" fill="#1f6feb" isAnimationActive={false} />
          <Bar dataKey="validation" name={t('splits.validation')} stackId="split" fill="#e8762d" isAnimationActive={false} />
          {hasTest && <Bar dataKey="test" name={t('splits.test')} stackId="split" fill="#8a63d2" isAnimationActive={false} />}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
