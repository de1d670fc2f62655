/** The class summary page: podium, per-student results per round, weakest rules, CSV link. */
import { h } from '../ui/dom.ts';
import type { texts } from './text.ts';
import { renderHeatmap, type HeatCellData } from './dashboard.ts';

type T = ReturnType<typeof texts>;

export interface SummaryData {
  class: { name: string; code: string; settings: { scenarioId: string; timed: boolean } };
  results: { roundNo: number; name: string; pairNo: number; side: string; partner: string; score: number; judged: number; correct: number; thinkMs: number }[];
  rules: { rule: string; judged: number; correct: number; accuracyPct: number }[];
  podium: { place: number; name: string; score: number; accuracyPct: number }[];
  heatmap: HeatCellData[];
}

const pct = (j: number, c: number) => (j ? `${Math.round((c / j) * 100)}%` : '—');

export function renderSummary(el: HTMLElement, data: SummaryData, csv: string, t: T): void {
  const heat = h('div');
  renderHeatmap(heat, data.heatmap.slice(0, 4), t);
  el.replaceChildren(
    h('div', { class: 'card' }, h('h2', { testid: 'summary-title' }, `${t.summary}: ${data.class.name} · ${data.class.code}`), h('a', { class: 'button primary', href: csv, download: '', testid: 'csv-link' }, t.csv)),
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'card' }, h('h3', {}, t.podium), h('ol', { class: 'podium big', testid: 'podium' }, ...data.podium.map((p) => h('li', {}, `${p.name}`, h('b', {}, ` ${p.score}`), h('span', { class: 'dim' }, ` · ${p.accuracyPct}%`))))),
      h('div', { class: 'card' }, h('h3', {}, t.weakest), h('ul', { class: 'rules' }, ...data.rules.slice(0, 6).map((r) => h('li', {}, h('code', {}, r.rule), ` ${r.correct}/${r.judged} (${r.accuracyPct}%)`)))),
    ),
    h(
      'div',
      { class: 'card' },
      h('table', { class: 'results', testid: 'results-table' }, h('thead', {}, h('tr', {}, ...[t.round, t.student, t.pair, '', t.partner, t.score, t.accuracy].map((x) => h('th', {}, x)))), h('tbody', {}, ...data.results.map((r) => h('tr', {}, ...[String(r.roundNo), r.name, String(r.pairNo), r.side, r.partner, String(r.score), pct(r.judged, r.correct)].map((x) => h('td', {}, x)))))),
    ),
    h('div', { class: 'card' }, h('h3', {}, t.heatmap), heat),
  );
}
