/**
 * Feedback after each move, in the current language: which try this was, right or wrong, and for
 * each rule behind the wrong fields one explanation (its title, RFC section and text) with the
 * fields it covers. When more than one answer is right the panel says so and why. The right move
 * itself appears here when the player asks for it or after a second wrong try, at the cost in
 * points the panel states before anyone asks. Everything shown comes from the server's verdicts;
 * nothing is judged here.
 */
import { RULES, ruleText } from '../../shared/rules/catalogue.ts';
import { isRuleId, type RuleId } from '../../shared/rules/ids.ts';
import type { VerdictView } from '../../shared/game/views.ts';
import type { AllowedMove, FieldVerdict } from '../../shared/game/judge.ts';
import type { Move } from '../../shared/game/move.ts';
import { REVEAL_COST } from '../../shared/game/scoring.ts';
import { flagsLabel } from '../../shared/tcp/segment.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { bus } from '../events.ts';
import type { HintMessage } from '../net/session.ts';
import { currentLang, signed, t } from '../i18n/index.ts';
import { h, keepChildren, present, type Child } from './dom.ts';
import type { Scenario } from '../../shared/game/scenario.ts';
import { scenarioBrief } from './briefing.ts';
import { fitAll } from './fit.ts';
import { explanationOrder, verdictWords } from './verdictWords.ts';

export interface ShownVerdict {
  decisionId: number;
  accepted: boolean;
  correct: boolean;
  points: number;
  bonus: number;
  mistakes: FieldVerdict[];
  /** Which try at this decision (1, 2, …). */
  attempt: number;
  /** Every right answer when there is more than one (moves may be blanked before they are shown). */
  allowed: AllowedMove[];
  matched: number;
  /** Points taken because the right move was shown. */
  revealCost: number;
}

export function fieldLabel(m: Pick<FieldVerdict, 'field' | 'segment'>): string {
  const seg = m.segment === null ? '' : ` #${m.segment + 1}`;
  return `${t(`field.${m.field}`)}${seg}`;
}

/** A field's value in the UI's language: a control bit is set or not, a payload is quoted or absent. */
export function fieldValue(m: Pick<FieldVerdict, 'field'>, value: string): string {
  if (m.field === 'SYN' || m.field === 'ACK' || m.field === 'FIN' || m.field === 'RST') return t(value === 'on' ? 'value.on' : 'value.off');
  if (m.field === 'data') return value === '' ? t('value.noData') : `"${value}"`;
  if (m.field === 'ack' && value === '') return t('value.noAck');
  if (m.field === 'segments') return t('value.segments', { count: Number(value) });
  return value;
}

/** A move in words: the segments it sends (or that it sends nothing) and the new state. */
export function moveText(move: Move): string {
  const sent = move.segments.map((s) => `${flagsLabel(s.flags)} seq=${s.seq}${s.flags.ACK ? ` ack=${s.ack}` : ''}${s.data ? ` "${s.data}"` : ''}`);
  return t('feedback.move', { segments: sent.length ? sent.join(' + ') : t('feedback.sendNothing'), state: move.state });
}

/**
 * The rules profile of the round on this page (RFC 9293 as written, or Linux): where the two do
 * different things, a rule's explanation goes on with what this round's TCP does, so a learner
 * is not left to reason from the general case toward the move the round judges wrong. The page
 * shows one round at a time (Game scene: from the room's settings; a replay: its round's).
 */
let roundProfile: Profile | null = null;
export function explainRulesFor(profile: Profile | null): void {
  roundProfile = profile;
}

/** A rule named as every panel names one: its title in bold, then its RFC section (the feedback panel, the replay's steps, Compare). */
export function ruleTitle(id: RuleId, tag: 'div' | 'p' = 'div'): HTMLElement {
  return h(tag, { class: 'rule' }, h('b', {}, ruleText(id, currentLang()).title), ' ', h('span', { class: 'section', testid: 'rule-section' }, RULES[id].section));
}

/** The rule's title, RFC section and explanation, once (with what this round's profile does, where profiles differ). */
function ruleBlock(id: RuleId): Child[] {
  if (!isRuleId(id)) return [];
  const lang = currentLang();
  const text = ruleText(id, lang);
  const notes = RULES[id].profiles;
  const note = notes && roundProfile ? notes[roundProfile] : null;
  return [
    ruleTitle(id),
    h('p', { class: 'why' }, text.explanation),
    note ? h('p', { class: 'why profile-note', testid: 'rule-profile-note' }, h('b', {}, t(`feedback.profileNote.${roundProfile!}`)), lang === 'zh-CN' ? note.zh : ` ${note.en}`) : null,
  ];
}

/** Wrong fields grouped by the rule that explains them, in the order they were judged. */
export function byRule(mistakes: readonly FieldVerdict[]): { rule: RuleId; fields: FieldVerdict[] }[] {
  const groups = new Map<RuleId, FieldVerdict[]>();
  for (const m of mistakes) groups.set(m.rule, [...(groups.get(m.rule) ?? []), m]);
  return [...groups].map(([rule, fields]) => ({ rule, fields }));
}

