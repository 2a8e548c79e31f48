import { useTab } from '../../store/tabStore';

/**
 * Shown when the studio is open in another tab: at load ('elsewhere'), or after another tab took it over
 * ('lost'). Taking it back here is one click; the other tab is then told and stops.
 */
export function OtherTabDialog({ state, onUseHere }: { state: 'elsewhere' | 'lost'; onUseHere: () => void }) {
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
        <h2 id="other-tab-title">Thaw is open in another tab</h2>
        <p>
          {state === 'elsewhere'
            ? 'Only one tab at a time can use the studio, so two tabs never overwrite each other\'s datasets, runs and checkpoints.'
            : 'Another tab took over the studio. This tab stopped its training and imports; what it saved is kept.'}
        </p>
        <button type="button" onClick={() => void takeOver()}>
          {state === 'elsewhere' ? 'Use Thaw in this tab' : 'Use Thaw here again'}
        </button>
        <p className="hint">The other tab will stop and say so.</p>
      </div>
    </div>
  );
}
