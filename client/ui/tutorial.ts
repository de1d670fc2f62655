/**
 * The first-time tutorial: step cards over a live practice handshake (coach mode, textbook bot, the
 * player as the client host). Each card lights one part of the screen; the first three advance with
 * Next, the composer card waits for the player's first move, and the feedback card appears once the
 * judge has answered it, so the player reads about feedback while looking at their own.
 * Skipping or finishing remembers the tutorial as done (the menu then offers to replay it).
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { GAME_LAYOUT as L } from '../scenes/gameLayout.ts';
import { h, present } from './dom.ts';
import { fingerPointer } from './finger.ts';
import { fitAll } from './fit.ts';
import { mountLayer } from './overlay.ts';

export const TUTORIAL_KEY = 'tcp-dojo.tutorial';

export function tutorialDone(): boolean {
  try {
    return localStorage.getItem(TUTORIAL_KEY) === 'done';
  } catch {
    return false;
  }
}

function markDone(): void {
  try {
    localStorage.setItem(TUTORIAL_KEY, 'done');
  } catch {
    // Private mode without storage: the tutorial simply shows again next time.
  }
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How a step ends: the Next button, the player's first judged move, or the Finish button. */
type Advance = 'next' | 'first-move' | 'finish';

interface Step {
  id: 'host' | 'wire' | 'graphs' | 'composer' | 'feedback' | 'done';
  /** The part of the stage to light; null: the card stands alone. */
  spot: Box | null;
  /**
   * An HTML panel's test id: its real box is lit instead of `spot`, because its size depends on the
   * device (on a touch screen the composer grows into the letterbox band). Canvas panels have no
   * element; their layout box is exact.
   */
  target?: string;
  card: { x: number; y: number; width: number };
  advance: Advance;
}

/** The live round's boxes (Game.ts: the flow graph is shortened to make room for feedback). */
const LIVE_LADDER: Box = { ...L.ladder, height: 300 };
const FEEDBACK: Box = { x: L.ladder.x, y: L.ladder.y + 312, width: L.ladder.width, height: L.ladder.height - 312 };
const GRAPHS: Box = { x: LIVE_LADDER.x, y: LIVE_LADDER.y, width: L.states.x + L.states.width - LIVE_LADDER.x, height: L.states.height };

export const TUTORIAL_STEPS: readonly Step[] = [
  { id: 'host', spot: L.hostClient, card: { x: 300, y: 330, width: 520 }, advance: 'next' },
  { id: 'wire', spot: L.wire, card: { x: 330, y: 330, width: 540 }, advance: 'next' },
  { id: 'graphs', spot: GRAPHS, card: { x: 300, y: 84, width: 600 }, advance: 'next' },
  { id: 'composer', spot: L.composer, target: 'composer', card: { x: 660, y: 300, width: 500 }, advance: 'first-move' },
  { id: 'feedback', spot: FEEDBACK, target: 'feedback-panel', card: { x: 680, y: 540, width: 500 }, advance: 'next' },
  { id: 'done', spot: null, card: { x: 560, y: 320, width: 520 }, advance: 'finish' },
];

const FEEDBACK_STEP = TUTORIAL_STEPS.findIndex((s) => s.id === 'feedback');

/** Cards that name keys (S A F R, Enter, W, H): on a touch screen they say what to tap instead. */
const TOUCH_BODIES: ReadonlySet<Step['id']> = new Set(['composer', 'done']);
const bodyKey = (id: Step['id']): string => (TOUCH_BODIES.has(id) && fingerPointer().matches ? `tutorial.${id}.bodyTouch` : `tutorial.${id}.body`);

/** An element's box in the stage pixels of `layer` (the overlay scales the stage into the window). */
function stageBox(layer: HTMLElement, el: Element): Box | null {
  const r = el.getBoundingClientRect();
  const origin = layer.getBoundingClientRect();
  const k = origin.width / layer.offsetWidth;
  if (!(k > 0) || r.width === 0 || r.height === 0) return null;
  return { x: (r.left - origin.left) / k, y: (r.top - origin.top) / k, width: r.width / k, height: r.height / k };
}