/** One rule and the wrong fields it explains (you: …, right: … when the right value may be shown). */
export function mistakeGroup(group: { rule: RuleId; fields: FieldVerdict[] }): HTMLElement {
  return h(
    'li',
    { class: 'mistake', testid: 'mistake', 'data-rule': group.rule },
    h('ul', { class: 'fields' }, ...group.fields.map((m) =>
      h('li', { class: 'what', testid: 'mistake-field' },
        h('b', {}, fieldLabel(m)),
        ' ',
        h('span', { class: 'got' }, t('feedback.got', { got: fieldValue(m, m.got) })),
        m.expected === '' && m.field !== 'data' ? null : ' ',
        m.expected === '' && m.field !== 'data' ? null : h('span', { class: 'want' }, t('feedback.expected', { expected: fieldValue(m, m.expected) })),
      ))),
    ...ruleBlock(group.rule),
  );
}

/** "More than one move is right here", with the rule that says why (and the moves, once they may be shown). */
function alsoRight(allowed: AllowedMove[], matched: number, correct: boolean): HTMLElement | null {
  if (allowed.length < 2) return null;
  // The alternative's rule explains both answers (the one the move matched, if it is one); the
  // moves themselves are listed once one was accepted.
  const picked = correct ? allowed[matched] : undefined;
  const why = (picked && picked.kind !== 'engine' ? picked.rule : undefined) ?? allowed.find((a) => a.kind !== 'engine')?.rule ?? allowed[0]!.rule;
  const others = correct ? allowed.filter((_, i) => i !== matched) : [];
  return h('div', { class: 'also-right', testid: 'feedback-also-right' },
    h('p', { class: 'head' }, t(!correct ? 'feedback.severalRight' : allowed.length > 2 ? 'feedback.alsoRightOthers' : 'feedback.alsoRight', { count: allowed.length })),
    others.length ? h('ul', { class: 'moves' }, ...others.map((a) => h('li', { testid: 'also-right-move' }, moveText(a.move)))) : null,
    ...ruleBlock(why),
  );
}

export function verdictFromView(v: VerdictView): ShownVerdict {
  return { decisionId: v.decisionId, accepted: true, correct: v.correct, points: v.points, bonus: v.bonus, mistakes: v.mistakes, attempt: v.attempts, allowed: v.allowed, matched: v.matched, revealCost: v.revealCost };
}

/** What the panel knows of the decision now open, to offer "show the right move". */
export interface OpenDecision {
  id: number;
  revealed: boolean;
  canAsk: boolean;
}

/**
 * A copy of what the panel shows of its latest verdict (its line, the right move if shown, the
 * rules behind it), in `into`: the docked composer on a phone, where the panel itself is drawn too
 * small to read (gameHud.ts). The copy drops the test ids, so the panel's own stay unique. A new
 * verdict scrolls the dock to it (the move was sent from the dock's bottom), unless Results are
 * offered at the dock's top.
 */
function mirrorVerdict(into: HTMLElement, parts: (HTMLElement | null)[], fresh: boolean, own: HTMLElement | null = null): void {
  const copies = parts.filter((p): p is HTMLElement => p !== null).map((p) => p.cloneNode(true) as HTMLElement);
  for (const c of copies) for (const el of [c, ...c.querySelectorAll<HTMLElement>('[data-testid]')]) el.removeAttribute('data-testid');
  into.replaceChildren(...copies, ...(own ? [own] : []));
  const dock = into.closest<HTMLElement>('.composer');
  if (!fresh || !copies.length || !dock || into.getClientRects().length === 0) return;
  // The round over, the dock's top offers Results (gameHud.ts): that stays in view, the verdict under it.
  dock.scrollTop = dock.querySelector('.dock-results:not([hidden])') ? 0 : Math.max(0, into.offsetTop - 8);
}

