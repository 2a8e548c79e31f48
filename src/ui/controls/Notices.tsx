import { useStudio } from '../../store/studioStore';
import { ErrorNotice } from './ErrorNotice';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      <ErrorNotice part="engine" />
      {notices.map((n, i) => (
        <div className="notice" key={i}>{n}</div>
      ))}
    </div>
  );
}
