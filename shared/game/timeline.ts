/**
 * A round played again from its settings, one instant at a time: the timeline it records that way
 * (timerRuns.ts) is the one a live round must have recorded, however its clock grouped instants
 * (test/game/timeline.test.ts). The replay of a finished round reads the round's own record.
 */
import { createRound, nextEventAt, stepRound } from './round.ts';
import { timelineOf, type RoundTimeline } from './timerRuns.ts';
import type { Round, RoundEvent } from './types.ts';

/**
 * Replay `round`'s log from its settings, each advance split at every instant something happens
 * (what a late clock's `advance` does in one go), and read the timeline that replay recorded.
 */
export function roundTimeline(round: Round): RoundTimeline {
  const created = createRound(round.settings);
  if (!created.ok) return { timers: [], queues: [] };
  let r = created.round;
  const step = (event: RoundEvent): boolean => {
    const res = stepRound(r, event);
    if (!res.ok) return false;
    r = res.round;
    return true;
  };
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
  return timelineOf(r.timeline);
}