export function createFeedbackPanel(box: { x: number; y: number; width: number; height: number }, mirror: HTMLElement | null = null): {
  element: HTMLElement;
  show: (v: ShownVerdict) => void;
  reveal: (hint: HintMessage) => void;
  setDecision: (d: OpenDecision | null) => void;
  /** Until the first verdict the panel shows the level's goal and interview question. */
  setScenario: (s: Scenario | null) => void;
  setScore: (score: number, streak: number) => void;
  destroy: () => void;
} {
  const panel = h('section', { class: 'panel feedback', testid: 'feedback-panel' });
  // What a screen reader says after a move: the verdict and the rules behind it, once per verdict
  // (and once for a right move shown). The panel itself is not live: it is drawn again when the
  // score or the open decision changes, and a live panel read its goal and rules out each time.
  // The region stays attached across renders (keepChildren), as a live region must.
  const announce = h('p', { class: 'sr-only', testid: 'feedback-announce', role: 'status' });
  let announced = '';
  const say = (key: string, ...parts: (HTMLElement | null)[]): void => {
    if (key === announced) return;
    announced = key;
    announce.textContent = parts.map((p) => p?.textContent?.trim() ?? '').filter(Boolean).join(' ');
  };
  panel.style.cssText = `left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px`;
  let shown: ShownVerdict | null = null;
  let revealed: HintMessage | null = null;
  /** The decision whose paid-for answer this page asked to see again (setDecision), once. */
  let fetching: number | null = null;
  let open: OpenDecision | null = null;
  let scenario: Scenario | null = null;
  let score = 0;
  let streak = 0;

  const verdictLine = (v: ShownVerdict): HTMLElement => {
    const tryTag = h('span', { class: 'try', testid: 'feedback-try' }, t('feedback.try', { n: v.attempt }));
    const words = verdictWords({ ...v, wrongFields: v.mistakes.length });
    const cost = v.accepted && v.revealCost ? ` ${t('feedback.revealCharged', { cost: v.revealCost })}` : '';
    const tone = words.verdict === 'correct' ? 'good' : 'bad';
    const line = h('p', { class: `verdict ${tone}`, testid: 'feedback-verdict', 'data-verdict': words.verdict, 'data-attempt': String(v.attempt) }, tryTag, ' ', t(words.key, words.params) + cost);
    if (!words.note) return line;
    return h('div', {}, line, h('p', { class: 'verdict-note', testid: 'feedback-consequences' }, t(words.note)));
  };

  const revealBlock = (hint: HintMessage): HTMLElement =>
    h('div', { class: 'reveal', testid: 'feedback-reveal' },
      h('p', { class: 'head' }, t(hint.reason === 'asked' ? 'feedback.revealAsked' : 'feedback.revealSecondTry', { cost: hint.cost })),
      h('ul', { class: 'moves' }, ...hint.allowed.map((a) => h('li', { testid: 'reveal-move' }, moveText(a.move)))),
    );

  // (An answer paid for before a reload is asked for again by itself: setDecision.)
  // `testid`: the panel's own, or the dock's (the panel's offer under the rule just read, at the dock's
  // finger size on a phone, where the panel's is drawn at ×0.4: mirrorVerdict's `own`).
  const askButton = (testid = 'feedback-ask'): HTMLElement | null =>
    open && open.canAsk && !open.revealed && revealed?.decisionId !== open.id
      ? h('button', { type: 'button', class: 'small ask', testid, onclick: () => bus.emit('round:ask-hint', {}) }, t('feedback.ask', { cost: REVEAL_COST }))
      : null;

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
    const reveal = revealed && (revealed.decisionId === open?.id || revealed.decisionId === shown?.decisionId) ? revealBlock(revealed) : null;
    if (!shown) {
      keepChildren(panel, [announce, head, body(...present(reveal, scenario ? scenarioBrief(scenario, 'feedback') : null, h('p', { class: 'dim' }, t('feedback.none')), askButton()))]);
      const revealKey = reveal && revealed ? `reveal ${revealed.decisionId}` : null;
      const fresh = revealKey !== null && revealKey !== announced;
      if (revealKey) say(revealKey, reveal);
      // Until then the dock holds the level's goal and question (on a phone the panel is too small
      // to read), under the right move when the player paid to see it (a hint before any verdict).
      if (mirror) mirrorVerdict(mirror, [reveal, scenario ? scenarioBrief(scenario, 'dock') : null], fresh);
      requestAnimationFrame(() => fitAll(panel));
      return;
    }
    const v = shown;
    const explanations = {
      'also-right': alsoRight(v.allowed, v.matched, v.accepted && v.correct),
      mistakes: v.mistakes.length ? h('ul', { class: 'mistakes' }, ...byRule(v.mistakes).map(mistakeGroup)) : null,
    };
    const verdict = verdictLine(v);
    keepChildren(panel, [announce, head, body(...present(
      verdict,
      reveal,
      ...explanationOrder(v.mistakes.length).map((part) => explanations[part]),
      askButton(),
    ))]);
    const key = `verdict ${v.decisionId} ${v.attempt}${reveal && revealed ? ` reveal ${revealed.decisionId}` : ''}`;
    if (mirror) mirrorVerdict(mirror, [verdict, reveal, ...explanationOrder(v.mistakes.length).map((part) => explanations[part])], key !== announced, askButton('composer-ask'));
    say(key, verdict, reveal, explanations.mistakes);
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
    reveal: (hint) => {
      revealed = hint;
      render();
    },
    setDecision: (d) => {
      if (JSON.stringify(d) === JSON.stringify(open)) return;
      open = d;
      // Its right move was paid for and shown before this page was loaded (a reload): on screen
      // again by itself; the server shows a paid answer again at no new cost.
      if (d && d.revealed && d.canAsk && revealed?.decisionId !== d.id && fetching !== d.id) {
        fetching = d.id;
        bus.emit('round:ask-hint', {});
      }
      render();
    },
    setScenario: (s) => {
      if (s === scenario) return;
      scenario = s;
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
