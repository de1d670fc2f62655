/**
 * What each host knew over time that a finished round's record does not keep: its timers (when the
 * retransmission timer, TIME-WAIT or the delayed-ACK timer of an ACK held back was armed, stopped
 * or ran out) and its listener's two queues
 * (the SYN queue of half-open connections and the accept queue). Derived from the round's log, as
 * every replay is (STYLE.md §5): the round is played again from its settings, one instant at a
 * time, and each host's TCB is read after every instant. Pure; used for the replay of a finished
 * round, where the timer panel and the queue gauges must show what the live round showed.
 */
import { timerSchedule, type TimerSchedule } from '../tcp/backoff.ts';
import { acceptQueueCapacity, synQueueCapacity, timeWaitMs } from '../tcp/config.ts';
import type { Tcb } from '../tcp/types.ts';
import { SIDES, type Side } from '../tcp/wire.ts';
import { DELAYED_ACK_MS } from './allowed.ts';
import { createRound, nextEventAt, stepRound } from './round.ts';
import type { HostSlot, Round, RoundEvent } from './types.ts';

export type TimelineTimerKind = 'retransmission' | 'time-wait' | 'delayed-ack';

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
 * The timers of the connection a side's player plays (its peer), as the live view shows them.
 * TIME-WAIT is always armed for exactly 2×MSL (RFC 9293 §3.10.7.4), so its start is known: the
 * instant the replay first sees it can be later (a player who answered after game time moved on),
 * and a panel reading "2×MSL = 239.8 s" would be wrong. The delayed-ACK timer of an ACK the player
 * held back (RFC 9293 §3.8.6.3) runs in the round, not in the TCB; it is armed for DELAYED_ACK_MS
 * when the move that held the ACK back is made, as the live panel shows it (views.ts timersOf).
 */
function timersOf(slot: HostSlot): { kind: TimelineTimerKind; expiresAt: number; startedAt?: number; schedule?: TimerSchedule }[] {
  const out: { kind: TimelineTimerKind; expiresAt: number; startedAt?: number; schedule?: TimerSchedule }[] = [];
  for (const c of slot.host.connections) {
    if (c.remote !== slot.peer) continue;
    if (c.retransmitTimer) {
      const schedule = timerSchedule(slot.host.config, c);
      out.push({ kind: 'retransmission', expiresAt: c.retransmitTimer.expiresAt, ...(schedule ? { schedule } : {}) });
    }
    if (c.timeWaitExpiresAt !== null) out.push({ kind: 'time-wait', expiresAt: c.timeWaitExpiresAt, startedAt: c.timeWaitExpiresAt - timeWaitMs(slot.host.config) });
  }
  if (slot.ackOwed && slot.ackOwed.conn === slot.peer) out.push({ kind: 'delayed-ack', expiresAt: slot.ackOwed.dueAt, startedAt: slot.ackOwed.dueAt - DELAYED_ACK_MS });
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

class Recorder {
  readonly timers: TimerRun[] = [];
  readonly queues: QueueSample[] = [];
  private readonly open = new Map<string, TimerRun>();
  private readonly lastQueue = new Map<Side, string>();

  sample(round: Round): void {
    const at = round.now;
    for (const side of SIDES) {
      const slot = round.hosts[side];
      const seen = new Set<string>();
      for (const tm of timersOf(slot)) {
        const key = `${side}/${tm.kind}/${tm.expiresAt}`;
        seen.add(key);
        if (this.open.has(key)) continue;
        const run: TimerRun = { side, kind: tm.kind, startedAt: tm.startedAt ?? Math.min(at, tm.expiresAt), expiresAt: tm.expiresAt, stoppedAt: null, ...(tm.schedule ? { schedule: tm.schedule } : {}) };
        this.open.set(key, run);
        this.timers.push(run);
      }
      for (const [key, run] of this.open) {
        if (run.side !== side || seen.has(key)) continue;
        this.open.delete(key);
        if (at < run.expiresAt) run.stoppedAt = at;
      }
      const q = queuesOf(slot);
      const key = q ? JSON.stringify(q) : '';
      if (key !== (this.lastQueue.get(side) ?? '')) {
        this.lastQueue.set(side, key);
        this.queues.push(q ? { side, at, ...q } : { side, at, syn: [], accept: [], synMax: 0, acceptMax: 0 });
      }
    }
  }
}

/**
 * Replay `round`'s log from its settings. Each advance is split at every instant something
 * happens (what `advance` does in one go), so a timer armed and stopped between two logged events
 * is still seen, with its own start and stop times.
 */
export function roundTimeline(round: Round): RoundTimeline {
  const created = createRound(round.settings);
  const rec = new Recorder();
  if (!created.ok) return { timers: [], queues: [] };
  let r = created.round;
  const step = (event: RoundEvent): boolean => {
    const res = stepRound(r, event);
    if (!res.ok) return false;
    r = res.round;
    rec.sample(r);
    return true;
  };
  rec.sample(r);
  for (const event of round.log) {
    // Instants strictly before the logged event's time, one at a time.
    for (let guard = 0; guard < 100_000 && !r.finished; guard++) {
      const t = nextEventAt(r);
      if (t === null || t >= event.at) break;
      if (!step({ kind: 'advance', at: t })) break;
    }
    if (r.finished) break;
    step(event);
  }
  return { timers: rec.timers, queues: rec.queues };
}

const cache = new WeakMap<Round, RoundTimeline>();

/** The timeline of a finished round, computed once per round object. */
export function finishedRoundTimeline(round: Round): RoundTimeline {
  let t = cache.get(round);
  if (!t) {
    t = roundTimeline(round);
    cache.set(round, t);
  }
  return t;
}
