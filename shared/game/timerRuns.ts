/**
 * What each host knew over time that a finished round's record does not keep: its timers (when the
 * retransmission timer, TIME-WAIT or the delayed-ACK timer of an ACK held back was armed, stopped
 * or ran out) and its listener's two queues (the SYN queue of half-open connections and the accept
 * queue). The round records them as it is played (round.ts samples after every instant and every
 * event), so a finished round's replay needs no second playing; timeline.ts plays a round again
 * one instant at a time to check that the record does not depend on how the clock grouped its
 * instants (test/game/timeline.test.ts).
 *
 * Pure: a record is never edited. A sample that changes nothing returns the record it was given,
 * and one that does copies only the lists it writes.
 */
import { timerSchedule, type TimerSchedule } from '../tcp/backoff.ts';
import { acceptQueueCapacity, finWait2Ms, synQueueCapacity, timeWaitMs, type Profile } from '../tcp/config.ts';
import type { Host, Tcb } from '../tcp/types.ts';
import { SIDES, type Side } from '../tcp/wire.ts';
import { DELAYED_ACK_MS } from './allowed.ts';
import type { HostSlot } from './types.ts';

export type TimelineTimerKind = 'retransmission' | 'time-wait' | 'delayed-ack' | 'fin-wait-2';

/** One run of one timer: armed at `startedAt` to expire at `expiresAt`; stopped early at `stoppedAt`. */
export interface TimerRun {
  side: Side;
  kind: TimelineTimerKind;
  startedAt: number;
  expiresAt: number;
  /** Cancelled (acknowledged, restarted, connection gone) before expiry; null if it ran out. */
  stoppedAt: number | null;
  /** A retransmission timer's schedule, as the live panel showed it (backoff.ts timerSchedule). */
  schedule?: TimerSchedule;
  /** Another connection's remote socket, as the live panel names it (views.ts TimerView.conn). */
  conn?: string;
  /** TIME-WAIT's profile (ArmedTimer.profile). */
  profile?: Profile;
}

/** A listener's queues from `at` on: the remote sockets waiting in each, and their limits. */
export interface QueueSample {
  side: Side;
  at: number;
  syn: string[];
  accept: string[];
  synMax: number;
  acceptMax: number;
}

export interface RoundTimeline {
  timers: TimerRun[];
  queues: QueueSample[];
}

/**
 * A timer a host runs now, as its Timers panel shows it (views.ts HostPanel.timers): its kind, its
 * expiry, how long it runs when armed (the RTO, 2×MSL, the user timeout, the delayed-ACK wait; it
 * started at expiresAt − durationMs), a retransmission timer's schedule, and whose connection it is
 * when that is not the one the player plays.
 */
export interface ArmedTimer {
  kind: 'retransmission' | 'time-wait' | 'user-timeout' | 'delayed-ack' | 'fin-wait-2';
  expiresAt: number;
  durationMs: number;
  /**
   * The retransmission timer's schedule under this host's settings: the segment it guards, how
   * many times that segment has been resent, and when each resend comes and the attempt is given
   * up, counted from the first transmission (backoff.ts, the same numbers the engine uses).
   */
  schedule?: TimerSchedule;
  /**
   * The remote socket of another of this host's connections (a listener's half-open or queued
   * ones: the SYN flood's, another client's); absent for the connection the player plays.
   */
  conn?: string;
  /**
   * TIME-WAIT only: the host's profile, which says what its length is: RFC 9293's 2×MSL, or
   * Linux's fixed TCP_TIMEWAIT_LEN (Linux has no MSL setting).
   */
  profile?: Profile;
}

/**
 * Every timer a side's host runs: the connection its player plays, and its other connections (a
 * listener's half-open ones, whose SYN-ACK timers the SYN flood asks about), so that "your
 * retransmission timer expired" always has its timer beside it. The delayed-ACK timer of an ACK
 * the player held back (RFC 9293 §3.8.6.3) runs in the round, not in the TCB; it is armed for
 * DELAYED_ACK_MS when the move that held the ACK back is made.
 */
