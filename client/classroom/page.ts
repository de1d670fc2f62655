/** What every classroom page shares: the page's root, its words, the SDK client, a page frame. */
import { Client } from '@colyseus/sdk';
import { h } from '../ui/dom.ts';
import { texts } from './text.ts';

export const T = texts();
export const client = new Client(`${location.protocol}//${location.host}`);
const root = document.getElementById('classroom')!;

/**
 * The page's content, in place of what was there. A game frame parked on the page (student.ts
 * parkGame) stays: taken out of the document, its game would close its connection.
 */
export function show(...children: Node[]): void {
  for (const node of [...root.childNodes]) if (!(node instanceof HTMLElement && node.dataset['parked'] !== undefined)) node.remove();
  root.prepend(h('header', { class: 'bar' }, h('h1', {}, T.title)), ...children);
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

/** A page the router can leave: it closes its rooms and listeners. */
export type Leave = () => void;
