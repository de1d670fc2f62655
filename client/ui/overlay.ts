/**
 * The HTML layer over the canvas. It is laid out on the same 1600×900 stage as the scenes and
 * scaled with the canvas, so a button placed over a Phaser panel stays over it at any window size.
 * Screens mount into it and get back an unmount function.
 */
import type Phaser from 'phaser';
import { STAGE } from '../theme.ts';
import { fitAll, refitOnChange } from './fit.ts';

let root: HTMLElement | null = null;

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
    // A new window shape can switch the touch layout (client/styles.css), whose sizes differ: refit.
    fitAll(root);
  };
  game.scale.on('resize', align);
  window.addEventListener('resize', () => requestAnimationFrame(align));
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
