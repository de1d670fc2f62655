/** The teacher's pairs table, misconception heatmap and spectator panel (plain DOM). */
import type { RoundView } from '../../shared/game/views.ts';
import { h, keepChildren } from '../ui/dom.ts';
import { playerName, texts } from './text.ts';
import { localizeHeatLabel } from '../../shared/classroom/heatWords.ts';
import { rightAnswers } from './heatCell.ts';
import { flightsOfView } from '../../shared/pcap/fromRound.ts';
import { savePcap } from '../capture/download.ts';
import { pcapFileName } from '../../shared/pcap/export.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

type T = ReturnType<typeof texts>;

export interface HostRow {
  name: string;
  state: string;
  score: number;
  judged: number;
  correct: number;
  controller: string;
  deciding: boolean;
  /** The state the bot took the host over in, and (a student who came back) the one it handed it back in (progress.ts). */
  botFrom?: string;
  backIn?: string;
}
export interface DashboardData {
  roundNo: number;
  pairs: { pairNo: number; now: number; takenMs?: number; finished: boolean; waiting: boolean; endReason: string | null; decisions: number; hosts: { client: HostRow; server: HostRow } }[];
  heatmap: HeatCellData[];
  podium: { place: number; name: string; score: number; judged: number; accuracyPct: number }[];
}
export interface HeatCellData {
  key: string;
  before: string;
  event: string;
  expected: string;
  total: number;
  wrong: number;
  choices: { label: string; count: number; correct: boolean }[];
}

function host(r: HostRow, t: T): HTMLElement {
  return h(
    'div',
    { class: `host ${r.deciding ? 'deciding' : ''}` },
    h('span', { class: 'name' }, seatLabel(r, t)),
    // A student back from the bot: the pair is whole again, and the card says the host was the bot's for a while.
    r.controller === 'human' && r.backIn !== undefined ? h('span', { class: 'back-mark', title: t.backMarkTitle(r.name, r.botFrom ?? '', r.backIn), testid: 'back-mark' }, t.backMark) : h('span', {}),
    h('span', { class: `badge s-${r.state}` }, r.state),
    h('span', { class: 'score' }, `${r.score}`),
  );
}

/** Each pairs table's grid and its buttons, kept from one update to the next (renderPairs). */
const keptPairs = new WeakMap<HTMLElement, { grid: HTMLElement; buttons: Map<number, HTMLButtonElement>; spectate: (pairNo: number) => void }>();

/**
 * The pairs table, drawn again on every change of the class's state (every move of every pair).
 * A pair's button stays the same element, its contents redrawn and deaf to the pointer
 * (classroom.css): a click on it that lasts across an update still opens the pair (a button
 * replaced between the press and the release loses the click).
 */
export function renderPairs(el: HTMLElement, dash: DashboardData, t: T, spectate: (pairNo: number) => void): void {
  let kept = keptPairs.get(el);
  if (!kept || kept.grid.parentNode !== el) {
    kept = { grid: h('div', { class: 'pair-grid' }), buttons: new Map(), spectate };
    keptPairs.set(el, kept);
    el.replaceChildren(kept.grid);
  }
  const table = kept;
  table.spectate = spectate;
  const buttons = dash.pairs.map((p) => {
    let button = table.buttons.get(p.pairNo);
    if (!button) {
      button = h('button', { testid: `pair-${p.pairNo}`, onclick: () => table.spectate(p.pairNo) });
      table.buttons.set(p.pairNo, button);
    }
    button.className = `pair ${p.finished ? 'done' : ''} ${p.waiting ? 'waiting' : ''}`;
    button.title = t.spectate;
    button.replaceChildren(
      h('span', { class: 'pair-no' }, `${t.pair} ${p.pairNo}`),
      host(p.hosts.client, t),
      host(p.hosts.server, t),
      h(
        'span',
        { class: 'time', testid: `pair-${p.pairNo}-status` },
        // Real time, playing or finished: the game clock (p.now) waits while students think and jumps over TIME-WAIT.
        p.waiting ? t.waitingPair : p.finished ? `${t.took((p.takenMs ?? p.now) / 1000)} · ${t.endReason[p.endReason ?? ''] ?? p.endReason ?? ''} ✓` : t.soFar((p.takenMs ?? 0) / 1000),
      ),
    );
    return button;
  });
  keepChildren(table.grid, buttons);
}

/**
 * Projected during a round, the heatmap must fit above the fold with the pairs (1280×720, sixteen
 * pairs). Its cells are as tall as their lines and their frame, so what fits is a number of rows,
 * and a scenario with more decision points (lost-syn-ack: seventeen, both hosts) needs more rows
 * than the one-answer cells leave room for. So the heatmap steps down, measured, until it fits:
 * each cell with its two most chosen wrong answers; only the most chosen (`tight`, classroom.css;
 * the head's "✗ 7/15" still counts them all); then denser (`dense`: the same two lines a cell,
 * the same type sizes, a thinner frame, and the heatmap's title gives the cells its line). Measured
 * anew at every redraw and resize, from the roomiest first, so a page with room again shows more
 * again; read and written in one go, so nothing flickers.
 */
