/**
 * The class summary page: podium, per-student results per round, the rules to revisit (by their
 * titles in the teacher's language), the heatmap, the CSV (fetched with the teacher token in a
 * header) and what each of its columns means, and the way back to the class.
 */
import { rulesToRevisit } from '../../shared/classroom/revisit.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { RULES, ruleText } from '../../shared/rules/catalogue.ts';
import type { RuleId } from '../../shared/rules/ids.ts';
import { h } from '../ui/dom.ts';
import { classSummary, downloadCsv } from './api.ts';
import { renderHeatmap, type HeatCellData } from './dashboard.ts';
import { show, T } from './page.ts';
import { currentLang, playerName } from './text.ts';

export interface SummaryData {
  class: { name: string; code: string; settings: { scenarioId: string; timed: boolean } };
  /** `botFrom`: the student left the round and the bot played their host on from that state; `backIn`: they came back and took it back in that state (results.ts). */
  results: { roundNo: number; name: string; pairNo: number; side: string; partner: string; scenarioId?: string; score: number; judged: number; correct: number; thinkMs: number; endReason: string; botFrom?: string; backIn?: string }[];
  rules: { rule: string; judged: number; correct: number; accuracyPct: number }[];
  podium: { place: number; name: string; score: number; judged: number; accuracyPct: number }[];
  heatmap: HeatCellData[];
  csvColumns: { name: string; en: string; zh: string }[];
}

const pct = (j: number, c: number) => (j ? `${Math.round((c / j) * 100)}%` : '—');

/** A rule's title and where it comes from, or its id if the catalogue does not know it. */
export function ruleLabel(id: string): { title: string; section: string } {
  if (!(id in RULES)) return { title: id, section: '' };
  return { title: ruleText(id as RuleId, currentLang()).title, section: RULES[id as RuleId].section };
}

