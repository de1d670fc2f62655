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
/** How long a segment its receiver's host dropped stays where it landed, marked dropped (round-clock ms). */
export const DROP_SHOWN_MS = 700;
/**
 * Live, a player's own segment leaves its host and stops in the middle of the wire (in this many
 * round ms): where it is after that, or whether it died, its TCP cannot know. It waits there until
 * an ACK covering it arrives (or a retransmission of it leaves); a segment with no sequence space
 * (a pure ACK, an RST) is never acknowledged and fades once it has left.
 */
export const DEPARTURE_MS = 300;
export const SENT_FADE_MS = 500;
/** How long "ACKED" stays on a player's own segment after the ACK covering it arrived. */
export const ACKED_STAMP_MS = 600;
/** Live, the peer's segment is known from its arrival: it is shown coming in for this long. */
export const ARRIVAL_GLIMPSE_MS = 500;
/**
 * The longest an expired timer keeps saying "fired!" with nothing else happening to its host: a
 * replay passing the expiry shows it for a moment. It says so for less when its host does anything
 * after the expiry (see timersAt).
 */
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

const occupiesSeq = (f: Flight): boolean => segmentLength(f.segment) > 0;

/** Until when a player's own segment stays on the wire as its host knows it (see DEPARTURE_MS). */
function ownShownUntil(log: RoundLog, f: Flight): number {
  if (!occupiesSeq(f)) return f.sentAt + DEPARTURE_MS + SENT_FADE_MS;
  let until = f.ackedAt !== null && f.ackedAt !== undefined ? f.ackedAt + ACKED_STAMP_MS : Number.POSITIVE_INFINITY;
  // The same bytes sent again take its place: one card per segment waiting for its ACK.
  const again = log.flights.find((g) => g.from === f.from && g.sentAt > f.sentAt && g.segment.seq === f.segment.seq && g.segment.flags.SYN === f.segment.flags.SYN && g.segment.flags.FIN === f.segment.flags.FIN && occupiesSeq(g));
  return again ? Math.min(until, again.sentAt) : until;
}

/** Flights drawn on the wire at t: in the air, a lost one still bursting, or one dropped where it landed. */
export function flightsOnWire(log: RoundLog, t: number): Flight[] {
  return log.flights.filter((f) => {
    if (f.sentAt > t) return false;
    switch (f.known ?? null) {
      case 'sent':
      case 'acknowledged':
        return t < ownShownUntil(log, f);
      case 'received':
        return f.arrivesAt !== null && t >= f.arrivesAt && t < f.arrivesAt + ARRIVAL_GLIMPSE_MS;
      default:
        if (f.lostAt !== null) return t < f.lostAt + LOSS_BURST_MS;
        return f.arrivesAt !== null && t < f.arrivesAt + (f.dropped ? DROP_SHOWN_MS : 0);
    }
  });
}

/**
 * How far along the wire a card is drawn at t, 0 at its sender and 1 at its receiver. What the
 * player's host does not know is not drawn: its own segment stops halfway, the peer's is seen only
 * as it comes in after arriving.
 */
export function wireProgress(f: Flight, t: number): number {
  const clamp = (k: number): number => Math.min(1, Math.max(0, k));
  switch (f.known ?? null) {
    case 'sent':
    case 'acknowledged':
      // Already well out of the host when it appears (in a duel that takes turns the clock often
      // stands still right after a send), then on to the middle.
      return 0.4 + 0.1 * clamp((t - f.sentAt) / DEPARTURE_MS);
    case 'received':
      return 0.8 + 0.2 * clamp((t - (f.arrivesAt ?? t)) / ARRIVAL_GLIMPSE_MS);
    default: {
      const arrives = f.arrivesAt ?? f.sentAt;
      const end = f.lostAt ?? arrives;
      return arrives > f.sentAt ? clamp((Math.min(t, end) - f.sentAt) / (arrives - f.sentAt)) : 1;
    }
  }
}

/** How opaque a card is at t: an own segment with no sequence space fades once it has left. */
export function wireAlpha(f: Flight, t: number): number {
  if ((f.known === 'sent' || f.known === 'acknowledged') && !occupiesSeq(f)) {
    return 1 - Math.min(1, Math.max(0, (t - f.sentAt - DEPARTURE_MS) / SENT_FADE_MS)) * 0.85;
  }
  return 1;
}

