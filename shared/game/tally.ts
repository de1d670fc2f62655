/**
 * How a player did, decision by decision and in total, in the judge's own terms (round.ts
 * applyDecision): a decision is scored on its first try, and a try made after the right move was
 * shown (Hint in practice, or the coach's reveal after the second wrong try) is not the player's
 * own, so it earns no "right" and no streak, whatever the verdict.
 *
 * The tally is the host's counters (HostSlot.correct / judged) read back from the verdicts, plus
 * what the counters leave out: how many answers came after the answer was shown.
 */
import type { Side } from '../tcp/wire.ts';
import type { VerdictView } from './views.ts';

/**
 * A judged decision, as the learner should read it:
 * - `right`: right on the first try, nothing shown (the only kind the counters call correct);
 * - `right-shown`: right on the first try, but that try came after the answer was shown;
 * - `wrong`: the first try was wrong (in coach mode a later try was accepted);
 * - `wrong-shown`: the first try was wrong, and the answer was shown before one was accepted.
 */
export type DecisionMark = 'right' | 'right-shown' | 'wrong' | 'wrong-shown';

/** A decision's answer was shown exactly when its verdict paid for it (round.ts: REVEAL_COST). */
export function answerShown(v: Pick<VerdictView, 'revealCost'>): boolean {
  return v.revealCost > 0;
}

export function decisionMark(v: Pick<VerdictView, 'correct' | 'revealCost'>): DecisionMark {
  const shown = answerShown(v);
  if (v.correct) return shown ? 'right-shown' : 'right';
  return shown ? 'wrong-shown' : 'wrong';
}

export interface DecisionTally {
  /** The side's decisions the judge scored (the bot's moves for a taken-over host are not). */
  judged: number;
  /** Right on the first try with nothing shown: the host's `correct` counter. */
  rightOnOwn: number;
  /** Answered after the right move was shown, right or wrong at the first try. */
  answerShown: number;
  /** Of those, right on the first try (made after Hint, before any wrong try). */
  rightWithAnswerShown: number;
  /** Points the shown answers cost, in all. */
  shownCost: number;
}

export function decisionTally(verdicts: readonly VerdictView[], side: Side): DecisionTally {
  const out: DecisionTally = { judged: 0, rightOnOwn: 0, answerShown: 0, rightWithAnswerShown: 0, shownCost: 0 };
  for (const v of verdicts) {
    if (v.side !== side) continue;
    out.judged += 1;
    const mark = decisionMark(v);
    if (mark === 'right') out.rightOnOwn += 1;
    if (mark === 'right-shown') out.rightWithAnswerShown += 1;
    if (answerShown(v)) {
      out.answerShown += 1;
      out.shownCost += v.revealCost;
    }
  }
  return out;
}
