/**
 * On a phone held upright the game's 16:9 stage shrinks to a quarter of its size, text to 3-4 px:
 * the page asks to turn the phone sideways (a laptop or tablet is best), in the page's language,
 * over the stage (at the phone's own size, not scaled with the stage). Turned sideways, it goes
 * away by itself (CSS: styles.css `.rotate-hint`); "Continue anyway" hides it for this tab.
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h } from './dom.ts';

const DISMISSED = 'tcp-dojo.rotate-hint-dismissed';

export function mountRotateHint(root: HTMLElement = document.body): void {
  if (sessionStorage.getItem(DISMISSED) === '1') return;
  const title = h('p', { class: 'rotate-title' });
  const body = h('p', { class: 'rotate-body' });
  const button = h('button', { type: 'button', testid: 'rotate-continue' });
  const hint = h('div', { class: 'rotate-hint', role: 'dialog', 'aria-modal': 'true', testid: 'rotate-hint' }, h('div', { class: 'rotate-phone', 'aria-hidden': 'true' }), title, body, button);
  const words = (): void => {
    title.textContent = t('rotate.title');
    body.textContent = t('rotate.body');
    button.textContent = t('rotate.continue');
  };
  words();
  button.addEventListener('click', () => {
    sessionStorage.setItem(DISMISSED, '1');
    hint.remove();
  });
  bus.on('language-changed', words);
  root.append(hint);
}
