/**
 * "What would Linux do?" / "What does the RFC say?": the finished round's inputs replayed under both
 * profiles (shared/game/compare.ts does all of it), drawn as two flow graphs side by side with a
 * numbered mark at each point where the stacks answer differently (in the margin beside its host's
 * side of the picture, level with the row, so it covers no state name or label), and below them each point with
 * the catalogue's explanation. This screen only draws; choosing a point scrolls both graphs to it.
 */
import { compareProfiles, type ProfileComparison, type ProfileDifference, type RoundInputs, type StackAnswer } from '../../shared/game/compare.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { paintLadderPng } from '../components/ladderPng.ts';
import { compareGraphs, type CompareGraph } from '../model/compareView.ts';
import { segmentSummary } from '../model/segmentText.ts';
import { bus } from '../events.ts';
import { currentLang, t } from '../i18n/index.ts';
import { h, present } from './dom.ts';
import { ruleTitle } from './feedbackPanel.ts';
import { fitAll } from './fit.ts';
import { mountLayer } from './overlay.ts';

export interface CompareActions {
  back: () => void;
  menu: () => void;
}

const profileName = (p: Profile): string => t(`compare.profile.${p}`);
const hostName = (side: 'client' | 'server'): string => t(side === 'client' ? 'host.client' : 'host.server');
/** How many occurrences of a grouped difference are spelled out (a SYN schedule has ten). */
const SHOWN = 10;

function answerText(a: StackAnswer): string {
  const segments = a.segments.map((s) => segmentSummary({ src: '', dst: '', wnd: 0, ...s })).join(' + ');
  const what = segments ? t('compare.sends', { state: a.state, segments }) : t('compare.sendsNothing', { state: a.state });
  return t('compare.answer', { s: (a.at / 1000).toFixed(2), what });
}