export function mountTutorial(): { unmount: () => void } {
  let index = 0;
  const { layer, unmount: removeLayer } = mountLayer('tutorial', () => undefined);
  layer.dataset['testid'] = 'tutorial';

  const close = (): void => {
    markDone();
    unmount();
  };
  const go = (next: number): void => {
    index = Math.min(next, TUTORIAL_STEPS.length - 1);
    render();
  };

  // The lit box follows its panel: measured when the card shows, and again whenever the panel's
  // size or the window changes (a rotated tablet, the touch layout's taller composer).
  let spotEl: HTMLElement | null = null;
  let watched: Element | null = null;
  const resized = new ResizeObserver(() => placeSpot());
  const placeSpot = (): void => {
    const step = TUTORIAL_STEPS[index];
    if (!step?.spot || !spotEl) return;
    const target = step.target ? document.querySelector(`[data-testid="${step.target}"]`) : null;
    if (target !== watched) {
      resized.disconnect();
      if (target) resized.observe(target);
      watched = target;
    }
    const box = (target && stageBox(layer, target)) ?? step.spot;
    spotEl.style.cssText = `left:${box.x - 6}px;top:${box.y - 6}px;width:${box.width + 12}px;height:${box.height + 12}px`;
  };
  const onWindowResize = (): void => {
    requestAnimationFrame(placeSpot);
  };

  const render = (): void => {
    const step = TUTORIAL_STEPS[index];
    if (!step) return;
    const spot = step.spot ? h('div', { class: 'tutorial-spot', testid: 'tutorial-spot', 'aria-hidden': 'true' }) : h('div', { class: 'tutorial-dim', 'aria-hidden': 'true' });
    spotEl = step.spot ? spot : null;
    const primary =
      step.advance === 'next'
        ? h('button', { type: 'button', class: 'primary', testid: 'tutorial-next', onclick: () => go(index + 1) }, t('tutorial.next'), ' →')
        : step.advance === 'finish'
          ? h('button', { type: 'button', class: 'primary', testid: 'tutorial-finish', onclick: close }, t('tutorial.finish'))
          : h('p', { class: 'tutorial-wait', testid: 'tutorial-wait', role: 'status' }, t('tutorial.waitMove'));
    const card = h(
      'section',
      { class: 'panel tutorial-card', testid: 'tutorial-card', 'data-step': step.id, role: 'dialog', 'aria-live': 'polite', 'aria-labelledby': 'tutorial-title' },
      h('p', { class: 'tutorial-progress', 'data-fit': '' }, t('tutorial.progress', { n: index + 1, total: TUTORIAL_STEPS.length })),
      h('h2', { id: 'tutorial-title', 'data-fit': '' }, t(`tutorial.${step.id}.title`)),
      h('p', { class: 'tutorial-body' }, t(bodyKey(step.id))),
      h('div', { class: 'tutorial-actions' }, ...present(
        step.advance === 'finish' ? null : h('button', { type: 'button', class: 'small', testid: 'tutorial-skip', onclick: close }, t('tutorial.skip')),
        primary,
      )),
    );
    card.style.cssText = `left:${step.card.x}px;top:${step.card.y}px;width:${step.card.width}px`;
    layer.replaceChildren(spot, card);
    placeSpot();
    requestAnimationFrame(() => fitAll(layer));
  };

  // The player's first judged move (accepted or refused by the coach) opens the feedback card,
  // whichever card was showing: a player who already knows the screen is not held back.
  const onJudged = (): void => {
    if (index < FEEDBACK_STEP) go(FEEDBACK_STEP);
  };
  const offs = [bus.on('language-changed', render), bus.on('round:verdict', onJudged), bus.on('round:refused', onJudged)];
  window.addEventListener('resize', onWindowResize);
  const unmount = (): void => {
    offs.forEach((off) => off());
    window.removeEventListener('resize', onWindowResize);
    resized.disconnect();
    removeLayer();
  };
  render();
  return { unmount };
}
