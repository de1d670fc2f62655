/**
 * Feedback after each move, in the current language: right or wrong per field, the rule behind
 * each wrong field (its explanation and RFC section, from shared/rules/catalogue.ts), points,
 * score and streak. In coach mode a refused move shows the same and the composer stays open.
 * Everything shown comes from the server's verdicts; nothing is judged here.
 */
import { RULES, ruleText } from '../../shared/rules/catalogue.ts';
import { isRuleId } from '../../shared/rules/ids.ts';
import type { VerdictView } from '../../shared/game/views.ts';
import type { FieldVerdict } from '../../shared/game/judge.ts';
import { bus } from '../events.ts';
import { currentLang, t } from '../i18n/index.ts';
import { h, type Child } from './dom.ts';
import { fitAll } from './fit.ts';

export interface ShownVerdict {
  decisionId: number;
  accepted: boolean;
  correct: boolean;
  points: number;
  bonus: number;
  mistakes: FieldVerdict[];
}

export function fieldLabel(m: Pick<FieldVerdict, 'field' | 'segment'>): string {
  const seg = m.segment === null ? '' : ` #${m.segment + 1}`;
  return `${t(`field.${m.field}`)}${seg}`;
}

/** One wrong field with the rule that says what is right, for the feedback panel and Results. */
export function mistakeItem(m: FieldVerdict): HTMLElement {
  const rule = isRuleId(m.rule) ? RULES[m.rule] : null;
  const text = rule ? ruleText(rule.id, currentLang()) : null;
  return h(
    'li',
    { class: 'mistake', testid: 'mistake' },
    h('div', { class: 'what' },
      h('b', {}, fieldLabel(m)),
      ' ',
      h('span', { class: 'got' }, t('feedback.got', { got: m.got || '—' })),
      ' ',
      h('span', { class: 'want' }, t('feedback.expected', { expected: m.expected || '—' })),
    ),
    text ? h('div', { class: 'rule' }, h('b', {}, text.title), ' ', h('span', { class: 'section', testid: 'rule-section' }, rule?.section ?? '')) : null,
    text ? h('p', { class: 'why' }, text.explanation) : null,
  );
}

export function verdictFromView(v: VerdictView): ShownVerdict {
  return { decisionId: v.decisionId, accepted: true, correct: v.correct, points: v.points, bonus: v.bonus, mistakes: v.mistakes };
}

export function createFeedbackPanel(box: { x: number; y: number; width: number; height: number }): {
  element: HTMLElement;
  show: (v: ShownVerdict) => void;
  setScore: (score: number, streak: number) => void;
  destroy: () => void;
} {
  const panel = h('section', { class: 'panel feedback', testid: 'feedback-panel', 'aria-live': 'polite' });
  panel.style.cssText = `left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px`;
  let shown: ShownVerdict | null = null;
  let score = 0;
  let streak = 0;

  const render = (): void => {
    const head = h('header', {},
      h('h2', { 'data-fit': '' }, t('feedback.title')),
      h('span', { class: 'score', testid: 'feedback-score' }, t('feedback.score', { score, streak })),
    );
    // The header stays put; only the body scrolls. The scroller must not be the panel itself: an
    // opaque scroller over the WebGL canvas makes Chromium cull the canvas under a misplaced copy
    // of its box, leaving a transparent hole at the top left of the stage (seen as a white block in
    // screenshots). The body has no background, so nothing under it is culled.
    const body = (...children: Child[]): HTMLElement => h('div', { class: 'feedback-body', testid: 'feedback-body' }, ...children);
    if (!shown) {
      panel.replaceChildren(head, body(h('p', { class: 'dim' }, t('feedback.none'))));
      return;
    }
    const v = shown;
    const verdictLine = !v.accepted
      ? h('p', { class: 'verdict bad', testid: 'feedback-verdict', 'data-verdict': 'refused' }, t('feedback.refused'))
      : v.correct
        ? h('p', { class: 'verdict good', testid: 'feedback-verdict', 'data-verdict': 'correct' }, t('feedback.correct', { points: v.points, bonus: v.bonus }))
        : h('p', { class: 'verdict bad', testid: 'feedback-verdict', 'data-verdict': 'wrong' }, t('feedback.wrong', { points: v.points, count: v.mistakes.length }));
    panel.replaceChildren(head, body(verdictLine, v.mistakes.length ? h('ul', { class: 'mistakes' }, ...v.mistakes.map(mistakeItem)) : null));
    panel.dataset['decision'] = String(v.decisionId);
    requestAnimationFrame(() => fitAll(panel));
  };
  render();
  const off = bus.on('language-changed', render);
  return {
    element: panel,
    show: (v) => {
      shown = v;
      render();
    },
    setScore: (s, k) => {
      if (s === score && k === streak) return;
      score = s;
      streak = k;
      render();
    },
    destroy: () => {
      off();
      panel.remove();
    },
  };
}