export function armedTimers(slot: HostSlot): ArmedTimer[] {
  const out: ArmedTimer[] = [];
  for (const c of slot.host.connections) {
    const conn = c.remote === slot.peer ? {} : { conn: c.remote };
    if (c.retransmitTimer) {
      const schedule = timerSchedule(slot.host.config, c);
      out.push({ kind: 'retransmission', expiresAt: c.retransmitTimer.expiresAt, durationMs: c.rtoMs, ...(schedule ? { schedule } : {}), ...conn });
    }
    if (c.timeWaitExpiresAt !== null) out.push({ kind: 'time-wait', expiresAt: c.timeWaitExpiresAt, durationMs: timeWaitMs(slot.host.config), profile: slot.host.config.profile, ...conn });
    if (c.userTimeoutAt !== null) out.push({ kind: 'user-timeout', expiresAt: c.userTimeoutAt, durationMs: slot.host.config.userTimeoutMs, ...conn });
    if (c.finWait2ExpiresAt != null) out.push({ kind: 'fin-wait-2', expiresAt: c.finWait2ExpiresAt, durationMs: finWait2Ms(slot.host.config), ...conn });
  }
  if (slot.ackOwed) out.push({ kind: 'delayed-ack', expiresAt: slot.ackOwed.dueAt, durationMs: DELAYED_ACK_MS, ...(slot.ackOwed.conn === slot.peer ? {} : { conn: slot.ackOwed.conn }) });
  return out;
}

/** The listener's queues as its host knows them: its children by queue, oldest first. */
export function queuesOf(slot: HostSlot): Omit<QueueSample, 'side' | 'at'> | null {
  if (!slot.host.listener) return null;
  const children = slot.host.connections.filter((c: Tcb) => c.passive);
  return {
    syn: children.filter((c) => c.queue === 'syn').map((c) => c.remote),
    accept: children.filter((c) => c.queue === 'accept').map((c) => c.remote),
    synMax: synQueueCapacity(slot.host.config),
    // 0: no limit (the rfc9293 profile's accept queue is unbounded; Infinity does not survive JSON).
    acceptMax: Number.isFinite(acceptQueueCapacity(slot.host.config)) ? acceptQueueCapacity(slot.host.config) : 0,
  };
}

/** A run not yet over: where it is in the list of runs, and what names it among the timers armed (its kind, connection and expiry). */
interface OpenRun {
  readonly side: Side;
  readonly kind: TimelineTimerKind;
  /** Another connection's remote socket ('' for the connection the player plays), as TimerRun.conn. */
  readonly conn: string;
  readonly expiresAt: number;
  readonly index: number;
}

/** What a side's timers and queues were last read from: a host's timers change only with the host or the ACK it owes. */
interface ReadFrom {
  readonly host: Host;
  readonly ackOwed: HostSlot['ackOwed'];
}

/** A listener's queues as a sample records them (QueueSample without its side and time). */
type Queues = Omit<QueueSample, 'side' | 'at'>;

/** A round's timeline as recorded so far (Round.timeline). */
export interface TimelineRecord {
  readonly timers: readonly TimerRun[];
  readonly queues: readonly QueueSample[];
  readonly open: readonly OpenRun[];
  /** Each side's queues as last recorded (null when it has none). */
  readonly lastQueue: Readonly<Record<Side, Queues | null>>;
  readonly readFrom: Readonly<Record<Side, ReadFrom | null>>;
}

export const NO_TIMELINE: TimelineRecord = { timers: [], queues: [], open: [], lastQueue: { client: null, server: null }, readFrom: { client: null, server: null } };

/**
 * A timer as the record compares it with its open runs: the timers armedTimers lists (but the user
 * timeout, which the replay does not draw), read into a list kept between calls (`armedNow`).
 * The record reads a host after every event of every room: no object per timer, no name made of
 * its fields, unless it starts a run.
 */
interface TimerNow {
  kind: TimelineTimerKind;
  conn: string;
  expiresAt: number;
  /** The connection of a retransmission timer (its schedule), else null. */
  tcb: Tcb | null;
}
const armedNow: TimerNow[] = [];

