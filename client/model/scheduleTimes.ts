/**
 * The resend times under a retransmission timer's bar, in seconds after the first send. Linux's
 * data retransmissions (tcp_retries2 = 15, read as 924.6 s) make thirteen of them, which do not fit one line of the
 * Timers panel: the line was cut before its end, and with it the moment the TCP gives up. A long
 * list keeps its first resends (where the backoff shows) and its last, with an ellipsis between.
 */
import type { TimerSchedule } from './view.ts';

export const ELLIPSIS = '…';

export function scheduleTimes(retransmitAtMs: readonly number[], max = 8): string[] {
  const all = retransmitAtMs.map((ms) => String(ms / 1000));
  if (all.length <= max) return all;
  return [...all.slice(0, max - 2), ELLIPSIS, all[all.length - 1]!];
}

/** A schedule line's words: an i18n key and its parameters (the segment's name is the caller's, in its language). */
export interface ScheduleLine {
  key: 'timers.scheduleAhead' | 'timers.scheduleSoFar' | 'timers.scheduleSpent';
  params: { times?: string[]; done?: string[]; next?: string[]; giveUp: number };
}

/**
 * What the line under a retransmission timer says: the resends that really happened (the first
 * `retries` of the schedule) apart from the ones that would come if no ACK arrives, and the give-up.
 * It said "This round: FIN resent 1, 3, 7 s…" for a FIN sent once and acknowledged a moment
 * later: a plan read as a history.
 */
export function scheduleLine(s: Pick<TimerSchedule, 'retries' | 'retransmitAt' | 'giveUpAt'>): ScheduleLine {
  const giveUp = s.giveUpAt / 1000;
  const made = Math.min(s.retries, s.retransmitAt.length);
  if (made === 0) return { key: 'timers.scheduleAhead', params: { times: scheduleTimes(s.retransmitAt), giveUp } };
  // Both lists on one line: a long history keeps its first and last resends, the plan its next ones and its last.
  const done = scheduleTimes(s.retransmitAt.slice(0, made), 3);
  if (made === s.retransmitAt.length) return { key: 'timers.scheduleSpent', params: { done, giveUp } };
  return { key: 'timers.scheduleSoFar', params: { done, next: scheduleTimes(s.retransmitAt.slice(made), 4), giveUp } };
}
