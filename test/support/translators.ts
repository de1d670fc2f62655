/**
 * The UI's own texts in both languages, as i18next reads them in the browser (client/i18n), for
 * tests that check what a screen says: one translator per language.
 */
import i18next, { type i18n } from 'i18next';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { addHanSpacing } from '../../client/i18n/hanSpacing.ts';

export type Lang = 'en' | 'zh-CN';

export async function translator(lng: Lang): Promise<i18n> {
  const i = i18next.createInstance();
  await i.init({ lng, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false }, resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } } });
  addHanSpacing(i);
  return i;
}

export async function translators(): Promise<Record<Lang, i18n>> {
  return { en: await translator('en'), 'zh-CN': await translator('zh-CN') };
}
