/**
 * The Timers panel's words, made here so that the panel and the composer's prompt say a time the
 * same way ("RTO 1 s" in both: the panel said "RTO 1.0 s" under a prompt's "RTO 1 s").
 *
 * The resend times under a retransmission timer's bar, in seconds after the first send. Linux's
 * data retransmissions (tcp_retries2 = 15, read as 924.6 s) make thirteen of them, which do not fit one line of the
 * Timers panel: the line was cut before its end, and with it the moment the TCP gives up. A long
 * list keeps its first resends (where the backoff shows) and its last, with an ellipsis between.
 */
import type { TimerSchedule, TimerSpan } from './view.ts';

export const ELLIPSIS = '…';

/** Seconds without trailing zeros (1, 0.2, 240), as every timer's words say them; the words around carry the unit. */
export function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** A timer row's name: an i18n key and its parameters (the segment's name is the caller's, in its language). */
export interface TimerTitle {
  key: 'timers.rto' | 'timers.rtoOf' | 'timers.rtoLast' | 'timers.delayedAck' | 'timers.finWait2' | 'timers.twLinux' | 'timers.tw';
  params: { rto?: string; total?: string; n?: number; limit?: number };
}

/** What a timer's row is called: its kind, and the time it was armed with. */
export function timerTitle(span: Pick<TimerSpan, 'kind' | 'startedAt' | 'expiresAt' | 'schedule' | 'profile'>): TimerTitle {
  const total = seconds(span.expiresAt - span.startedAt);
  const sch = span.schedule;
  switch (span.kind) {
    case 'retransmission':
      if (!sch) return { key: 'timers.rto', params: { rto: total } };
      // The RTO this timer was armed with, from the schedule (the span may have been seen only after it started).
      return { key: sch.retries < sch.retransmitAt.length ? 'timers.rtoOf' : 'timers.rtoLast', params: { n: sch.retries + 1, limit: sch.retransmitAt.length, rto: seconds(rtoOf(sch)) } };
    case 'delayed-ack':
      return { key: 'timers.delayedAck', params: { total } };
    case 'fin-wait-2':
      return { key: 'timers.finWait2', params: { total } };
    default:
      return { key: span.profile === 'linux' ? 'timers.twLinux' : 'timers.tw', params: { total } };
  }
}

/** The wait before the next resend (or the give-up) after `retries` resends, as the schedule has it. */
function rtoOf(s: Pick<TimerSchedule, 'retries' | 'retransmitAt' | 'giveUpAt'>): number {
  const times = [0, ...s.retransmitAt, s.giveUpAt];
  const i = Math.min(s.retries, times.length - 2);
  return (times[i + 1] ?? 0) - (times[i] ?? 0);
}

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
