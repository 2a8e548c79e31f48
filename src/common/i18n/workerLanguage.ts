import { currentLanguage, i18n, setLanguage } from './i18n';
import type { Language } from './catalogues';

/**
 * Why the workers word their own messages rather than send keys for the page to word: what they
 * say reaches the page as an Error's message (comlink carries a thrown error's text only), as skip
 * reasons and notes stored in a dataset's manifest, and from deep inside data/, models/ and freeze/
 * code both workers share. Wording it where it is made, in the page's language, keeps every one of
 * those paths as it is. A message already shown keeps its language; the next one follows a switch.
 */
export interface SpeaksLanguage {
  /** The language the worker words its messages in from now on. */
  setLanguage(language: Language): Promise<void>;
}

/** Worker side: takes the page's language. */
export async function speak(language: Language): Promise<void> {
  await setLanguage(language);
}

/**
 * Page side: tells a worker the page's language now and at each switch; returns what stops it (the
 * worker terminated). A call that fails because the worker died is the crash handler's to report.
 */
export function followPageLanguage(worker: { setLanguage(language: Language): Promise<unknown> }): () => void {
  const tell = () => { worker.setLanguage(currentLanguage()).catch(() => undefined); };
  tell();
  i18n.on('languageChanged', tell);
  return () => i18n.off('languageChanged', tell);
}
