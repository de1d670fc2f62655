/**
 * A round room's clock. Engine ("TCP") time is an anchor, the engine time at one real moment and
 * the rate it runs at from there (engine ms per real ms, 0 while it stands), plus at most one
 * timer: the next moment the room must step the round. shared/game/pace.ts decides the rate and
 * the moment; this file only keeps the anchor and the timer.
 *
 * Nothing runs per tick: a paused room has no timer at all; a running one wakes when the next
 * segment lands, a timer of a host expires, an application calls, or the time limit comes; an idle
 * stretch (TIME-WAIT) is skipped by moving the anchor. The anchor is what players receive (the
 * room's public `clock` and `speed`): it changes only when the rate changes or the clock jumps, and
 * the browser runs the clock on from it by itself, so a running clock sends no patches.
 */
import { humanDeciding, planClock, type PaceSettings } from '../../shared/game/pace.ts';
import type { Round } from '../../shared/game/types.ts';

export interface ClockAnchor {
  /** Engine ms at `realMs`. */
  readonly engineMs: number;
  /** The real moment of the anchor (ms on the room's real-time source). */
  readonly realMs: number;
  /** Engine ms per real ms from `realMs` on; 0: the clock stands. */
  readonly speed: number;
}

/** Real time and one-shot timers: the room's own clock, or a manual one in tests. */
export interface RealTime {
  now(): number;
  after(ms: number, fire: () => void): { clear(): void };
}

/**
 * The process's real time and timers. The round's wake is a timer of its own, on time; what it
 * changes goes out right after (sync: patchSoon). A throw there must not reach Node's handler: it
 * would stop the server, so it goes to `failed`.
 */
export function processTime(failed: (error: unknown) => void): RealTime {
  return {
    now: () => performance.now(),
    after: (ms, fire) => {
      const timer = setTimeout(() => {
        try {
          fire();
        } catch (error) {
          failed(error);
        }
      }, ms);
      return { clear: () => clearTimeout(timer) };
    },
  };
}

/**
 * Real time that moves only when told (`advance`): tests step a room's clock by hand, and every
 * timer due by then fires in order, so a test sees exactly what a running room would do.
 */
export class ManualTime implements RealTime {
  private nowMs = 0;
  private timers: { at: number; fire: () => void; live: boolean }[] = [];

  now(): number {
    return this.nowMs;
  }

  after(ms: number, fire: () => void): { clear(): void } {
    const timer = { at: this.nowMs + Math.max(0, ms), fire, live: true };
    this.timers.push(timer);
    return { clear: () => void (timer.live = false) };
  }

  advance(ms: number): void {
    const until = this.nowMs + Math.max(0, ms);
    for (let guard = 0; guard < 10_000; guard++) {
      this.timers = this.timers.filter((t) => t.live);
      const next = this.timers.reduce<(typeof this.timers)[number] | null>((a, t) => (a === null || t.at < a.at ? t : a), null);
      if (!next || next.at > until) break;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.live = false;
      next.fire();
    }
    this.nowMs = until;
  }
}

export class RoundClock {
  private anchor: ClockAnchor = { engineMs: 0, realMs: 0, speed: 0 };
  private timer: { clear(): void } | null = null;

  private readonly time: RealTime;
  private readonly pace: PaceSettings;
  private readonly skipAfterMs: number;
  private readonly wake: (at: number) => void;

  /**
   * `skipAfterMs`: real ms before an idle stretch is skipped, so its start is seen (a patch).
   * `wake(at)`: the round is due at engine time `at`; the room steps it there and plans again (its
   * timer may fire a moment early or late; where it steps the round is `dueAt`).
   */
  constructor(time: RealTime, pace: PaceSettings, skipAfterMs: number, wake: (at: number) => void) {
    this.time = time;
    this.pace = pace;
    this.skipAfterMs = skipAfterMs;
    this.wake = wake;
  }

  /** The public anchor: engine ms, and engine ms per real ms. */
  get shown(): { clock: number; speed: number } {
    return { clock: Math.floor(this.anchor.engineMs), speed: this.anchor.speed };
  }

  /** Real ms since the anchor was set (a player joining late runs the clock on from there). */
  ageMs(): number {
    return Math.max(0, this.time.now() - this.anchor.realMs);
  }

  /** Engine time now (not below the round's own time). */
  engineNow(round: Round | null): number {
    const a = this.anchor;
    const running = a.engineMs + (this.time.now() - a.realMs) * a.speed;
    return Math.max(Math.floor(running), round?.now ?? 0);
  }

  /**
   * Where the room steps the round when woken for `at`. A wake can fire late (a busy event loop;
   * at a fast scale a few real ms are much engine time). Where the world waits for a person, the
   * round goes to `at` only: if a decision opens there, nothing after it may happen before the
   * answer (a peer's retransmission, the player's own segment sent late); a clock that fell behind
   * catches up one wake at a time. A real-time room steps to now.
   */
  dueAt(at: number, round: Round | null): number {
    return this.pace.pauseWhileDeciding ? at : Math.max(this.engineNow(round), at);
  }

  /** A new round: the clock stands at 0 until the first plan. */
  reset(): void {
    this.stop();
    this.anchor = { engineMs: 0, realMs: this.time.now(), speed: 0 };
  }

  stop(): void {
    this.timer?.clear();
    this.timer = null;
  }

  /**
   * The round changed: set the rate (a new anchor only if it changed) and the next wake.
   * Returns whether the public anchor changed.
   */
  plan(round: Round): boolean {
    const now = this.time.now();
    const engine = this.engineNow(round);
    const plan = planClock(round, engine, this.pace);
    // Standing for a person, the clock stands at the round's own time, where the decision opened,
    // not where a late wake had let it run to: the answer then lands at that instant.
    const standsForPerson = plan.speed === 0 && this.pace.pauseWhileDeciding && humanDeciding(round);
    const from = standsForPerson ? round.now : engine;
    let moved = false;
    if (plan.speed !== this.anchor.speed || (standsForPerson && this.anchor.engineMs !== from)) {
      this.anchor = { engineMs: from, realMs: now, speed: plan.speed };
      moved = true;
    }
    this.stop();
    const wakeAt = plan.wakeAt;
    if (wakeAt === null || plan.speed === 0) return moved;
    if (plan.skip) {
      this.timer = this.time.after(this.skipAfterMs, () => {
        this.timer = null;
        this.anchor = { engineMs: Math.max(wakeAt, this.engineNow(round)), realMs: this.time.now(), speed: this.anchor.speed };
        this.wake(wakeAt);
      });
    } else {
      this.timer = this.time.after(Math.max(0, (wakeAt - engine) / plan.speed), () => {
        this.timer = null;
        this.wake(wakeAt);
      });
    }
    return moved;
  }
}