export function renderSummary(el: HTMLElement, data: SummaryData, csv: () => void, back: string): void {
  const lang = currentLang();
  const heat = h('div');
  const revisit = rulesToRevisit(data.rules);
  renderHeatmap(heat, data.heatmap.slice(0, 4), T);
  const title = (id: string): string => findScenario(id)?.title[lang] ?? id;
  // Each round's scenario, from its rows (the teacher may change it between rounds); the class's own before any round.
  const perRound = new Map<number, string>();
  for (const r of data.results) if (r.scenarioId && !perRound.has(r.roundNo)) perRound.set(r.roundNo, r.scenarioId);
  const several = new Set(perRound.values()).size > 1;
  const scenarioLine = several
    ? `${T.scenarios}${T.colon}${[...perRound].map(([round, id]) => `${T.round} ${round} · ${title(id)}`).join(' / ')}`
    : `${T.scenario}${T.colon}${title([...perRound.values()][0] ?? data.class.settings.scenarioId)}`;
  const headings = [T.round, ...(several ? [T.scenario] : []), T.student, T.pair, T.host, T.partner, T.score, T.accuracy, T.ended];
  type Row = SummaryData['results'][number];
  // A partner who left: the bot played their host on, named as the teacher's pair card names it (not one who came back and played it to the end).
  const partnerLeft = (r: Row): boolean => data.results.some((o) => o.roundNo === r.roundNo && o.pairNo === r.pairNo && o.side !== r.side && o.botFrom !== undefined && o.backIn === undefined);
  // A student who left: their score is theirs before they left, marked so it is not read as the whole round's.
  const score = (r: Row): string | HTMLElement =>
    r.botFrom === undefined ? String(r.score) : h('span', {}, `${r.score} `, h('span', { class: 'left-mark', title: T.leftMarkTitle(r.name, r.roundNo, r.botFrom, r.judged, r.backIn), testid: 'left-mark' }, T.leftMark(r.botFrom, r.backIn)));
  const cells = (r: Row): (string | HTMLElement)[] => [String(r.roundNo), ...(several ? [title(r.scenarioId ?? '')] : []), playerName(r.name, T), String(r.pairNo), r.side === 'client' ? T.client : T.server, partnerLeft(r) ? T.botFor(r.partner) : playerName(r.partner, T), score(r), pct(r.judged, r.correct), T.endReason[r.endReason] ?? r.endReason];
  const anyLeft = data.results.some((r) => r.botFrom !== undefined);
  // On the podium too: a total that lacks rounds the student left is not read as their whole play.
  // A student who came back and took their host back was away, not gone: said apart.
  const podiumLeft = (name: string): HTMLElement[] => {
    const left = data.results.filter((r) => r.name === name && r.botFrom !== undefined);
    const gone = left.filter((r) => r.backIn === undefined).map((r) => r.roundNo);
    const away = left.filter((r) => r.backIn !== undefined).map((r) => r.roundNo);
    return [
      ...(gone.length === 0 ? [] : [h('span', { class: 'left-mark', title: T.leftRoundsTitle(name, gone), testid: 'podium-left-mark' }, T.leftRounds(gone))]),
      ...(away.length === 0 ? [] : [h('span', { class: 'left-mark', title: T.awayRoundsTitle(name, away), testid: 'podium-away-mark' }, T.awayRounds(away))]),
    ];
  };
  el.replaceChildren(
    h(
      'div',
      { class: 'card' },
      h('a', { class: 'button', href: back, testid: 'back-to-dashboard' }, T.backToDashboard),
      h('h2', { testid: 'summary-title' }, `${T.summary}${T.colon}${data.class.name} · ${data.class.code}`),
      h('p', { class: 'dim', testid: 'summary-scenario' }, scenarioLine),
      h('button', { class: 'primary', onclick: csv, testid: 'csv-link' }, T.csv),
    ),
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'card' }, h('h3', {}, T.podium), h('ol', { class: 'podium big', testid: 'podium' }, ...data.podium.map((p) => h('li', { value: p.place }, `${p.name}`, h('b', {}, ` ${p.score}`), h('span', { class: 'dim' }, ` · ${p.judged ? `${p.accuracyPct}%` : '—'}`), ...podiumLeft(p.name))))),
      h(
        'div',
        { class: 'card' },
        h('h3', {}, T.weakest),
        revisit.length
          ? h(
              'ul',
              { class: 'rules', testid: 'weakest-rules' },
              ...revisit.map((r) => {
                const label = ruleLabel(r.rule);
                return h('li', { title: r.rule }, h('b', {}, label.title), label.section ? h('span', { class: 'dim' }, ` (${label.section})`) : '', ` ${r.correct}/${r.judged} (${r.accuracyPct}%)`);
              }),
            )
          : h('p', { class: 'dim', testid: 'weakest-rules' }, T.nothingToRevisit(data.rules.some((r) => r.judged > 0))),
      ),
    ),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        { class: 'results', testid: 'results-table' },
        h('thead', {}, h('tr', {}, ...headings.map((x) => h('th', {}, x)))),
        h('tbody', {}, ...data.results.map((r) => h('tr', {}, ...cells(r).map((x) => h('td', {}, x))))),
      ),
      anyLeft ? h('p', { class: 'dim', testid: 'left-note' }, T.leftNote) : '',
    ),
    h('div', { class: 'card' }, h('h3', {}, T.heatmap), heat),
    h('details', { class: 'card', testid: 'csv-columns' }, h('summary', {}, T.csvColumns), h('dl', { class: 'columns-doc' }, ...data.csvColumns.flatMap((c) => [h('dt', {}, h('code', {}, c.name)), h('dd', {}, lang === 'zh-CN' ? c.zh : c.en)]))),
  );
}

export async function resultsPage(classId: string, token: string): Promise<void> {
  const data = await classSummary<SummaryData>(classId, token);
  const page = h('div', { class: 'summary' });
  renderSummary(page, data, () => void downloadCsv(classId, token), `#class=${encodeURIComponent(classId)}`);
  show(page);
}
