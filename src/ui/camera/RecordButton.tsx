import { useRef, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useCamera } from '../../store/cameraStore';

/**
 * Hold to record (pointer held, or Space/Enter held), a short press for one frame: the first frame is
 * taken at once, the next ones at the chosen rate until release.
 */
export function RecordButton({ video, className, disabled }: { video: RefObject<HTMLVideoElement | null>; className: string; disabled: boolean }) {
  const { t } = useTranslation('camera');
  const start = useCamera((s) => s.startRecording);
  const stop = useCamera((s) => s.stopRecording);
  // A keyboard or pointer press already recorded; the click that follows it must not add a frame.
  const pressed = useRef(false);
  const begin = () => {
    if (disabled || !video.current) return;
    pressed.current = true;
    start(video.current);
  };
  const end = () => { void stop(); };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    if (!event.repeat) begin();
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    end();
  };
  // Assistive technology may click without key or pointer events: that click takes one frame.
  const onClick = () => {
    if (pressed.current) { pressed.current = false; return; }
    begin();
    end();
    pressed.current = false;
  };
  return (
    <button
      type="button" className="record" disabled={disabled} aria-label={className ? t('record.holdInto', { className }) : t('record.holdIntoAny')}
      onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); begin(); }}
      onPointerUp={end} onPointerCancel={end} onLostPointerCapture={end}
      onKeyDown={onKeyDown} onKeyUp={onKeyUp} onBlur={end} onClick={onClick}
    >
      {t('record.hold')}
    </button>
  );
}
