/**
 * The feedback panel's verdict line, in message keys: refused (coach mode, try again), right, or
 * wrong with how many fields. A move accepted after a refused try is right now, but the score counts
 * the first try (as the judge does): the line says both, so "Try 2" never reads as a second mistake.
 */
import type { MessageKey } from '../i18n/en.ts';
import { signed } from '../i18n/index.ts';

export interface VerdictFacts {
  accepted: boolean;
  correct: boolean;
  attempt: number;
  points: number;
  bonus: number;
  /** The fields judged wrong (on the first try when a later one was accepted). */
  wrongFields: number;
}

export interface VerdictWords {
  verdict: 'refused' | 'correct' | 'wrong';
  key: MessageKey;
  params: Record<string, string | number>;
  /**
   * Under a wrong move that stands (consequences mode: accepted at the first try), what follows from
   * it: what the player sent is on the wire and the peer's TCP answers that, while the player's own
   * host goes on as a correct TCP. Without it the next thing seen (a RST, a silence) came unexplained.
   */
  note?: MessageKey;
}

export function verdictWords(v: VerdictFacts): VerdictWords {
  if (!v.accepted) return { verdict: 'refused', key: 'feedback.refused', params: {} };
  if (v.correct) return { verdict: 'correct', key: 'feedback.correct', params: { points: signed(v.points), bonus: signed(v.bonus) } };
  const params = { points: signed(v.points), count: v.wrongFields };
  if (v.attempt > 1) return { verdict: 'wrong', key: 'feedback.acceptedAfterWrong', params };
  return { verdict: 'wrong', key: 'feedback.wrong', params, note: 'feedback.consequences' };
}

/**
 * The order of the panel's explanations under the verdict line. A move with wrong fields (a refused
 * try, or one scored wrong) shows its mistakes and their rules first: "More than one move is right
 * here" above them read, on a wrong try, as if the move had been one of the right ones, and pushed
 * the learner's own mistake below the panel's fold. A right move shows the other right answer.
 */
export function explanationOrder(wrongFields: number): ('mistakes' | 'also-right')[] {
  return wrongFields > 0 ? ['mistakes', 'also-right'] : ['also-right', 'mistakes'];
}
