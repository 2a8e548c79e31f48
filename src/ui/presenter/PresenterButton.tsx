import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PresenterView } from './PresenterView';

/** Opens the presenter view; closing it puts the focus back on this button. */
export function PresenterButton() {
  const { t } = useTranslation('presenter');
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    // After the dialog is gone: a closing modal dialog hands the focus back on its own, but not always to us.
    requestAnimationFrame(() => button.current?.focus());
  };
  return (
    <>
      <button type="button" ref={button} className="presenter-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>{t('open')}</button>
      {open && <PresenterView onClose={close} />}
    </>
  );
}
