/**
 * A student's compact play panel in a class round: their host's state, the decision waiting for
 * them, and a composer (new state; one segment with flags, seq, ack; or nothing). Drawn from the
 * player's own view only; the server judges.
 */
import type { Room } from '@colyseus/sdk';
import { TCP_STATES } from '../../shared/tcp/states.ts';
import type { RoundView } from '../../shared/game/views.ts';
import { h } from '../ui/dom.ts';
import type { texts } from './text.ts';

type T = ReturnType<typeof texts>;

function promptText(view: RoundView): string {
  const p = view.decision?.prompt;
  if (!p) return '';
  if (p.kind === 'segment-arrived') {
    const flags = (['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => p.flags[b]).join('+') || '—';
    return `⇠ ${flags} seq=${p.seq} ack=${p.ack}${p.data ? ` "${p.data}"` : ''}`;
  }
  if (p.kind === 'app-call') return `app: ${p.call}()${p.data ? ` "${p.data}"` : ''}`;
  return '⏰ timer';
}

export function renderPlay(panel: HTMLElement, room: Room<any, any>, info: { side: string; partner: string; pairNo: number; roundNo: number }, t: T): void {
  const json: string = room.state.views?.get(info.side)?.view ?? '';
  const view = json ? (JSON.parse(json) as RoundView) : null;
  const head = h('p', { class: 'who' }, `${t.pair} ${info.pairNo} · ${t.youPlay} ${info.side === 'client' ? t.client : t.server} · ${t.partner}: ${info.partner}`);
  if (!view) {
    panel.replaceChildren(head);
    return;
  }
  const mine = view.hosts[info.side as 'client' | 'server'];
  const state = h('p', { class: 'state' }, `${t.yourState}: `, h('b', { testid: 'my-state' }, mine.state ?? '?'), ` · ${t.score} ${mine.score}`);
  const decisionId = view.decision?.id;
  const existing = panel.querySelector<HTMLElement>('[data-decision]');
  // Keep a half-filled composer while the same decision is open.
  if (existing && decisionId !== undefined && existing.dataset['decision'] === String(decisionId)) {
    panel.querySelector('.state')?.replaceWith(state);
    return;
  }
  if (view.finished || decisionId === undefined) {
    panel.replaceChildren(head, state, h('p', { class: 'dim' }, view.finished ? t.finished : '…'));
    return;
  }
  const stateSel = h('select', { testid: 'move-state' }, ...TCP_STATES.map((s) => h('option', { value: s, selected: s === mine.state }, s))) as HTMLSelectElement;
  const flag = (b: string) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: b }), b);
  const seq = h('input', { type: 'number', min: 0, value: 0, class: 'num', 'aria-label': 'seq' }) as HTMLInputElement;
  const ack = h('input', { type: 'number', min: 0, value: 0, class: 'num', 'aria-label': 'ack' }) as HTMLInputElement;
  const flags = h('div', { class: 'flags' }, flag('SYN'), flag('ACK'), flag('FIN'), flag('RST'));
  const bits = () => Object.fromEntries(['SYN', 'ACK', 'FIN', 'RST'].map((b) => [b, (flags.querySelector(`[name=${b}]`) as HTMLInputElement).checked]));
  const send = (withSegment: boolean) =>
    room.send('move' as never, {
      decisionId,
      move: { state: stateSel.value, segments: withSegment ? [{ flags: bits(), seq: Number(seq.value), ack: Number(ack.value), data: '' }] : [] },
    } as never);
  panel.replaceChildren(
    head,
    state,
    h(
      'div',
      { class: 'composer', 'data-decision': String(decisionId) },
      h('p', { class: 'prompt' }, `${t.decide}: `, h('code', {}, promptText(view))),
      h('label', { class: 'field' }, h('span', {}, t.newState), stateSel),
      flags,
      h('div', { class: 'row' }, h('label', { class: 'field' }, h('span', {}, 'seq'), seq), h('label', { class: 'field' }, h('span', {}, 'ack'), ack)),
      h('div', { class: 'row' }, h('button', { class: 'primary', onclick: () => send(true) }, t.send), h('button', { onclick: () => send(false) }, t.wait)),
    ),
  );
}
