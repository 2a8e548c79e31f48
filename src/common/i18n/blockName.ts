import { i18n } from './i18n';

/**
 * A block's name in the page's language. The engine names blocks "Stem", "Block N" and "Head" (freeze/blocks.ts)
 * and those names stay the blocks' ids in records and tests; other names are the model's own and stay as they are.
 */
export function translatedBlockName(name: string): string {
  const numbered = /^Block (\d+)$/.exec(name);
  if (numbered) return i18n.t('layers:tree.block', { number: numbered[1] });
  if (name === 'Head') return i18n.t('layers:tree.head');
  if (name === 'Stem') return i18n.t('layers:tree.stem');
  return name;
}
