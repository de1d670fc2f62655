/**
 * The game is one 1600×900 stage shrunk to the window. Below ~0.55 of its size (a phone, upright or
 * held sideways: 844×390 is ×0.43) its body text (14 stage px) is under 8 CSS px and its touch
 * targets (54 stage px) under 30: too small to read or tap, whatever the phone's pixel density. The
 * page says so, in its language, with the size the text would have here, at the page's own size
 * (not scaled with the stage), and offers to go on anyway (remembered for the tab). CSS shows it
 * (styles.css `.small-screen`), so a window made bigger hides it by itself.
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { STAGE } from '../theme.ts';
import { h } from './dom.ts';

const DISMISSED = 'tcp-dojo.small-screen-dismissed';
/** The stage's usual body text (the composer's prompt, the feedback, the menu's cards). */
const BODY_TEXT_PX = 14;

export function mountSmallScreenNotice(root: HTMLElement = document.body): void {
  if (sessionStorage.getItem(DISMISSED) === '1') return;
  const title = h('p', { class: 'small-screen-title' });
  const body = h('p', { class: 'small-screen-body', testid: 'small-screen-body' });
  const button = h('button', { type: 'button', testid: 'small-screen-continue' });
  const notice = h('div', { class: 'small-screen', role: 'dialog', 'aria-modal': 'true', testid: 'small-screen' }, title, body, button);
  const words = (): void => {
    const scale = Math.min(innerWidth / STAGE.width, innerHeight / STAGE.height);
    title.textContent = t('smallScreen.title');
    body.textContent = t('smallScreen.body', { n: Math.max(1, Math.round(BODY_TEXT_PX * scale)) });
    button.textContent = t('smallScreen.continue');
  };
  words();
  button.addEventListener('click', () => {
    sessionStorage.setItem(DISMISSED, '1');
    notice.remove();
    removeEventListener('resize', words);
  });
  bus.on('language-changed', words);
  addEventListener('resize', words);
  root.append(notice);
}