function putTimer(n: number, kind: TimelineTimerKind, conn: string, expiresAt: number, tcb: Tcb | null): number {
  const t = armedNow[n];
  if (t === undefined) armedNow[n] = { kind, conn, expiresAt, tcb };
  else {
    t.kind = kind;
    t.conn = conn;
    t.expiresAt = expiresAt;
    t.tcb = tcb;
  }
  return n + 1;
}

/** Reads a side's timers into armedNow, in armedTimers' order; returns how many. */
function readTimers(slot: HostSlot): number {
  let n = 0;
  const connections = slot.host.connections;
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    const conn = c.remote === slot.peer ? '' : c.remote;
    if (c.retransmitTimer) n = putTimer(n, 'retransmission', conn, c.retransmitTimer.expiresAt, c);
    if (c.timeWaitExpiresAt !== null) n = putTimer(n, 'time-wait', conn, c.timeWaitExpiresAt, null);
    if (c.finWait2ExpiresAt != null) n = putTimer(n, 'fin-wait-2', conn, c.finWait2ExpiresAt, null);
  }
  if (slot.ackOwed) n = putTimer(n, 'delayed-ack', slot.ackOwed.conn === slot.peer ? '' : slot.ackOwed.conn, slot.ackOwed.dueAt, null);
  return n;
}

function runOf(o: OpenRun, side: Side, t: TimerNow): boolean {
  return o.side === side && o.kind === t.kind && o.conn === t.conn && o.expiresAt === t.expiresAt;
}

/** Is this open run's timer among the `n` read into armedNow? */
function stillArmed(o: OpenRun, side: Side, n: number): boolean {
  for (let i = 0; i < n; i++) if (runOf(o, side, armedNow[i]!)) return true;
  return false;
}

/**
 * A new run of a timer read into armedNow. Where its arming fixes when it started, that is its
 * start: TIME-WAIT is always armed for exactly 2×MSL (RFC 9293 §3.10.7.4), the delayed-ACK timer
 * for DELAYED_ACK_MS, so their start is known even when the record first sees them later (a player
 * who answered after game time moved on: a panel reading "2×MSL = 239.8 s" would be wrong). A
 * retransmission timer's start is when the record first saw it (its RTO may have backed off since
 * it was first armed).
 */
function newRun(slot: HostSlot, side: Side, t: TimerNow, at: number): TimerRun {
  const config = slot.host.config;
  const schedule = t.tcb ? timerSchedule(config, t.tcb) : null;
  const startedAt =
    t.kind === 'time-wait' ? t.expiresAt - timeWaitMs(config)
    : t.kind === 'delayed-ack' ? t.expiresAt - DELAYED_ACK_MS
    : t.kind === 'fin-wait-2' ? t.expiresAt - finWait2Ms(config)
    : Math.min(at, t.expiresAt);
  return { side, kind: t.kind, startedAt, expiresAt: t.expiresAt, stoppedAt: null, ...(schedule ? { schedule } : {}), ...(t.conn ? { conn: t.conn } : {}), ...(t.kind === 'time-wait' ? { profile: config.profile } : {}) };
}

/** Are a listener's queues now those last recorded? (What JSON.stringify of queuesOf would say, without making them.) */
function sameQueues(slot: HostSlot, last: Queues | null): boolean {
  if (!slot.host.listener) return last === null;
  if (last === null) return false;
  const config = slot.host.config;
  const acceptMax = acceptQueueCapacity(config);
  if (last.synMax !== synQueueCapacity(config) || last.acceptMax !== (Number.isFinite(acceptMax) ? acceptMax : 0)) return false;
  let syn = 0;
  let accept = 0;
  const connections = slot.host.connections;
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    if (!c.passive) continue;
    if (c.queue === 'syn' && last.syn[syn++] !== c.remote) return false;
    if (c.queue === 'accept' && last.accept[accept++] !== c.remote) return false;
  }
  return syn === last.syn.length && accept === last.accept.length;
}

