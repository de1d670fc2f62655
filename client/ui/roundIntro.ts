/**
 * The card that opens every round of a duel, over the wire panel: which host each player plays
 * (and that roles swapped, when they did), the opponent's name, and the room's rules. Both players
 * see it before their first move; it goes at "Let's play" or with the player's first move.
 */
import type { RoomSettingsView } from '../../server/rooms/roomSettings.ts';
import { t } from '../i18n/index.ts';
import { ruleLines } from './roomRules.ts';
import { GAME_LAYOUT as L } from '../scenes/gameLayout.ts';
import { h, present } from './dom.ts';
import { fitAll } from './fit.ts';

export interface RoundIntro {
  roundNumber: number;
  you: 'client' | 'server';
  /** '' when the room shows no name (the card then says "your opponent"). */
  opponent: string;
  swapped: boolean;
  /** The room's rules, put in words in the current language each time the card is drawn. */
  settings: RoomSettingsView;
}

export interface RoundIntroCard {
  element: HTMLElement;
  show: (intro: RoundIntro) => void;
  hide: () => void;
  relabel: () => void;
  /** Keep the card's top edge below this line of the game layer (a banner's lower edge; 0: none). */
  keepBelow: (y: number) => void;
}

const hostName = (side: 'client' | 'server'): string => t(side === 'client' ? 'host.client' : 'host.server');

export function createRoundIntro(): RoundIntroCard {
  const card = h('section', { class: 'panel round-intro', testid: 'round-intro', role: 'dialog', 'aria-label': t('intro.title', { n: 1 }) });
  card.hidden = true;
  // Over the wire panel, below its title; its button stays in the band between the wire's title and
  // legend (no text there to cover), and the rules may run on over the panels below.
  const box = L.wire;
  const top = box.y + 28;
  card.style.cssText = `left:${box.x + 24}px;top:${top}px;width:${box.width - 48}px`;
  // A banner on the wire panel's top edge ("your opponent is back") is news over the game, and a
  // card under it would lose its top edge and title: the card moves down to clear it, and back up
  // when it goes.
  const BANNER_GAP = 8;
  let shown: RoundIntro | null = null;
  const render = (): void => {
    const i = shown;
    if (!i) return;
    const other = i.you === 'client' ? 'server' : 'client';
    card.replaceChildren(...present(
      h('header', {},
        h('h2', { 'data-fit': '' }, t('intro.title', { n: i.roundNumber })),
        h('button', { type: 'button', class: 'primary', testid: 'round-intro-ok', onclick: () => hide() }, t('intro.ok'))),
      i.swapped ? h('p', { class: 'swapped', testid: 'round-intro-swapped' }, t('intro.swapped', { host: hostName(i.you) })) : null,
      h('p', { class: 'roles', testid: 'round-intro-roles' }, t('intro.roles', { you: hostName(i.you), name: i.opponent || t('turn.opponent'), other: hostName(other) })),
      h('ul', { class: 'rules', testid: 'round-intro-rules' }, ...ruleLines(i.settings).map((r) => h('li', {}, r))),
    ));
    requestAnimationFrame(() => fitAll(card));
  };
  const hide = (): void => {
    card.hidden = true;
    shown = null;
  };
  return {
    element: card,
    show: (intro) => {
      shown = intro;
      card.hidden = false;
      render();
    },
    hide,
    relabel: render,
    keepBelow: (y) => {
      const want = `${Math.max(top, y > 0 ? y + BANNER_GAP : 0)}px`;
      if (card.style.top !== want) card.style.top = want;
    },
  };
}
