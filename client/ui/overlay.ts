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
    // A new window shape can switch the touch layout (client/styles.css), whose sizes differ: refit.
    fitAll(root);
  };
  game.scale.on('resize', align);
  window.addEventListener('resize', () => requestAnimationFrame(align));
  requestAnimationFrame(align);
  game.events.once('ready', align);
  return root;
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
