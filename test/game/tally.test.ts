/**
 * What Results counts, read back from the verdicts (shared/game/tally.ts), against what the judge
 * counted (the host's `correct` / `judged`): a decision is scored on its first try; a try made
 * after the right move was shown (Hint, or the coach's reveal after the second wrong try) costs
 * REVEAL_COST and is not "right on your own", even when it is right; the bot's moves for a host it
 * took over are not the player's and are not judged.
 */
import { describe, expect, it } from 'vitest';
import { hintFor, nextEventAt, scenarioOf, stepRound } from '../../shared/game/round.ts';
import { REVEAL_COST } from '../../shared/game/scoring.ts';
import { decisionMark, decisionTally, type DecisionMark } from '../../shared/game/tally.ts';
import { roundView, type VerdictView } from '../../shared/game/views.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round, RoundEvent, RoundSettings } from '../../shared/game/types.ts';
import { startRound } from './play.ts';

/** How the player answers one decision. */
type Plan =
  | 'own' // the right move, at once
  | 'hint' // Hint, then the right move
  | 'retry' // one wrong try, then the right move
  | 'shown' // two wrong tries (the coach shows the answer), then the right move
  | 'wrong-then-hint' // one wrong try, Hint, then the right move
  | 'hint-then-wrong'; // Hint, then a wrong move anyway (consequences mode puts it on the wire)

/** A move no decision of these scenarios accepts: a state the right move does not name, and no segment. */
const wrongFor = (right: Move): Move => ({ state: right.state === 'CLOSED' ? 'LISTEN' : 'CLOSED', segments: [] });

function step(r: Round, event: RoundEvent): Round {
  const res = stepRound(r, event);
  if (!res.ok) throw new Error(res.rejection.detail);
  return res.round;
}

/** Play the client's host by `plans`, one per decision; `takeOverAt`: the bot takes the host over at that decision. */
function play(plans: Plan[], { takeOverAt = Infinity, settings = {} as Partial<RoundSettings> } = {}): Round {
  let r = startRound('handshake', 'client', settings);
  let n = 0;
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const d = r.hosts.client.decision;
    if (d) {
      if (n === takeOverAt) {
        r = step(r, { kind: 'takeover', at: r.now, side: 'client' });
        continue;
      }
      const plan = plans[n++] ?? 'own';
      const right = hintFor(r, 'client')!;
      const move = (m: Move): void => void (r = step(r, { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: m }));
      const reveal = (): void => void (r = step(r, { kind: 'reveal', at: r.now, side: 'client', decisionId: d.id }));
      if (plan === 'hint' || plan === 'hint-then-wrong') reveal();
      if (plan === 'retry' || plan === 'shown' || plan === 'wrong-then-hint') move(wrongFor(right));
      if (plan === 'shown') move(wrongFor(right));
      if (plan === 'wrong-then-hint') reveal();
      move(plan === 'hint-then-wrong' ? wrongFor(right) : right);
      continue;
    }
    const t = nextEventAt(r);
    const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
    r = step(r, { kind: 'advance', at: t === null ? limit : Math.min(t, limit) });
  }
  return r;
}

const rows = (r: Round): VerdictView[] => [...roundView(r, 'client').verdicts].filter((v) => v.side === 'client').sort((a, b) => a.decisionId - b.decisionId);
const marks = (r: Round): DecisionMark[] => rows(r).map(decisionMark);

/** Results' tally is the judge's own count, and says what the count leaves out. */
function expectTallyIsTheCounters(r: Round): void {
  const tally = decisionTally(roundView(r, 'client').verdicts, 'client');
  expect(tally.rightOnOwn).toBe(r.hosts.client.correct);
  expect(tally.judged).toBe(r.hosts.client.judged);
}

describe('a decision right on the first try, nothing shown', () => {
  it('is ✓ right on your own: counted correct, full points, no cost', () => {
    const r = play(['own', 'own']);
    expect(marks(r)).toEqual(rows(r).map(() => 'right'));
    expect(rows(r)[0]).toMatchObject({ correct: true, attempts: 1, revealCost: 0 });
    expect(decisionTally(roundView(r, 'client').verdicts, 'client')).toMatchObject({ rightOnOwn: rows(r).length, answerShown: 0, rightWithAnswerShown: 0, shownCost: 0 });
    expectTallyIsTheCounters(r);
  });
});

describe('a decision right after a wrong try (coach mode)', () => {
  it('is scored on the first try: wrong, not counted correct, accepted on try 2, nothing shown', () => {
    const r = play(['retry']);
    expect(rows(r)[0]).toMatchObject({ correct: false, attempts: 2, revealCost: 0 });
    expect(marks(r)[0]).toBe('wrong');
    expectTallyIsTheCounters(r);
  });
});

describe('a decision answered after the answer was shown', () => {
  it('Hint, then right: the verdict is right, but it is not the player’s own (not counted correct, −REVEAL_COST)', () => {
    const r = play(['hint', 'own']);
    const [first, second] = rows(r);
    expect(first).toMatchObject({ correct: true, attempts: 1, revealCost: REVEAL_COST });
    expect(first!.points).toBe(rows(play(['own']))[0]!.points - REVEAL_COST);
    expect(marks(r).slice(0, 2)).toEqual(['right-shown', 'right']);
    // The streak starts after the shown answer: the second decision earns no bonus (a streak of 1).
    expect(second).toMatchObject({ correct: true, bonus: 0 });
    const tally = decisionTally(roundView(r, 'client').verdicts, 'client');
    expect(tally).toMatchObject({ answerShown: 1, rightWithAnswerShown: 1, shownCost: REVEAL_COST, rightOnOwn: rows(r).length - 1 });
    expectTallyIsTheCounters(r);
  });

  it('two wrong tries, the coach shows the answer, then right: wrong at the first try, with the answer shown', () => {
    const r = play(['shown']);
    expect(rows(r)[0]).toMatchObject({ correct: false, attempts: 3, revealCost: REVEAL_COST });
    expect(marks(r)[0]).toBe('wrong-shown');
    expect(decisionTally(roundView(r, 'client').verdicts, 'client')).toMatchObject({ answerShown: 1, rightWithAnswerShown: 0 });
    expectTallyIsTheCounters(r);
  });

  it('one wrong try, then Hint, then right: wrong at the first try, with the answer shown', () => {
    const r = play(['wrong-then-hint']);
    expect(rows(r)[0]).toMatchObject({ correct: false, attempts: 2, revealCost: REVEAL_COST });
    expect(marks(r)[0]).toBe('wrong-shown');
    expectTallyIsTheCounters(r);
  });

  it('consequences mode, Hint, then a wrong move anyway: it goes on the wire, wrong, with the answer shown', () => {
    const r = play(['hint-then-wrong'], { settings: { mode: 'consequences' } });
    expect(rows(r)[0]).toMatchObject({ correct: false, attempts: 1, revealCost: REVEAL_COST });
    expect(marks(r)[0]).toBe('wrong-shown');
    expectTallyIsTheCounters(r);
  });
});

describe('a host the bot took over', () => {
  it('the bot’s decisions are no rows and not judged; the player’s earlier ones stay as they were', () => {
    const whole = play([]);
    const r = play(['own', 'hint'], { takeOverAt: 2 });
    expect(r.hosts.client.controller).toBe('bot');
    expect(rows(r)).toHaveLength(2);
    expect(marks(r)).toEqual(['right', 'right-shown']);
    expect(r.decisions.filter((d) => d.side === 'client' && d.by === 'bot').length).toBe(rows(whole).length - 2);
    expectTallyIsTheCounters(r);
  });
});