export function fitHeatmap(el: HTMLElement): void {
  const heat = el.querySelector<HTMLElement>('.heat');
  if (!heat) return;
  const belowFold = (): boolean => heat.getBoundingClientRect().bottom + window.scrollY > window.innerHeight;
  heat.classList.remove('tight', 'dense');
  for (const step of ['tight', 'dense']) {
    if (!belowFold()) return;
    heat.classList.add(step);
  }
}

export function renderHeatmap(el: HTMLElement, cells: HeatCellData[], t: T): void {
  el.replaceChildren(
    h(
      'div',
      { class: 'heat' },
      ...cells.map((c) => {
        const say = (label: string): string => localizeHeatLabel(label, t.heatWords);
        const share = c.total ? c.wrong / c.total : 0;
        const expected = `${t.expected}${t.colon}${rightAnswers(c).map(say).join(t.or)}`;
        // During a round the dashboard shows each cell compact (classroom.css): its two most chosen wrong
        // answers and how many more, or where the page has no room for that (fitHeatmap) only the most
        // chosen; the right answer and the rest are in the cell's tooltip.
        const wrong = c.choices.filter((ch) => !ch.correct);
        const more = wrong.length > 2 ? h('li', { class: 'more' }, t.moreWrong(wrong.slice(2).reduce((n, ch) => n + ch.count, 0))) : null;
        // The head's count is short, to fit a cell on a projector ("✗ 2/15", its ✗ as on the wrong
        // answers below); its title says it in words.
        const tooltip = [expected, ...c.choices.map((ch) => `${ch.correct ? '✓' : '✗'} ${say(ch.label)}: ${ch.count}`)].join('\n');
        return h(
          'div',
          { class: 'cell', style: `--heat:${share.toFixed(2)}`, title: tooltip },
          h('div', { class: 'cell-head' }, h('b', {}, c.before), ' × ', say(c.event), h('span', { class: c.wrong ? 'ratio' : 'ratio none', title: t.wrongOf(c.wrong, c.total) }, `✗ ${c.wrong}/${c.total}`)),
          h(
            'ul',
            {},
            ...c.choices.map((ch) =>
              h(
                'li',
                { class: ch.correct ? 'right' : `wrong ${['first', 'second'][wrong.indexOf(ch)] ?? 'later'}` },
                h('span', { class: 'bar', style: `width:${Math.round((ch.count / c.total) * 100)}%` }),
                h('span', { class: 'label' }, `${ch.correct ? '✓' : '✗'} ${say(ch.label)}`),
                h('b', {}, String(ch.count)),
              ),
            ),
            more,
          ),
          h('div', { class: 'dim' }, expected),
        );
      }),
    ),
  );
}

/**
 * Who plays a host, as the pairs table shows it: the bot by its name in the teacher's language (no
 * student may take it, server/classroom/names.ts). No emoji mark: without an emoji font (Debian's
 * Chromium, many school machines) it drew an empty box.
 */
export function seatLabel(r: Pick<HostRow, 'name' | 'controller'>, t: T = texts()): string {
  if (r.controller === 'human') return r.name;
  // A host the bot plays for a student who left or was benched keeps the student's name: without
  // "Bot" beside it, the card said the student was still playing.
  return r.name === BOT_NAME ? playerName(r.name, t) : t.botFor(r.name);
}

/**
 * The pair the teacher watches: each host under the name of the student who plays it (from the
 * dashboard: the spectator's view of the round has no names), its state, score and application.
 */
export function renderSpectator(el: HTMLElement, pairNo: number, view: RoundView | null, t: T, close: () => void, names: { client: string; server: string } | null = null): void {
  const hostCard = (side: 'client' | 'server') => {
    const p = view?.hosts[side];
    const role = side === 'client' ? t.client : t.server;
    return h(
      'div',
      { class: 'spec-host' },
      h('h4', { testid: `spectator-${side}-name` }, names?.[side] || role),
      names?.[side] ? h('p', { class: 'dim role' }, role) : null,
      h('span', { class: `badge s-${p?.state ?? ''}` }, p?.state ?? '?'),
      // Before the pair's first view arrives there is no socket yet: no dangling separator.
      h('p', {}, [`${t.score} ${p?.score ?? 0}`, p?.socket].filter(Boolean).join(' · ')),
      h('p', { class: 'dim' }, p?.appCall ? `${t.app}${t.colon}${p.appCall}()` : ''),
    );
  };
  const ladder = h(
    'ol',
    { class: 'ladder' },
    ...(view?.flights ?? []).slice(-12).map((f) =>
      h('li', { class: f.fate }, `${(f.sentAt / 1000).toFixed(2)}s ${f.from === 'client' ? '→' : '←'} ${(['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => f.flags[b]).join('+')} seq=${f.seq} ack=${f.ack}${f.fate === 'lost' ? ' ✗' : ''}`),
    ),
  );
  // What the pair has put on the wire so far, as a capture for Wireshark (built here, sent nowhere).
  const pcap = view && view.flights.length > 0 ? h('button', { testid: 'spectator-pcap', title: t.pcapTitle, onclick: () => savePcap(flightsOfView(view), 'wire', pcapFileName(view.scenarioId, 'wire')) }, '⤓ .pcap') : null;
  el.replaceChildren(h('div', { class: 'spec-head' }, h('h3', {}, t.spectating(pairNo)), pcap, h('button', { onclick: close }, t.closeSpectate)), h('div', { class: 'spec-hosts' }, hostCard('client'), ladder, hostCard('server')));
}
