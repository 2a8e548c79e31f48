import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from '../../common/i18n/catalogues';
import { currentLanguage, setLanguage } from '../../common/i18n/i18n';

/** Picks the studio's language; the first visit follows the browser's (i18next's detector). */
export function LanguagePicker() {
  const { t } = useTranslation('studio');
  return (
    <label className="language-picker">
      {t('language.label')}{' '}
      <select value={currentLanguage()} onChange={(event) => void setLanguage(event.target.value as Language)}>
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>{LANGUAGE_NAMES[language]}</option>
        ))}
      </select>
    </label>
  );
}
