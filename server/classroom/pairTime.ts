/**
 * How long a pair took, in real time. The round's own clock is game time: it stands still while a
 * player decides and skips quiet stretches, TIME-WAIT's 2×MSL among them, so every completed
 * handshake "lasts" 240 s of game time or more under RFC 9293. The teacher wants to know how long
 * the pair took: real time from the round's start to its last decision when the round completed
 * (what follows it is nobody's doing: TIME-WAIT's quiet period, when a teacher's shorter limit
 * ended the round before it ran out), or to the round's end when it ended otherwise (time up,
 * resigned, stopped by the teacher).
 */
import type { Round } from '../../shared/game/types.ts';

export class PairClock {
  private startedAt: number | null = null;
  private decisions = 0;
  private lastDecisionAt: number | null = null;
  private endedAt: number | null = null;

  /** Call after every step of the round with the wall clock (ms). */
  observe(round: Round, nowMs: number): void {
    this.startedAt ??= nowMs;
    if (round.decisions.length > this.decisions) {
      this.decisions = round.decisions.length;
      this.lastDecisionAt = nowMs;
    }
    if (round.finished) this.endedAt ??= nowMs;
  }

  /** Real ms the pair took (still playing: so far). */
  takenMs(round: Round, nowMs: number): number {
    if (this.startedAt === null) return 0;
    const end = !round.finished ? nowMs : round.endReason === 'complete' ? (this.lastDecisionAt ?? this.endedAt ?? nowMs) : (this.endedAt ?? nowMs);
    return Math.max(0, end - this.startedAt);
  }
}

/**
 * A pair still playing, as the class dashboard shows it: what it had taken when it last published
 * (`takenMs`, at `heardAt`) plus the real time since, so its clock moves while its students think
 * and reads like the "took" figure it will show once finished.
 */
export function takenSoFar(takenMs: number, heardAt: number, nowMs: number): number {
  return takenMs + Math.max(0, nowMs - heardAt);
}
