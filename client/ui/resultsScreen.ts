/**
 * The Results screen's HTML for a finished round: what happened on the wire, each host's path
 * through the states, and the flow graph as a PNG. Score per decision arrives with the server's
 * round result; the client never computes scores.
 */
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { h } from './dom.ts';
import { fitAll } from './fit.ts';
import { mountLayer } from './overlay.ts';
import type { RoundLog } from '../model/view.ts';

export function mountResultsScreen(log: RoundLog, actions: { exportPng: () => void; replay: () => void }): () => void {
  const { layer, unmount } = mountLayer('results', () => undefined);
  const render = (): void => {
    const originals = log.flights.filter((f) => !f.duplicateOf);
    const stat = (testid: string, key: string, value: string): HTMLElement =>
      h('div', { class: 'stat', testid }, h('b', { 'data-fit': '' }, value), h('span', { 'data-fit': '' }, t(key)));
    const path = (role: 'client' | 'server'): HTMLElement =>
      h(
        'div',
        { class: 'path', testid: `results-path-${role}` },
        h('h3', { 'data-fit': '' }, t('results.path', { host: t(role === 'client' ? 'host.client' : 'host.server') })),
        h('div', { class: 'chips' }, ...log.states.filter((s) => s.host === role).flatMap((s, i) => [i ? h('span', { class: 'arrow' }, '→') : null, h('span', { class: 'state-chip' }, s.state)])),
      );
    layer.replaceChildren(
      h(
        'section',
        { class: 'panel results-panel', testid: 'results' },
        h('h1', { 'data-fit': '' }, t('results.title')),
        h('p', { class: 'sub' }, t('results.subtitle')),
        h('div', { class: 'stats' },
          stat('results-segments', 'results.segments', String(originals.length)),
          stat('results-lost', 'results.lost', String(log.flights.filter((f) => f.lostAt !== null).length)),
          stat('results-retransmissions', 'results.retransmissions', String(log.flights.filter((f) => f.retransmission).length)),
          stat('results-duration', 'results.duration', t('results.seconds', { s: (log.duration / 1000).toFixed(1) })),
        ),
        path('client'),
        path('server'),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', testid: 'results-replay', onclick: actions.replay }, t('results.replay')),
          h('button', { type: 'button', testid: 'results-export', onclick: actions.exportPng }, '⤓ ', t('results.export')),
          h('button', { type: 'button', testid: 'results-menu', onclick: () => bus.emit('nav:menu', {}) }, t('results.menu')),
        ),
      ),
    );
    requestAnimationFrame(() => fitAll(layer));
  };
  render();
  const off = bus.on('language-changed', render);
  return () => {
    off();
    unmount();
  };
}