/** The player's own segment is acknowledged by t (its "ACKED" moment has come). */
export function ackedBy(f: Flight, t: number): boolean {
  return f.ackedAt !== null && f.ackedAt !== undefined && t >= f.ackedAt;
}

export function flightsSentBy(log: RoundLog, t: number): Flight[] {
  return log.flights.filter((f) => f.sentAt <= t);
}

export interface TimerNow {
  span: TimerSpan;
  remainingMs: number;
  fired: boolean;
}

/** A decision open live: whose host, and the instant of the event it answers (the round clock's ms). */
export interface OpenDecision {
  host: HostRole;
  at: number;
}

/**
 * The timers shown at t. "fired!" says why the host must act now, so it is shown from the expiry
 * until the host has moved on: while the decision the expiry opened is open (however long its
 * player thinks, even on a running clock); never beside a decision about a later event (a segment
 * that arrived 0.3 s after a retransmission still read "fired!" for the timer behind it); and
 * otherwise until the host's next event after the expiry, TIMER_FIRED_MS at most.
 */
export function timersAt(log: RoundLog, t: number, open: OpenDecision | null = null): TimerNow[] {
  const out: TimerNow[] = [];
  for (const span of log.timers) {
    if (span.startedAt > t) continue;
    if (span.cancelledAt !== null && span.cancelledAt <= t) continue;
    if (t < span.expiresAt) out.push({ span, remainingMs: span.expiresAt - t, fired: false });
    else if (firedShown(log, span, t, open)) out.push({ span, remainingMs: 0, fired: true });
  }
  return out;
}

function firedShown(log: RoundLog, span: TimerSpan, t: number, open: OpenDecision | null): boolean {
  // The decision open is about this expiry, or about a later event: then the expiry is behind the host.
  if (open?.host === span.host && span.expiresAt <= open.at) return open.at === span.expiresAt;
  return t < span.expiresAt + TIMER_FIRED_MS && !hostActed(log, span, t);
}

/** Something happened to the span's host after its expiry and by t: it sent, received, changed state, was called, or another timer of it started or ran out. */
function hostActed(log: RoundLog, span: TimerSpan, t: number): boolean {
  const host = span.host;
  const after = (at: number | null | undefined): boolean => at !== null && at !== undefined && at > span.expiresAt && at <= t;
  return (
    log.flights.some((f) => (f.from === host ? after(f.sentAt) : f.lostAt === null && after(f.arrivesAt))) ||
    log.states.some((s) => s.host === host && after(s.at)) ||
    log.calls.some((c) => c.host === host && after(c.at)) ||
    log.timers.some((o) => o !== span && o.host === host && (after(o.startedAt) || after(o.expiresAt)))
  );
}

/**
 * The rows' order: one timer that just fired (what the player is deciding about), then the running
 * ones, soonest first, then any other that just fired. Several timers firing together (a SYN flood's
 * SYN-ACK timers) must not push every running one off a panel of a few rows.
 */
export function timerOrder(timers: readonly TimerNow[]): TimerNow[] {
  const fired = timers.filter((t) => t.fired);
  const running = timers.filter((t) => !t.fired).sort((a, b) => a.remainingMs - b.remainingMs);
  return [...fired.slice(0, 1), ...running, ...fired.slice(1)];
}

/** The newest segment that reached `host` by t (not lost), for the composer's helper buttons. */
export function lastArrival(log: RoundLog, host: HostRole, t: number): Flight | null {
  let last: Flight | null = null;
  for (const f of log.flights) {
    if (f.from === host || f.lostAt !== null || f.arrivesAt === null || f.arrivesAt > t) continue;
    if (!last || f.arrivesAt >= (last.arrivesAt ?? 0)) last = f;
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
    const end = f.lostAt ?? f.arrivesAt;
    if (end !== null) set.add(end);
  }
  for (const s of log.states) set.add(s.at);
  for (const tm of log.timers) set.add(tm.cancelledAt ?? tm.expiresAt);
  set.add(log.duration);
  return [...set].sort((a, b) => a - b);
}
