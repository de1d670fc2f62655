/**
 * The state diagram's glossary: what a state means, how a connection gets there and how it leaves
 * (shared/game/stateGlossary.ts), in the UI's language.
 * - Live play: hovering a state on the diagram shows its card beside the diagram, over the flow
 *   graph. The "States explained" button on the diagram opens the card of the state the
 *   shown host is in, to keep; ‹ › go through all eleven. (On a touch screen the diagram's boxes are
 *   too small for a finger, so the button is the way in; on a phone held sideways the
 *   docked composer has its own (composer.ts), and the card is drawn at a page's scale beside it.)
 * - Replay and the demo have no composer, so the card is docked in its place: it explains the
 *   state the shown host is in at that moment of the round, or the state hovered or picked below.
 */
import { STATE_GLOSSARY } from '../../shared/game/stateGlossary.ts';
import { TCP_STATES, type TcpState } from '../../shared/tcp/states.ts';
import { bus } from '../events.ts';
import { currentLang, t } from '../i18n/index.ts';
import { GAME_LAYOUT } from '../scenes/gameLayout.ts';
import { h, present } from './dom.ts';
import { fingerPointer } from './finger.ts';

export interface Glossary {
  element: HTMLElement;
  destroy: () => void;
}

export function createGlossary(opts: { docked: boolean }): Glossary {
  const panel = h('aside', { class: `panel glossary ${opts.docked ? 'docked' : 'popover'}`, testid: 'glossary', 'aria-live': 'polite' });
  let hovered: TcpState | null = null;
  let pinned: TcpState | null = null;
  let current: { state: TcpState; host: string } | null = null;

  const place = (): void => {
    if (opts.docked) {
      const C = GAME_LAYOUT.composer;
      panel.style.cssText = `left:${C.x}px;top:${C.y}px;width:${C.width}px;height:${C.height}px`;
      return;
    }
    // Beside the diagram, over the flow graph: the state being read, and the whole diagram, stay
    // in view, and so does the feedback panel below the graph (its header and the verdict being
    // read). Its height follows its words up to the graph's box; longer words scroll in the body
    // (a scroller without a background, which does not punch a hole in the canvas: feedbackPanel.ts).
    const G = GAME_LAYOUT.liveLadder;
    panel.style.cssText = `left:${G.x}px;top:${G.y}px;width:${G.width}px;max-height:${G.height}px`;
  };

  const browse = (by: number): void => {
    const from = pinned ?? hovered ?? current?.state ?? 'CLOSED';
    pinned = TCP_STATES[(TCP_STATES.indexOf(from) + by + TCP_STATES.length) % TCP_STATES.length] ?? 'CLOSED';
    render();
  };

  const render = (): void => {
    const state = pinned ?? hovered ?? (opts.docked ? current?.state ?? null : null);
    panel.hidden = state === null;
    panel.dataset['state'] = state ?? '';
    if (!state) return;
    const lang = currentLang();
    const entry = STATE_GLOSSARY[state];
    const showingCurrent = opts.docked && !pinned && !hovered && current;
    const meaning = h('p', { class: 'meaning', testid: 'glossary-meaning' }, entry.meaning[lang]);
    // Over the flow graph the card has the graph's 300 stage px and no more (place()), and on a
    // touch screen its buttons are as tall as a finger needs: they sit together at the head's
    // right, and the state's name, the source and the first lines of its meaning run beside them
    // instead of under a row of their own.
    const head = opts.docked
      ? h('div', { class: 'glossary-head' }, h('h2', {}, t('glossary.title')))
      : h('div', { class: 'glossary-head' },
          h('div', { class: 'glossary-nav' },
            h('button', { type: 'button', class: 'small icon', testid: 'glossary-prev', 'aria-label': t('glossary.prev'), onclick: () => browse(-1) }, '‹'),
            h('button', { type: 'button', class: 'small icon', testid: 'glossary-next', 'aria-label': t('glossary.next'), onclick: () => browse(1) }, '›'),
            h('button', { type: 'button', class: 'small icon close', testid: 'glossary-close', 'aria-label': t('glossary.close'), onclick: () => { pinned = null; hovered = null; render(); } }, '×'),
          ),
          h('div', { class: 'glossary-title' }, h('h2', { testid: 'glossary-state' }, state), h('span', { class: 'source dim' }, t('glossary.source'))),
          meaning,
        );
    const ways = h('div', { class: 'glossary-ways' },
      h('div', {}, h('h3', {}, t('glossary.enter')), h('ul', { testid: 'glossary-enter' }, ...entry.enter.map((e) => h('li', {}, ...whole(e[lang]))))),
      h('div', {}, h('h3', {}, t('glossary.leave')), h('ul', { testid: 'glossary-leave' }, ...entry.leave.map((e) => h('li', {}, ...whole(e[lang]))))),
    );
    panel.replaceChildren(head, h('div', { class: 'glossary-body', testid: 'glossary-body' }, ...present(
      opts.docked ? h('p', { class: 'glossary-state', testid: 'glossary-state' }, state, showingCurrent ? h('span', { class: 'dim' }, ` · ${t('glossary.now', { host: current?.host ?? '' })}`) : null) : null,
      opts.docked ? meaning : null,
      ways,
      opts.docked ? h('p', { class: 'source dim' }, t('glossary.source')) : null,
      opts.docked
        ? h('div', { class: 'glossary-pick' },
            h('h3', {}, t(fingerPointer().matches ? 'glossary.pickTouch' : 'glossary.pick')),
            h('div', { class: 'glossary-states' }, ...TCP_STATES.map((s) =>
              h('button', { type: 'button', class: `small${s === state ? ' on' : ''}`, testid: `glossary-pick-${s}`, 'aria-pressed': String(s === pinned), onclick: () => { pinned = pinned === s ? null : s; render(); } }, s))))
        : null,
    )));
    place();
  };

  /** Open the card of the state the shown host is in (the diagram's button). */
  const open = (): void => {
    pinned = pinned ? null : (current?.state ?? 'CLOSED');
    render();
  };

  const offs = [
    bus.on('states:hover', ({ state }) => {
      hovered = state;
      render();
    }),
    bus.on('states:inspect', ({ state }) => {
      pinned = pinned === state ? null : state;
      render();
    }),
    bus.on('glossary:open', open),
    bus.on('states:current', (c) => {
      current = c;
      if (opts.docked) render();
    }),
    bus.on('language-changed', render),
  ];
  render();
  return {
    element: panel,
    destroy: () => {
      offs.forEach((off) => off());
      panel.remove();
    },
  };
}

/** A state's name, longest first so FIN-WAIT-1 is not read as a shorter name's prefix. */
const STATE_NAME = new RegExp(`(${[...TCP_STATES].sort((a, b) => b.length - a.length).join('|')})`);

/**
 * A line's words with every state's name kept on one line: a narrow column would otherwise break
 * FIN-WAIT-1 at its hyphen ("FIN-" / "WAIT-1").
 */
function whole(text: string): (string | HTMLElement)[] {
  return text.split(STATE_NAME).map((part, i) => (i % 2 === 1 ? h('span', { class: 'state-name' }, part) : part)).filter((p) => p !== '');
}
