/** The language switch, always on screen (top right), remembered by i18n/index.ts. */
import { bus } from '../events.ts';
import { currentLang, LANGS, setLang, t } from '../i18n/index.ts';
import { h } from './dom.ts';

export function mountLangSwitch(root: HTMLElement): void {
  const group = h('div', { class: 'lang-switch', role: 'group', testid: 'lang-switch' });
  const render = (): void => {
    group.setAttribute('aria-label', t('lang.label'));
    group.replaceChildren(
      ...LANGS.map((lang) =>
        h(
          'button',
          {
            type: 'button',
            class: lang === currentLang() ? 'on' : '',
            'aria-pressed': lang === currentLang() ? 'true' : 'false',
            lang,
            testid: `lang-${lang}`,
            onclick: () => void setLang(lang),
          },
          t(`lang.${lang}`),
        ),
      ),
    );
  };
  render();
  bus.on('language-changed', render);
  root.append(group);
}