export function mountCompareScreen(inputs: RoundInputs, actions: CompareActions): () => void {
  const { layer, unmount } = mountLayer('compare', () => undefined);
  const result = compareProfiles(inputs);
  const comparison: ProfileComparison | null = result.ok ? result.comparison : null;
  const graphs = comparison ? compareGraphs(comparison) : null;
  let chosen: number | null = null;

  const graphFigure = (which: 'base' | 'other', g: CompareGraph): HTMLElement => {
    const image = paintLadderPng(g.log, g.log.duration, {
      title: profileName(g.profile),
      hostLabel: (role) => hostName(role),
      address: { client: g.log.hosts.client.address, server: g.log.hosts.server.address },
    }).dataUrl;
    const marks = g.marks.map((m) =>
      h('button', {
        type: 'button',
        class: `mark ${m.edge}${m.n === chosen ? ' chosen' : ''}`,
        testid: `compare-mark-${which}-${m.n}`,
        'data-n': m.n,
        'data-side': m.side,
        title: t('compare.pointTitle', { n: m.n }),
        // Named for what it is ("Point 2: where the stacks differ"), not its bare number.
        'aria-label': t('compare.pointTitle', { n: m.n }),
        style: `top:${(m.y * 100).toFixed(3)}%`,
        onclick: () => choose(m.n),
      }, String(m.n)),
    );
    return h('figure', { class: 'compare-graph', testid: `compare-graph-${which}` },
      h('figcaption', { 'data-fit': '' }, which === 'base' ? t('compare.thisRound', { profile: profileName(g.profile) }) : profileName(g.profile)),
      h('div', { class: 'graph-scroll' },
        h('div', { class: 'graph' }, h('img', { src: image, style: `aspect-ratio:${g.width} / ${g.height}`, alt: t('compare.graphAlt', { profile: profileName(g.profile) }) }), ...marks)),
    );
  };

  const differenceItem = (d: ProfileDifference, c: ProfileComparison): HTMLElement => {
    const rule = RULES[d.rule];
    const lang = currentLang();
    const text = lang === 'zh-CN' ? rule.zh : rule.en;
    const note = (p: Profile): string | null => (rule.profiles ? (lang === 'zh-CN' ? rule.profiles[p].zh : rule.profiles[p].en) : null);
    const stack = (p: Profile, answers: StackAnswer[]): HTMLElement =>
      h('p', { class: `stack ${p === c.base.profile ? 'base' : 'other'}` },
        h('b', {}, t('compare.label', { label: profileName(p) })),
        answers.length === 0 ? t('compare.notThisStack') : answers.slice(0, SHOWN).map(answerText).join(t('compare.sep')) + (answers.length > SHOWN ? ` … (${answers.length})` : ''));
    const kind = d.kind === 'only-base' ? t('compare.kind.only', { profile: profileName(c.base.profile) }) : d.kind === 'only-other' ? t('compare.kind.only', { profile: profileName(c.other.profile) }) : t(`compare.kind.${d.kind}`);
    return h('li', { class: `difference${d.n === chosen ? ' chosen' : ''}`, testid: 'compare-difference', 'data-n': d.n, 'data-rule': d.rule, onclick: () => choose(d.n) },
      h('header', {},
        h('span', { class: 'mark' }, String(d.n)),
        h('b', {}, hostName(d.side)),
        h('span', { class: 'kind' }, kind)),
      stack(c.base.profile, d.base),
      stack(c.other.profile, d.other),
      ruleTitle(d.rule),
      h('p', { class: 'why', testid: 'compare-why' }, text.explanation),
      ...present(
        note('rfc9293') ? h('p', { class: 'profile-note' }, h('b', {}, t('compare.label', { label: profileName('rfc9293') })), note('rfc9293')!) : null,
        note('linux') ? h('p', { class: 'profile-note' }, h('b', {}, t('compare.label', { label: profileName('linux') })), note('linux')!) : null,
        rule.setting ? h('p', { class: 'profile-note' }, h('b', {}, t('compare.label', { label: rule.setting.name })), lang === 'zh-CN' ? rule.setting.zh : rule.setting.en) : null,
      ),
    );
  };

  const render = (): void => {
    const title = inputs.profile === 'linux' ? t('compare.open.rfc9293') : t('compare.open.linux');
    const body = comparison && graphs
      ? [
          h('p', { class: 'sub', testid: 'compare-sub' }, t('compare.sub', { base: profileName(comparison.base.profile), other: profileName(comparison.other.profile) }), h('span', { class: 'fates' }, t('compare.fates'))),
          h('div', { class: 'compare-graphs' }, graphFigure('base', graphs.base), graphFigure('other', graphs.other)),
          // The list scrolls on its own: focusable, so the keyboard can scroll it (its items are not controls).
          h('section', { class: 'block compare-list', testid: 'compare-differences', tabindex: 0, 'aria-labelledby': 'compare-differences-title' },
            h('h2', { 'data-fit': '', id: 'compare-differences-title' }, t('compare.differences', { n: comparison.differences.length })),
            comparison.differences.length === 0
              ? h('p', { class: 'dim', testid: 'compare-none' }, t('compare.none'))
              : h('ol', { class: 'differences' }, ...comparison.differences.map((d) => differenceItem(d, comparison)))),
        ]
      : [h('p', { class: 'bad', testid: 'compare-error' }, t('compare.error', { reason: result.ok ? '' : result.reason }))];
    layer.replaceChildren(
      h('section', { class: 'panel results-panel wide compare-panel', testid: 'compare' },
        h('h1', { 'data-fit': '' }, title),
        ...body,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', testid: 'compare-back', onclick: actions.back }, t('compare.back')),
          h('button', { type: 'button', testid: 'compare-menu', onclick: actions.menu }, t('results.menu'))),
      ),
    );
    requestAnimationFrame(() => fitAll(layer));
  };

  /** A point chosen (on a graph or in the list): mark it everywhere and bring it into view. */
  const choose = (n: number): void => {
    chosen = n;
    for (const el of layer.querySelectorAll<HTMLElement>('[data-n]')) el.classList.toggle('chosen', el.dataset['n'] === String(n));
    for (const which of ['base', 'other'] as const) layer.querySelector(`[data-testid="compare-mark-${which}-${n}"]`)?.scrollIntoView({ block: 'center', inline: 'nearest' });
    layer.querySelector(`li[data-n="${n}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  render();
  const off = bus.on('language-changed', render);
  return () => {
    off();
    unmount();
  };
}
