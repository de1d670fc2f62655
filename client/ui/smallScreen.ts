/**
 * The game is one 1600×900 stage shrunk to the window. Below ~0.55 of its size its body text
 * (14 stage px) is under 8 CSS px and its touch targets (54 stage px) under 30: too small to read
 * or tap, whatever the pixel density. A window that small (not a phone) says so, in its language,
 * with the size the text would have here, at the page's own size (not scaled with the stage), and
 * offers to go on anyway (remembered for the tab).
 * A phone is played held sideways, where a live round docks its composer at a finger's size
 * (overlay.ts PHONE_SIDEWAYS); held upright the game asks to be turned (the rotate prompt: no way on,
 * as upright the stage would be ×0.24), but not the menu, a page laid out on the window in one
 * column (overlay.ts PHONE_UPRIGHT). CSS shows each (styles.css `.small-screen`, `.rotate-prompt`),
 * so turning the phone or making the window bigger hides it by itself.
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { STAGE } from '../theme.ts';
import { h } from './dom.ts';

const DISMISSED = 'tcp-dojo.small-screen-dismissed';
/** The stage's usual body text (the composer's prompt, the feedback, the menu's cards). */
const BODY_TEXT_PX = 14;

export function mountSmallScreenNotice(root: HTMLElement = document.body): void {
  mountRotatePrompt(root);
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

/** A phone held upright: turn it sideways (styles.css shows this only there). */
function mountRotatePrompt(root: HTMLElement): void {
  const title = h('p', { class: 'rotate-title', id: 'rotate-title', testid: 'rotate-title' });
  const body = h('p', { class: 'rotate-body', testid: 'rotate-body' });
  const hint = h('p', { class: 'rotate-hint', testid: 'rotate-hint' });
  const prompt = h('div', { class: 'rotate-prompt', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'rotate-title', testid: 'rotate-prompt' }, h('div', { class: 'rotate-phone', 'aria-hidden': 'true' }), title, body, hint);
  const words = (): void => {
    title.textContent = t('rotate.title');
    body.textContent = t('rotate.body');
    hint.textContent = t('rotate.hint');
  };
  words();
  bus.on('language-changed', words);
  root.append(prompt);
}
