/**
 * i18next with our two first-class languages. The choice is remembered in localStorage and can be
 * changed at any moment; `language-changed` on the bus tells scenes and overlays to re-label.
 */
import i18next from 'i18next';
import { bus } from '../events.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { addHanSpacing } from './hanSpacing.ts';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };

const STORAGE_KEY = 'tcp-dojo.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be blocked (private mode); fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const i18n = i18next.createInstance();

export async function initI18n(): Promise<void> {
  await i18n.init({
    lng: initialLang(),
    fallbackLng: 'en',
    keySeparator: false,
    nsSeparator: false,
    // Our strings go into textContent / Phaser Text, never innerHTML, so no HTML escaping.
    interpolation: { escapeValue: false },
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  });
  addHanSpacing(i18n);
  document.documentElement.lang = currentLang();
}

export function currentLang(): Lang {
  const lng = i18n.language;
  return isLang(lng) ? lng : 'en';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, but still switched.
  }
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  bus.emit('language-changed', { lang });
}

/** Points with their sign, as a score line reads them: +6, +0, −1 (a true minus sign). */
export function signed(n: number): string {
  return n < 0 ? `\u2212${-n}` : `+${n}`;
}

/** Translate a key we own; a string key from data (scenario, call) is checked at runtime. */
export function t(key: MessageKey | string, params?: Record<string, string | number>): string {
  return params ? i18n.t(key, params) : i18n.t(key);
}
