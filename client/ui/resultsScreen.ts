/**
 * The Results screen for a finished round. Everything comes from the server: the score and each
 * decision's verdict (the round's final RoundView), the challenge's place on the leaderboard, the
 * quiz answers. The client adds only the words: the rule behind each mistake, in the current language.
 * Watch mode's demo round (no session) shows just the wire statistics and the host paths.
 */
import { findScenario, SCENARIOS } from '../../shared/game/scenarios.ts';
import { leaderboardId } from '../../shared/game/leaderboard.ts';
import type { RoundView, VerdictView } from '../../shared/game/views.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { decisionMark, decisionTally, type DecisionMark } from '../../shared/game/tally.ts';
import { segmentSummary } from '../model/segmentText.ts';
import { bus } from '../events.ts';
import { currentLang, signed, t } from '../i18n/index.ts';
import type { RoundLog } from '../model/view.ts';
import { durationStat, endLine, roundEndLine, segmentTotals } from '../model/endStates.ts';
import { fetchLeaderboard, type LeaderboardEntry, type QuizResult, type SessionState } from '../net/session.ts';
import { h, present } from './dom.ts';
import { fitAll } from './fit.ts';
import { byRule, mistakeGroup } from './feedbackPanel.ts';
import { scenarioBrief } from './briefing.ts';
import { mountLayer } from './overlay.ts';
import { CAPTURE_POINTS, type CapturePoint } from '../../shared/pcap/export.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

export interface ResultsActions {
  exportPng: () => void;
  replay: () => void;
  /** Save the round as a .pcap taken at this point (client, server, or the wire). */
  exportPcap: (point: CapturePoint) => void;
  /** The side-by-side view under the other profile (only for a round the server sent the inputs of). */
  compare?: () => void;
  /** A capture file opened in the game, not a round: its Results say so and name it. */
  capture?: { fileName: string; connection: number | null };
}

