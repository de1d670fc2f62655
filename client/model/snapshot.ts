/**
 * A round's picture at one instant, derived from its log alone: scrubbing, replay and live play all
 * ask the same pure question "what is on screen at time t?".
 */
import { segmentLength } from '../../shared/tcp/segment.ts';
import { seqAdd } from '../../shared/tcp/seq.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { AppCall, Flight, HostRole, QueueSample, RoundLog, StateChange, TimerSpan } from './view.ts';

/** How long a lost segment's destruction stays on screen (round-clock ms). */
export const LOSS_BURST_MS = 700;
/** How long an expired timer keeps saying "fired". */
export const TIMER_FIRED_MS = 600;

/**
 * The state changes shown at t: all before t, and the first `cut` of those at exactly t (a replay
 * stepping through an instant in which a host passed several states; Infinity: all of them).
 */
export function statesShown(log: RoundLog, t: number, cut = Infinity): StateChange[] {
  let k = 0;
  return log.states.filter((s) => s.at < t || (s.at === t && k++ < cut));
}

export function stateAt(log: RoundLog, host: HostRole, t: number, cut = Infinity): TcpState {
  let s: TcpState = 'CLOSED';
  for (const c of statesShown(log, t, cut)) if (c.host === host) s = c.state;
  return s;
}

/** The last state change of a host at or before t (for the state diagram's "from → to"). */
export function lastTransition(log: RoundLog, host: HostRole, t: number, cut = Infinity): { from: TcpState; to: StateChange } | null {
  const mine = statesShown(log, t, cut).filter((c) => c.host === host);
  const to = mine[mine.length - 1];
  const from = mine[mine.length - 2];
  return to && from ? { from: from.state, to } : null;
}

export function visitedStates(log: RoundLog, host: HostRole, t: number, cut = Infinity): TcpState[] {
  return statesShown(log, t, cut).filter((c) => c.host === host).map((c) => c.state);
}

/** A listener's queues at t, as its host knew them (null: no listener). */
export function queuesAt(log: RoundLog, host: HostRole, t: number): QueueSample | null {
  let last: QueueSample | null = null;
  for (const q of log.queues ?? []) if (q.host === host && q.at <= t) last = q;
  return last && last.synMax + last.acceptMax > 0 ? last : null;
}

export function callAt(log: RoundLog, host: HostRole, t: number): AppCall | null {
  let last: AppCall | null = null;
  for (const c of log.calls) if (c.host === host && c.at <= t) last = c;
  return last;
}

/** Flights drawn on the wire at t: in the air, or a lost one still bursting. */
export function flightsOnWire(log: RoundLog, t: number): Flight[] {
  return log.flights.filter((f) => {
    if (f.sentAt > t) return false;
    if (f.lostAt !== null) return t < f.lostAt + LOSS_BURST_MS;
    return t < f.arrivesAt;
  });
}

export function flightsSentBy(log: RoundLog, t: number): Flight[] {
  return log.flights.filter((f) => f.sentAt <= t);
}

export interface TimerNow {
  span: TimerSpan;
  remainingMs: number;
  fired: boolean;
}

export function timersAt(log: RoundLog, t: number): TimerNow[] {
  const out: TimerNow[] = [];
  for (const span of log.timers) {
    if (span.startedAt > t) continue;
    if (span.cancelledAt !== null && span.cancelledAt <= t) continue;
    if (t < span.expiresAt) out.push({ span, remainingMs: span.expiresAt - t, fired: false });
    else if (t < span.expiresAt + TIMER_FIRED_MS) out.push({ span, remainingMs: 0, fired: true });
  }
  return out;
}

/** The newest segment that reached `host` by t (not lost), for the composer's helper buttons. */
export function lastArrival(log: RoundLog, host: HostRole, t: number): Flight | null {
  let last: Flight | null = null;
  for (const f of log.flights) {
    if (f.from === host || f.lostAt !== null || f.arrivesAt > t) continue;
    if (!last || f.arrivesAt >= last.arrivesAt) last = f;
  }
  return last;
}

/** SND.NXT of a host at t, read off what it has sent (the highest end of its segments). */
export function sndNxtAt(log: RoundLog, host: HostRole, t: number): number | null {
  let nxt: number | null = null;
  for (const f of log.flights) {
    if (f.from !== host || f.sentAt > t || f.duplicateOf) continue;
    const end = seqAdd(f.segment.seq, segmentLength(f.segment));
    nxt = end;
  }
  return nxt;
}

/** Points in time worth stepping to: every send, arrival, loss, state change and timer expiry. */
export function keyMoments(log: RoundLog): number[] {
  const set = new Set<number>([0]);
  for (const f of log.flights) {
    set.add(f.sentAt);
    set.add(f.lostAt ?? f.arrivesAt);
  }
  for (const s of log.states) set.add(s.at);
  for (const tm of log.timers) set.add(tm.cancelledAt ?? tm.expiresAt);
  set.add(log.duration);
  return [...set].sort((a, b) => a - b);
}
