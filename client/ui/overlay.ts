/**
 * The HTML layer over the canvas. It is laid out on the same 1600×900 stage as the scenes and
 * scaled with the canvas, so a button placed over a Phaser panel stays over it at any window size.
 * Screens mount into it and get back an unmount function.
 */
import type Phaser from 'phaser';
import { GAME_LAYOUT } from '../scenes/gameLayout.ts';
import { STAGE } from '../theme.ts';
import { fitAll, refitOnChange } from './fit.ts';

let root: HTMLElement | null = null;
let realign: () => void = () => undefined;
/** The language switch (ui/langSwitch.ts): kept here, since a docked round holds it in its dock (dock()). */
let langSwitch: HTMLElement | null = null;

/**
 * Where the language switch is (ui/langSwitch.ts). Docked, it joins the round's controls at the
 * dock's top (gameHud.ts dockBar), or a replay's clock (replayDock.ts), at the dock's finger size. On a phone held sideways, while the
 * question to leave a round is open (ui/confirmLeave.ts: a page over the whole window, the dock
 * under it), it is on that page, at the page's scale, so that the question is read in the other
 * language as on a larger screen (where the switch stays over the dialog). Otherwise it is the
 * layer's own, over the stage's top right.
 */
function homeLangSwitch(layer: HTMLElement, sideways: boolean, docked: boolean): void {
  langSwitch ??= layer.querySelector<HTMLElement>(':scope > .lang-switch');
  const leaving = sideways ? layer.querySelector('.layer.game > .confirm-dim:not([hidden])') : null;
  const langSlot = leaving ?? (docked ? layer.querySelector(':is(.composer, .replay-dock) .dock-lang') : null);
  const langHome = langSlot ?? layer;
  if (langSwitch && langSwitch.parentElement !== langHome) langHome.append(langSwitch);
}

/** Put the language switch where it belongs now (homeLangSwitch): a page over the round opened or closed. */
export function placeLangSwitch(): void {
  if (!root) return;
  homeLangSwitch(root, matchMedia(PHONE_SIDEWAYS).matches, root.classList.contains('docked'));
}

/** Fit the layer to the stage again (a screen whose layout depends on what it shows: the dock). */
export function alignOverlay(): void {
  realign();
}

/**
 * A phone held sideways (a finger, a short and narrow landscape window; a tablet is 1024 px wide
 * or more): the 1600×900 stage shrinks to ×0.36-0.43 there, its controls to 20-23 CSS px. The live
 * round's composer is what the player works with, so it leaves the stage for a dock along the
 * window's right edge, at its own scale (a finger's size: see dock()), and the stage, without its
 * composer column, takes the rest of the window (client/styles.css `#ui.docked`). A replay docks its
 * step controls and the step's words there the same way (ui/replayDock.ts), the stage its overview.
 */
export const PHONE_SIDEWAYS = '(pointer: coarse) and (orientation: landscape) and (max-height: 500px) and (max-width: 1000px)';
/**
 * A phone held upright (a finger, a portrait window no wider than a large phone's; an upright
 * tablet is 744 px wide or more). The game asks to be turned there (ui/smallScreen.ts), but the
 * menu is a page: it is laid out on the window (below), in one column.
 */
export const PHONE_UPRIGHT = '(pointer: coarse) and (orientation: portrait) and (max-width: 540px)';
/** The stage's columns left of the composer's (the hosts, the wire, the states, the timers: 0-1180). */
export const DOCKED_STAGE_WIDTH = GAME_LAYOUT.composer.x - 12;
/**
 * The composer's scale in the dock: its 54-stage-px touch targets (client/styles.css, pointer: coarse)
 * at 46 CSS px, its 14 px text at 12; ×0.82 (44 CSS px) at the narrowest dock, 320 CSS px.
 */
const DOCK_SCALE = 0.85;
/**
 * A page on a phone (Results and Compare held sideways; the menu and its dialogs either way up): the
 * window's whole width and height at this scale of the stage (its 13-15 px text at 11-13 CSS px, its
 * 54 px touch targets at 46), scrolling, instead of ×0.24-0.43. The cards read before a round (the
 * waiting room, the round's card, the tutorial's) are drawn at it too, beside the docked composer.
 */
const PAGE_SCALE = 0.85;
/** A page's smallest text on a phone (CSS px): its `--floor` (client/styles.css) is this over PAGE_SCALE. */
export const PAGE_MIN_TEXT_CSS_PX = 12;
/** The top bar's height (stage px): a card over the game on a phone starts below it, so the bar's Menu stays at hand. */
const TOPBAR_HEIGHT = 60;

/**
 * Lay the dock out in stage px (the layer is scaled by `k`): from the stage's composer column to
 * the window's right edge, the window's whole height; the composer drawn at DOCK_SCALE (or what
 * its width allows), as wide as the dock at that scale, and scrolling when it is taller.
 */
