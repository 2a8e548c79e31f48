import { useStudio } from '../../store/studioStore';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  const engineStatus = useStudio((s) => s.engineStatus);
  const engineError = useStudio((s) => s.engineError);
  const restart = useStudio((s) => s.restartEngine);
  return (
    <div className="notices" role="status" aria-live="polite">
      {engineStatus === 'crashed' && (
        <div className="notice error" role="alert">
          The training engine stopped: {engineError}. Your datasets and settings are safe.{' '}
          <button type="button" onClick={() => void restart()}>Restart engine</button>
        </div>
      )}
      {notices.map((n, i) => (
        <div className="notice" key={i}>{n}</div>
      ))}
    </div>
  );
}
