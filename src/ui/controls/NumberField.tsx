import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, i18n } from '../../common/i18n/i18n';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  disabled?: boolean;
  onCommit: (value: number) => void;
}

/** A number input that refuses invalid values in place, with the reason, and commits only valid ones. */
export function NumberField({ label, value, min, max, step, integer, disabled, onCommit }: NumberFieldProps) {
  // Re-renders when the language changes, so the refusal below reads in the new language.
  useTranslation('controls');
  const [text, setText] = useState(String(value));
  const errorId = useId();
  useEffect(() => setText(String(value)), [value]);
  const error = validate(text, min, max, integer);
  return (
    <div className="number-field">
      <label>
        {label}{' '}
        <input
          type="number" inputMode="decimal" value={text} min={min} max={max} step={step} disabled={disabled}
          aria-invalid={error !== null} aria-describedby={error ? errorId : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => { if (validate(text, min, max, integer) === null && Number(text) !== value) onCommit(Number(text)); }}
          onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
        />
      </label>
      {error && <span id={errorId} className="field-error" role="alert">{error}</span>}
    </div>
  );
}

export function validate(text: string, min: number, max: number, integer?: boolean): string | null {
  if (text.trim() === '') return i18n.t('controls:number.empty');
  const n = Number(text);
  if (!Number.isFinite(n)) return i18n.t('controls:number.notANumber');
  if (integer && !Number.isInteger(n)) return i18n.t('controls:number.whole');
  if (n < min) return i18n.t('controls:number.atLeast', { min: formatNumber(min) });
  if (n > max) return i18n.t('controls:number.atMost', { max: formatNumber(max) });
  return null;
}