function dock(layer: HTMLElement, canvas: DOMRect, k: number): void {
  const sideways = matchMedia(PHONE_SIDEWAYS).matches;
  const phone = sideways || matchMedia(PHONE_UPRIGHT).matches;
  // A live round's composer, or a replay's steps (ui/replayDock.ts): what the learner works with.
  const docked = sideways && layer.querySelector('.composer, .replay-dock') !== null;
  layer.classList.toggle('phone', phone);
  layer.classList.toggle('phone-sideways', sideways);
  layer.classList.toggle('docked', docked);
  homeLangSwitch(layer, sideways, docked);
  const set = (name: string, px: number): void => layer.style.setProperty(name, `${Math.round(px * 100) / 100}px`);
  const left = canvas.left + DOCKED_STAGE_WIDTH * k;
  if (phone) {
    // A page (Results, Compare, the menu: text to read, no game beside it): the whole window, at
    // PAGE_SCALE, its text no smaller than PAGE_MIN_TEXT_CSS_PX. In #ui's stage px: the window's edges
    // (--page-left, --page-top, --page-right, --page-bottom: from #ui's own), and its size at the scale.
    layer.style.setProperty('--page-scale', String(PAGE_SCALE / k));
    set('--page-floor', PAGE_MIN_TEXT_CSS_PX / PAGE_SCALE);
    set('--page-left', -canvas.left / k);
    set('--page-top', -canvas.top / k);
    set('--page-right', STAGE.width - (innerWidth - canvas.left) / k);
    set('--page-bottom', STAGE.height - (innerHeight - canvas.top) / k);
    set('--page-width', innerWidth / PAGE_SCALE);
    set('--page-height', innerHeight / PAGE_SCALE);
    // A card over the live round (client/styles.css #ui.docked): the window left of the dock, below the top bar.
    set('--beside-width', (docked ? left : innerWidth) / PAGE_SCALE);
    set('--beside-height', (innerHeight - canvas.top - TOPBAR_HEIGHT * k) / PAGE_SCALE);
  }
  // The on-screen keyboard up (the window shrinks under a field being typed in): the field stays in view.
  const typing = document.activeElement;
  const keepInView = phone && typing instanceof HTMLInputElement && typing.closest('.composer, .layer.menu, .layer.dialog') !== null;
  if (!docked) {
    if (keepInView) typing.scrollIntoView({ block: 'nearest' });
    return;
  }
  const width = innerWidth - left;
  const scale = Math.min(DOCK_SCALE, width / GAME_LAYOUT.composer.width);
  layer.style.setProperty('--dock-scale', String(scale / k));
  set('--dock-left', DOCKED_STAGE_WIDTH);
  set('--dock-top', -canvas.top / k);
  set('--dock-width', width / scale);
  set('--dock-height', innerHeight / scale);
  if (keepInView) typing.scrollIntoView({ block: 'nearest' });
}

export function overlayRoot(): HTMLElement {
  if (!root) throw new Error('overlay not created');
  return root;
}

export function createOverlay(parent: HTMLElement, game: Phaser.Game): HTMLElement {
  root = document.createElement('div');
  root.id = 'ui';
  root.style.width = `${STAGE.width}px`;
  root.style.height = `${STAGE.height}px`;
  parent.append(root);
  refitOnChange(root);
  const align = (): void => {
    const canvas = game.canvas;
    if (!root || !canvas) return;
    const rect = canvas.getBoundingClientRect();
    const host = parent.getBoundingClientRect();
    const k = rect.width / STAGE.width;
    root.style.transform = `translate(${rect.left - host.left}px, ${rect.top - host.top}px) scale(${k})`;
    // A shrunk stage raises its small text to the floor (client/styles.css: --floor), and
    // `.floored` lets the crowded panels make room for it.
    const floor = textFloor(k);
    root.style.setProperty('--floor', `${floor}px`);
    root.classList.toggle('floored', floor > 0);
    dock(root, rect, k);
    // A new window shape can switch the touch layout (client/styles.css), whose sizes differ: refit.
    fitAll(root);
  };
  game.scale.on('resize', align);
  window.addEventListener('resize', () => requestAnimationFrame(align));
  // A live round's composer mounted or gone: the phone's docked layout comes or goes with it.
  realign = () => {
    // The stage's box changes with it (client/styles.css): fit the canvas to it now. (refresh() alone
    // fits to the box Phaser last measured, and then measures the new one: its own check, every
    // half second, would find nothing changed and leave the canvas at the old size.)
    game.scale.getParentBounds();
    game.scale.refresh();
    requestAnimationFrame(align);
  };
  requestAnimationFrame(align);
  game.events.once('ready', align);
  return root;
}

/**
 * The smallest font size (stage px) the stage's text may have at scale `k`, so that a learner's
 * text is at least MIN_TEXT_CSS_PX on the device: a tablet's ×0.64 (1024×768) shows 12 px as 7.7 CSS
 * px. At ×0.78 and above (a 1280×720 laptop and larger) each text keeps its own size: 0. Under
 * ×0.55 (a phone, which the page says is too small: ui/smallScreen.ts) the stage could not hold its
 * text at 10 CSS px (23 stage px at ×0.43): it keeps its sizes too, and stays whole.
 */
export const MIN_TEXT_CSS_PX = 10;
export function textFloor(k: number): number {
  return k >= 0.55 && k < 0.78 ? Math.ceil((MIN_TEXT_CSS_PX / k) * 10) / 10 : 0;
}

/** A layer for one screen; removed (with its listeners) by the returned function. */
export function mountLayer(className: string, build: (layer: HTMLElement) => void): { layer: HTMLElement; unmount: () => void } {
  const layer = document.createElement('div');
  layer.className = `layer ${className}`;
  overlayRoot().append(layer);
  build(layer);
  requestAnimationFrame(() => fitAll(layer));
  return { layer, unmount: () => layer.remove() };
}