/**
 * The record after reading both hosts at engine time `at`: a timer armed since the last reading
 * starts a run; a run whose timer is no longer armed ends (stopped at `at` if it had not yet run
 * out); a listener's queues that changed are a new sample. A host whose TCP and owed ACK are the
 * objects read last time has nothing new to say.
 */
export function recordTimeline(record: TimelineRecord, hosts: Readonly<Record<Side, HostSlot>>, at: number): TimelineRecord {
  let next: {
    timers: TimerRun[] | null;
    queues: QueueSample[] | null;
    open: OpenRun[] | null;
    lastQueue: Record<Side, Queues | null> | null;
    readFrom: Record<Side, ReadFrom | null> | null;
  } | null = null;
  for (let s = 0; s < SIDES.length; s++) {
    const side = SIDES[s]!;
    const slot = hosts[side];
    const from = record.readFrom[side];
    if (from !== null && from.host === slot.host && from.ackOwed === slot.ackOwed) continue;
    next ??= { timers: null, queues: null, open: null, lastQueue: null, readFrom: null };
    next.readFrom ??= { ...record.readFrom };
    next.readFrom[side] = { host: slot.host, ackOwed: slot.ackOwed };
    const open = next.open ?? record.open;
    const armed = readTimers(slot);
    for (let i = 0; i < armed; i++) {
      const tm = armedNow[i]!;
      let running: OpenRun | undefined;
      for (let j = 0; j < open.length; j++) {
        if (runOf(open[j]!, side, tm)) {
          running = open[j];
          break;
        }
      }
      if (running) {
        // The timer goes on guarding another segment (a simultaneous open's SYN, re-sent as its
        // SYN-ACK while the timer runs): the run names the segment it guards now.
        const schedule = tm.tcb ? timerSchedule(slot.host.config, tm.tcb) : null;
        const timers = next.timers ?? record.timers;
        const run = timers[running.index]!;
        if (schedule && run.schedule?.segment !== schedule.segment) (next.timers ??= [...record.timers])[running.index] = { ...run, schedule };
        continue;
      }
      const timers = (next.timers ??= [...record.timers]);
      (next.open ??= [...record.open]).push({ side, kind: tm.kind, conn: tm.conn, expiresAt: tm.expiresAt, index: timers.length });
      timers.push(newRun(slot, side, tm, at));
    }
    const still = next.open ?? record.open;
    let ended = false;
    for (let j = 0; j < still.length && !ended; j++) if (still[j]!.side === side && !stillArmed(still[j]!, side, armed)) ended = true;
    if (ended) {
      const kept: OpenRun[] = [];
      for (let j = 0; j < still.length; j++) {
        const o = still[j]!;
        if (o.side !== side || stillArmed(o, side, armed)) {
          kept.push(o);
          continue;
        }
        const timers = (next.timers ??= [...record.timers]);
        const run = timers[o.index]!;
        if (at < run.expiresAt) timers[o.index] = { ...run, stoppedAt: at };
      }
      next.open = kept;
    }
    const last = (next.lastQueue ?? record.lastQueue)[side];
    if (!sameQueues(slot, last)) {
      const q = queuesOf(slot);
      (next.lastQueue ??= { ...record.lastQueue })[side] = q;
      (next.queues ??= [...record.queues]).push(q ? { side, at, ...q } : { side, at, syn: [], accept: [], synMax: 0, acceptMax: 0 });
    }
  }
  if (next === null) return record;
  return {
    timers: next.timers ?? record.timers,
    queues: next.queues ?? record.queues,
    open: next.open ?? record.open,
    lastQueue: next.lastQueue ?? record.lastQueue,
    readFrom: next.readFrom ?? record.readFrom,
  };
}

const shown = new WeakMap<TimelineRecord, RoundTimeline>();

/** The record as the replay reads it (one object per record, so a view that shows it twice shows the same object). */
export function timelineOf(record: TimelineRecord): RoundTimeline {
  let t = shown.get(record);
  if (t === undefined) shown.set(record, (t = { timers: record.timers as TimerRun[], queues: record.queues as QueueSample[] }));
  return t;
}