export function mountResultsScreen(log: RoundLog, actions: ResultsActions, session: SessionState | null = null): () => void {
  const { layer, unmount } = mountLayer('results', () => undefined);
  const view: RoundView | null = session?.finalView ?? session?.view ?? null;
  const scenario = view ? findScenario(view.scenarioId) : undefined;
  // (A long capture's replay draws part of its connection: its totals are the whole one's.)
  const totals = segmentTotals(log);
  const quiz = new Map<string, QuizResult>();
  let board: LeaderboardEntry[] = [];
  let rematchAsked = false;
  // The server stopped mid-round (client/net/interrupted.ts): its room is gone, so nothing can be
  // asked of it; the quiz is marked here, from the same cards.
  const roomGone = session?.room?.endReason === 'interrupted';
  let capturePoint: CapturePoint = 'wire';

  const stat = (testid: string, label: string, value: string): HTMLElement =>
    h('div', { class: 'stat', testid }, h('b', { 'data-fit': '' }, value), h('span', { 'data-fit': '' }, label));

  const path = (role: 'client' | 'server'): HTMLElement =>
    h(
      'div',
      { class: 'path', testid: `results-path-${role}` },
      h('h3', { 'data-fit': '' }, t('results.path', { host: t(role === 'client' ? 'host.client' : 'host.server') })),
      h('div', { class: 'chips' }, ...log.states.filter((s) => s.host === role).flatMap((s, i) => [i ? h('span', { class: 'arrow' }, '→') : null, h('span', { class: 'state-chip' }, s.state)])),
    );

  /**
   * Under the counts (a capture taken at a host), the segments that reached the receiving host and
   * were dropped there: not lost on the wire, so not in that count. A round has none.
   */
  const droppedLine = (): HTMLElement | null =>
    totals.dropped > 0 ? h('p', { class: 'dropped-line', testid: 'results-dropped' }, t('results.dropped', { count: totals.dropped })) : null;

  /** A duel's outcome: the opponent's score beside the player's, and who won. */
  const versus = (v: RoundView): HTMLElement | null => {
    const you = v.you;
    const room = session?.room;
    if (!you || !room || (room.kind !== 'duel' && session?.request.kind !== 'class-pair')) return null;
    const other = you === 'client' ? 'server' : 'client';
    const mine = v.hosts[you].score;
    const theirs = v.hosts[other].score;
    // An opponent who left the round: the bot played their host on and scored nothing, so their
    // score is theirs from before they left (the class's partner line says it the same way).
    const seat = room.seats[other];
    const left = seat?.controller === 'bot' && !!seat.name && seat.name !== BOT_NAME;
    const name = !seat?.name ? t('turn.opponent') : left ? t('results.opponentLeftName', { name: seat.name }) : seat.name;
    // Counted as the player's own tally is, from the same verdicts: the final view carries both
    // sides'. A round the server never finished (interrupted) has only the player's own, so the
    // opponent's line keeps the totals its segments carried (the same count, without the shown ones).
    const tally = v.finished ? decisionTally(v.verdicts, other) : { rightOnOwn: v.hosts[other].correct, judged: v.hosts[other].judged, answerShown: 0 };
    const outcome = mine > theirs ? 'results.won' : mine < theirs ? 'results.lost.duel' : 'results.draw';
    return h('div', { class: 'versus', testid: 'results-versus' },
      h('span', { testid: 'results-opponent-score', 'data-fit': '', ...(left ? { title: t('results.opponentLeft', { name: seat.name }) } : {}) }, t(tally.answerShown ? 'results.opponentScoreShown' : 'results.opponentScore', { name, score: theirs, correct: tally.rightOnOwn, judged: tally.judged, count: tally.answerShown })),
      h('b', { class: outcome === 'results.won' ? 'good' : outcome === 'results.draw' ? '' : 'bad', testid: 'results-outcome', 'data-fit': '' }, t(outcome, { name })),
    );
  };

  const scoreSection = (v: RoundView): HTMLElement => {
    const you = v.you ?? 'client';
    const me = v.hosts[you];
    // Right on your own is what the judge counts as correct (first try, nothing shown); a decision
    // answered after the right move was shown (Hint, or the coach's after two wrong tries) is
    // counted beside it, so a ◐ row below (right, with the answer shown) is never missing from the story.
    const tally = decisionTally(v.verdicts, you);
    // A challenge's score is the leaderboard's: the judged points plus the time bonus, both shown.
    const challenge = session?.request.kind === 'challenge' ? session.challenge : null;
    const score = challenge
      ? h('div', { class: 'stat', testid: 'results-score' },
          h('b', { 'data-fit': '' }, String(challenge.score)),
          h('span', { 'data-fit': '' }, t('results.score')),
          h('small', { testid: 'results-score-breakdown' }, t('results.scoreBreakdown', { points: challenge.points, bonus: challenge.timeBonus })))
      : stat('results-score', t('results.score'), String(me.score));
    return h('div', { class: 'stats' },
      score,
      h('div', { class: 'stat', testid: 'results-correct' },
        h('b', { 'data-fit': '' }, `${tally.rightOnOwn} / ${tally.judged}`),
        h('span', { 'data-fit': '' }, t('results.correct')),
        h('small', { class: tally.answerShown ? 'shown-line' : 'shown-line none', testid: 'results-shown', 'data-fit': '' }, t('results.shown', { count: tally.answerShown }))),
      stat('results-lost', t('results.lost'), String(totals.lost)),
      stat('results-retransmissions', t('results.retransmissions'), String(totals.retransmissions)),
    );
  };

  /**
   * One row per decision: how the first try went (its mark, said in words to a screen reader and
   * on hover), when, what the host was answering, what the player did, the points.
   */
  const decisionRow = (d: VerdictView): HTMLElement => {
    const mark = decisionMark(d);
    return h('li', { class: MARK_CLASS[mark], testid: 'results-decision', 'data-mark': mark },
      h('span', { class: 'mark', role: 'img', 'aria-label': t(`results.mark.${mark}`), title: t(`results.mark.${mark}`), testid: 'results-decision-mark' }, MARK_GLYPH[mark]),
      h('span', { class: 'at' }, t('unit.seconds', { s: (d.at / 1000).toFixed(2) })),
      h('span', { class: 'what' },
        h('span', { class: 'cause' }, causeText(d, view?.inputs?.profile ?? null)),
        h('span', { class: 'played' }, `→ ${playedText(d)}`)),
      h('b', { class: 'points' }, `${signed(d.points)}${d.bonus ? ` (${signed(d.bonus)})` : ''}${d.revealCost ? ` ${t('results.revealCost', { cost: d.revealCost })}` : ''}`),
    );
  };

  /** What the marks mean, once above the lists (the wrong-then-shown row's cost says the rest). */
  const legend = (): HTMLElement =>
    h('p', { class: 'mark-legend', testid: 'results-legend' }, ...(['right', 'right-shown', 'wrong'] as const).map((m) =>
      h('span', { class: `mark-${m}` }, h('b', { 'aria-hidden': 'true' }, MARK_GLYPH[m]), ` ${t(`results.mark.${m}`)}`)));

  // A player's breakdown is their own decisions (the final view also carries the opponent's); a
  // spectator's is both hosts', one list each.
  const decisions = (v: RoundView): HTMLElement => {
    const sides = v.you ? [v.you] : (['client', 'server'] as const).filter((s) => v.verdicts.some((d) => d.side === s));
    const lists = sides.map((side) => {
      const mine = v.verdicts.filter((d) => d.side === side).sort((a, b) => a.at - b.at || a.decisionId - b.decisionId);
      return [
        v.you ? null : h('h3', { 'data-fit': '' }, t(side === 'client' ? 'host.client' : 'host.server')),
        h('ol', { class: 'decisions' }, ...mine.map(decisionRow)),
      ];
    });
    return h('section', { class: 'block', testid: 'results-decisions' },
      h('h2', { 'data-fit': '' }, t('results.decisions')),
      ...(sides.length === 0 ? [h('p', { class: 'dim' }, t('results.noDecisions'))] : present(legend(), ...lists.flat())),
    );
  };

  // The final view carries both players' verdicts: a player's mistakes are its own.
  const mistakes = (v: RoundView): HTMLElement => {
    const all = v.verdicts.filter((d) => !v.you || d.side === v.you).flatMap((d) => d.mistakes);
    return h('section', { class: 'block', testid: 'results-mistakes' },
      h('h2', { 'data-fit': '' }, t('results.mistakes')),
      // "Textbook TCP!" is for a round played to its end; one resigned, stopped or out of time ended early.
      all.length === 0
        ? h('p', { class: 'dim', testid: 'results-no-mistakes' }, t((v.endReason ?? 'complete') === 'complete' ? 'results.noMistakes' : 'results.noMistakesBeforeEnd'))
        : h('ul', { class: 'mistakes' }, ...byRule(all).map(mistakeGroup)),
    );
  };

  const quizSection = (): HTMLElement | null => {
    if (!scenario || scenario.quiz.length === 0) return null;
    const lang = currentLang();
    return h('section', { class: 'block', testid: 'results-quiz' },
      h('h2', { 'data-fit': '' }, t('results.quiz')),
      ...scenario.quiz.map((card) => {
        const answered = quiz.get(card.id);
        return h('div', { class: 'quiz-card', testid: `quiz-${card.id}` },
          h('p', { class: 'q' }, card.question[lang]),
          h('div', { class: 'choices' }, ...card.choices.map((c, i) =>
            h('button', {
              type: 'button',
              class: answered ? (i === answered.answer ? 'choice right' : i === answered.choice ? 'choice wrong' : 'choice') : 'choice',
              disabled: !!answered,
              testid: `quiz-${card.id}-${i}`,
              onclick: () => {
                if (!roomGone) return bus.emit('round:quiz', { cardId: card.id, choice: i });
                quiz.set(card.id, { cardId: card.id, choice: i, correct: i === card.answer, answer: card.answer, explanation: card.explanation });
                render();
              },
            }, c[lang]))),
          answered ? h('p', { class: answered.correct ? 'good' : 'bad', testid: 'quiz-result' }, t(answered.correct ? 'results.quizRight' : 'results.quizWrong', { explanation: answered.explanation[lang] })) : null,
        );
      }),
    );
  };

  const boardSection = (): HTMLElement | null => {
    if (session?.request.kind !== 'challenge') return null;
    const result = session.challenge;
    return h('section', { class: 'block', testid: 'results-leaderboard' },
      h('h2', { 'data-fit': '' }, t('results.board')),
      h('p', { class: 'place', testid: 'results-place' },
        result && result.rank !== null ? t('results.place', { rank: result.rank, score: result.score, s: (result.timeMs / 1000).toFixed(1) }) : t('results.noPlace')),
      h('ol', { class: 'board' }, ...board.map((row, i) =>
        h('li', { class: result?.rank === (row.rank ?? i + 1) ? 'me' : '', testid: 'results-board-row' },
          h('span', {}, `${row.rank ?? i + 1}. ${row.playerName ?? row.name ?? ''}`), h('b', {}, String(row.score))))),
    );
  };

  /** The round as a capture file, taken where the player chooses (Wireshark opens it). */
  const pcapExport = (): HTMLElement =>
    h('div', { class: 'pcap-export', testid: 'results-pcap-block' },
      h('label', { class: 'field' }, h('span', {}, t('pcap.point')),
        h('select', { testid: 'results-pcap-point', onchange: (e) => (capturePoint = (e.target as HTMLSelectElement).value as CapturePoint) },
          ...CAPTURE_POINTS.map((p) => h('option', { value: p, selected: p === capturePoint }, t(`pcap.point.${p}`))))),
      h('button', { type: 'button', testid: 'results-pcap', onclick: () => actions.exportPcap(capturePoint) }, '⤓ ', t('pcap.download')));

  /**
   * The next round, asked for in the open: what each player asked ('same' roles or 'swap') is on
   * the room's seats, so the second player sees the first's request and accepts it or chooses the
   * other (the room starts the round with the second's choice, see RoundRoom.onRematch).
   */
  const requests = (): { mine: string; theirs: string; name: string } => {
    const you = session?.side;
    const room = session?.room;
    if (!you || !room) return { mine: rematchAsked ? 'same' : '', theirs: '', name: '' };
    const other = room.seats[you === 'client' ? 'server' : 'client'];
    return { mine: room.seats[you]?.request || '', theirs: other?.controller === 'human' ? (other.request ?? '') : '', name: other?.name || t('turn.opponent') };
  };

  const ask = (swap: boolean): void => {
    rematchAsked = true;
    bus.emit(swap ? 'round:swap' : 'round:rematch', {});
    render();
  };

  const requestLine = (): HTMLElement | null => {
    const r = requests();
    const text = r.theirs ? t(r.theirs === 'swap' ? 'results.theyAskSwap' : 'results.theyAskSame', { name: r.name })
      : r.mine ? t(r.mine === 'swap' ? 'results.youAskedSwap' : 'results.youAskedSame', { name: r.name })
      : null;
    return text ? h('p', { class: 'request', testid: 'results-request', role: 'status' }, text) : null;
  };

  const nextRoundButtons = (duel: boolean): HTMLElement[] => {
    const r = requests();
    if (!duel) {
      return [h('button', { type: 'button', testid: 'results-rematch', disabled: rematchAsked, onclick: () => ask(false) }, rematchAsked ? t('results.waitingRematch') : t('results.rematch'))];
    }
    // The other player asked first: accept their choice (the first button), or choose the other.
    if (r.theirs && !r.mine) {
      const swap = r.theirs === 'swap';
      return [
        h('button', { type: 'button', class: 'primary', testid: swap ? 'results-swap' : 'results-rematch', onclick: () => ask(swap) }, t(swap ? 'results.acceptSwap' : 'results.acceptSame')),
        h('button', { type: 'button', testid: swap ? 'results-rematch' : 'results-swap', onclick: () => ask(!swap) }, t(swap ? 'results.insteadSame' : 'results.insteadSwap')),
      ];
    }
    return [
      h('button', { type: 'button', testid: 'results-rematch', disabled: r.mine === 'same', onclick: () => ask(false) }, t('results.rematch')),
      h('button', { type: 'button', testid: 'results-swap', disabled: r.mine === 'swap', onclick: () => ask(true) }, t('results.swap')),
    ];
  };

  const nextScenario = (): string | null => {
    if (!view) return null;
    const i = SCENARIOS.findIndex((s) => s.id === view.scenarioId);
    return SCENARIOS[(i + 1) % SCENARIOS.length]?.id ?? null;
  };

  const render = (): void => {
    const duel = session?.request.kind === 'duel';
    const reason = session?.room?.endReason || view?.endReason || 'complete';
    // Why it ended, said as the host paths end (a round), or how a watched connection ended.
    const firstLine = view ? roundEndLine(reason, log) : endLine(log);
    const left = view
      ? present(scoreSection(view), versus(view), decisions(view), mistakes(view))
      : [h('div', { class: 'stats' },
          stat('results-segments', t('results.segments'), String(totals.segments)),
          stat('results-lost', t('results.lost'), String(totals.lost)),
          stat('results-retransmissions', t('results.retransmissions'), String(totals.retransmissions)),
          stat('results-duration', t(durationStat(log).key), t('results.seconds', { s: durationStat(log).seconds })),
        ), ...present(droppedLine())];
    const next = nextScenario();
    layer.replaceChildren(
      h('section', { class: `panel results-panel ${view ? 'wide' : ''}`, testid: 'results' },
        h('h1', { 'data-fit': '', testid: 'results-title' }, view && scenario ? `${t('results.title')} · ${scenario.title[currentLang()]}` : actions.capture ? captureTitle(actions.capture) : t('results.title')),
        h('p', { class: 'sub', testid: 'results-reason' }, t(firstLine.key, firstLine.params)),
        view && reason === 'idle' ? leftOpen(view) : null,
        view && scenario ? scenarioBrief(scenario, 'results') : null,
        h('div', { class: 'columns' },
          h('div', { class: 'col' }, ...left, path('client'), path('server'), pcapExport()),
          view ? h('div', { class: 'col' }, ...present(boardSection(), quizSection())) : null,
        ),
        view && duel && session?.request.kind !== 'class-pair' ? requestLine() : null,
        h('div', { class: 'actions' }, ...present(
          h('button', { type: 'button', class: 'primary', testid: 'results-replay', onclick: actions.replay }, t(view ? 'results.replayTitle' : 'results.replay')),
          h('button', { type: 'button', testid: 'results-export', onclick: actions.exportPng }, '⤓ ', t('results.export')),
          view?.inputs && actions.compare ? h('button', { type: 'button', testid: 'results-compare', onclick: actions.compare }, t(view.inputs.profile === 'linux' ? 'compare.open.rfc9293' : 'compare.open.linux')) : null,
          // In a class the teacher starts the next round; a pair cannot rematch or pick a scenario on its own (nor after the room is gone).
          ...(view && session?.room && !roomGone && session.request.kind !== 'class-pair' ? nextRoundButtons(duel) : []),
          view && next && session?.request.kind !== 'class-pair' ? h('button', { type: 'button', testid: 'results-next', onclick: () => bus.emit('round:next-scenario', { scenarioId: next }) }, t('results.next')) : null,
          h('button', { type: 'button', testid: 'results-menu', 'aria-keyshortcuts': 'Escape', onclick: () => bus.emit('nav:menu', {}) }, t('results.menu')),
        )),
      ),
    );
    requestAnimationFrame(() => fitAll(layer));
  };
  render();
  let lastRequests = JSON.stringify(requests());
  const offs = [
    bus.on('language-changed', render),
    // The other player's request (or a change of mind) shows as it comes.
    bus.on('session:update', () => {
      const now = JSON.stringify(requests());
      if (now === lastRequests) return;
      lastRequests = now;
      render();
    }),
    bus.on('round:quiz-result', (r) => {
      quiz.set(r.cardId, r);
      render();
    }),
    bus.on('round:challenge-result', () => {
      render();
      if (view) void fetchLeaderboard(leaderboardId(view.scenarioId, view.you ?? 'client')).then((rows) => ((board = rows), render()));
    }),
  ];
  if (session?.request.kind === 'challenge' && view) void fetchLeaderboard(leaderboardId(view.scenarioId, view.you ?? 'client')).then((rows) => ((board = rows), render()));
  // Escape goes back to the menu, as on the game's screens (Results' own "Back to menu" does the same).
  const onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement | null;
    if (e.key !== 'Escape' || (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA'))) return;
    bus.emit('nav:menu', {});
  };
  document.addEventListener('keydown', onKey);
  return () => {
    document.removeEventListener('keydown', onKey);
    offs.forEach((off) => off());
    unmount();
  };
}

function captureTitle(c: { fileName: string; connection: number | null }): string {
  return c.connection === null ? t('results.titleCapture', { file: c.fileName }) : t('results.titleCaptureConnection', { file: c.fileName, n: c.connection });
}

/** A first try's mark: ✓ right on your own, ◐ right with the answer shown, ✗ wrong (shown or not). */
export const MARK_GLYPH: Record<DecisionMark, string> = { right: '✓', 'right-shown': '◐', wrong: '✗', 'wrong-shown': '✗' };
export const MARK_CLASS: Record<DecisionMark, string> = { right: 'good', 'right-shown': 'shown', wrong: 'bad', 'wrong-shown': 'bad' };

/** An idle round: which host's connection was left open, and in which state (the states are RFC 9293's names). */
function leftOpen(view: RoundView): HTMLElement | null {
  const open = (['client', 'server'] as const).flatMap((side) => {
    const state = view.hosts[side].state;
    return state && state !== 'CLOSED' && state !== 'LISTEN' ? [t('results.reason.idle.host', { host: t(`host.${side}`), state })] : [];
  });
  return open.length > 0 ? h('p', { class: 'sub', testid: 'results-left-open' }, t('results.reason.idle.open', { hosts: open.join(t('timers.listSep')) })) : null;
}

function causeText(d: VerdictView, profile: Profile | null): string {
  const c = d.cause;
  // Linux's TIME-WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN), not 2×MSL.
  if (c.kind === 'timer' && c.timer === 'time-wait' && profile === 'linux') return t('results.cause.timer.time-wait.linux');
  if (c.kind === 'segment') return t('results.cause.segment', { segment: segmentSummary({ src: '', dst: '', wnd: 0, flags: c.flags, seq: c.seq, ack: c.ack, data: 'x'.repeat(c.len) }) });
  if (c.kind === 'timer') return t(c.timer ? `results.cause.timer.${c.timer}` : 'results.cause.timer');
  if (c.call === 'unlisten') return t('results.cause.unlisten');
  return c.data ? t('results.cause.callData', { call: c.call, data: c.data }) : t('results.cause.call', { call: c.call });
}

export function playedText(d: VerdictView): string {
  const sent = d.played.segments.map((sg) => segmentSummary({ src: '', dst: '', wnd: 0, ...sg })).join(' + ');
  const params = { move: sent || t('results.played.wait'), state: d.played.state, n: d.attempts };
  return t(d.attempts > 1 ? 'results.playedAfterTries' : 'results.played', params);
}
