/**
 * Real thinking time: how long, on the wall clock, each human decision stayed open. The round's own
 * clock is game time, which stands still while a player decides (turns), so a decision's `answeredAt
 * - at` says nothing about the person; the room, which lives in real time, writes down when each
 * decision opened and when it closed. Reloads and refused attempts (coach mode) count: the decision
 * was open all along.
 */
import { SIDES } from '../../shared/tcp/wire.ts';
import type { Round } from '../../shared/game/types.ts';

export class ThinkClock {
  private readonly openedAt = new Map<number, number>();
  private readonly spent = new Map<number, number>();

  /** Call after every step with the wall clock: opens new decisions, closes answered ones. */
  observe(round: Round, nowMs: number): void {
    const open = new Set<number>();
    for (const side of SIDES) {
      const d = round.hosts[side].decision;
      if (d && round.hosts[side].controller === 'human') open.add(d.id);
    }
    for (const [id, at] of this.openedAt) {
      if (open.has(id)) continue;
      this.openedAt.delete(id);
      this.spent.set(id, Math.max(0, nowMs - at));
    }
    for (const id of open) if (!this.openedAt.has(id) && !this.spent.has(id)) this.openedAt.set(id, nowMs);
  }

  /** Wall-clock ms decision `id` was open (still open: so far), or 0 if it never was. */
  thinkMs(id: number, nowMs: number): number {
    const done = this.spent.get(id);
    if (done !== undefined) return done;
    const at = this.openedAt.get(id);
    return at === undefined ? 0 : Math.max(0, nowMs - at);
  }
}
