/**
 * "Leave this round?" before Menu or Esc takes a player out of a live round. In a duel the seat is
 * held for a while (server/rooms/seating.ts holdLeftSeat): the dialog says how long and how to
 * come back. Esc, or the default button, stays.
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h, present } from './dom.ts';
import { fitAll } from './fit.ts';
import { placeLangSwitch } from './overlay.ts';

export interface LeaveQuestion {
  /**
   * 'duel': the seat is held `holdSeconds`, joined again by `code` (or the menu's way back);
   * 'class': a class pair round (no way back into it: the bot plays on, the teacher starts the next
   * round); 'solo': practice or challenge.
   */
  kind: 'duel' | 'class' | 'solo';
  holdSeconds: number;
  code: string;
}

export interface ConfirmLeave {
  readonly open: boolean;
  ask: (q: LeaveQuestion, onLeave: () => void) => void;
  close: () => void;
  destroy: () => void;
}

export function createConfirmLeave(parent: HTMLElement): ConfirmLeave {
  const dim = h('div', { class: 'confirm-dim', testid: 'confirm-leave' });
  dim.hidden = true;
  parent.append(dim);
  let isOpen = false;
  let asked: { q: LeaveQuestion; onLeave: () => void } | null = null;
  /** Where the keyboard's focus was before the question: staying puts it back there, not on the page's start. */
  let before: HTMLElement | null = null;
  const close = (): void => {
    isOpen = false;
    asked = null;
    dim.hidden = true;
    dim.replaceChildren();
    placeLangSwitch();
    if (before?.isConnected) before.focus({ preventScroll: true });
    before = null;
  };
  const ask = (q: LeaveQuestion, onLeave: () => void): void => {
    if (!isOpen) before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    isOpen = true;
    asked = { q, onLeave };
    const stay = h('button', { type: 'button', class: 'primary', testid: 'confirm-leave-stay', onclick: close }, t('leave.stay'));
    const body = q.kind === 'class' ? t('leave.class')
      : q.kind === 'duel' ? (q.code ? t('leave.duelCode', { s: q.holdSeconds, code: q.code }) : t('leave.duel', { s: q.holdSeconds }))
      : t('leave.solo');
    dim.replaceChildren(
      h('section', { class: 'panel confirm-card', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-leave-title' },
        h('h2', { id: 'confirm-leave-title', 'data-fit': '' }, t('leave.title')),
        h('p', { testid: 'confirm-leave-body' }, body),
        h('div', { class: 'actions' }, ...present(
          stay,
          h('button', { type: 'button', class: 'danger', testid: 'confirm-leave-go', onclick: () => { close(); onLeave(); } }, t('leave.go')),
        )),
      ),
    );
    dim.hidden = false;
    // On a phone the question is a page over the whole window: the language switch comes onto it (overlay.ts).
    placeLangSwitch();
    stay.focus();
    requestAnimationFrame(() => fitAll(dim));
  };
  const offLang = bus.on('language-changed', () => {
    if (asked) ask(asked.q, asked.onLeave);
  });
  return {
    get open() {
      return isOpen;
    },
    ask,
    close,
    destroy: () => {
      offLang();
      dim.remove();
    },
  };
}
