import { useTab } from '../../store/tabStore';
import { useTranslation } from 'react-i18next';

/**
 * Shown when the studio is open in another tab: at load ('elsewhere'), or after another tab took it over
 * ('lost'). Taking it back here is one click; the other tab is then told and stops.
 */
export function OtherTabDialog({ state, onUseHere }: { state: 'elsewhere' | 'lost'; onUseHere: () => void }) {
  const { t } = useTranslation('controls');
  const claim = useTab((s) => s.claim);
  const takeOver = async () => {
    if ((await claim(true)) !== 'owner') return;
    // A tab that lost the studio reloads, so it reads the datasets and runs as the other tab left them.
    if (state === 'lost') location.reload();
    else onUseHere();
  };
  return (
    <div className="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="other-tab-title" className="dialog">
        <h2 id="other-tab-title">{t('otherTab.title')}</h2>
        <p>
          {t(state === 'elsewhere' ? 'otherTab.elsewhere' : 'otherTab.lost')}
        </p>
        <button type="button" onClick={() => void takeOver()}>
          {t(state === 'elsewhere' ? 'otherTab.useHere' : 'otherTab.useHereAgain')}
        </button>
        <p className="hint">{t('otherTab.hint')}</p>
      </div>
    </div>
  );
}
