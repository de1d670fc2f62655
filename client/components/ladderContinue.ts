/**
 * Going on from the previous update's layout (a live round: the log grew): what of it stays on the
 * new log's graph, and whether the earlier arrows and states are still where it drew them.
 */
import type { RoundLog } from '../model/view.ts';
import type { LadderBasis } from './ladderArrange.ts';
import type { LadderEnd } from './ladderLanes.ts';
import type { LabelBox } from './ladderLayout.ts';

/** A label left where the previous layout put it. */
export interface Pin {
  box: LabelBox;
  u: number;
}

/**
 * What of `previous` stays on `log`'s graph: each of its arrows must still be the same (segment,
 * ends, times) and each of its states (host and instant, in order). A label whose words alone
 * changed (its segment was acknowledged) is placed again, on its arrow's unchanged place; every
 * other one is pinned where it was. Null when something earlier changed. `same`: nothing new.
 */
export function pinsOf(previous: LadderBasis, log: RoundLog, ends: Map<string, { from: LadderEnd; to: LadderEnd }>, words: readonly string[]): { labels: Map<number, Pin>; same: boolean } | null {
  if (previous.placed.length > log.flights.length || previous.states.length > log.states.length) return null;
  const labels = new Map<number, Pin>();
  for (let i = 0; i < previous.placed.length; i++) {
    const p = previous.placed[i]!;
    const f = log.flights[i]!;
    const e = ends.get(f.id);
    if (p.flight.id !== f.id || p.flight.sentAt !== f.sentAt || p.flight.arrivesAt !== f.arrivesAt || p.flight.lostAt !== f.lostAt || e?.from !== p.from || e.to !== p.to) return null;
    if (p.label === words[i]) labels.set(i, { box: p.labelBox, u: p.labelU });
  }
  for (let i = 0; i < previous.states.length; i++) {
    const a = previous.states[i]!.change;
    const b = log.states[i]!;
    if (a.host !== b.host || a.at !== b.at) return null;
  }
  return { labels, same: labels.size === log.flights.length && previous.states.length === log.states.length };
}

/** Whether the earlier arrows and states are where `previous` drew them. */
export function keptInPlace(previous: LadderBasis, geometry: readonly { x1: number; y1: number; endX: number; endY: number }[], states: readonly number[]): boolean {
  const arrowsKept = previous.placed.every((p, i) => {
    const g = geometry[i];
    return !!g && g.x1 === p.x1 && g.y1 === p.y1 && g.endX === p.endX && g.endY === p.endY;
  });
  return arrowsKept && previous.states.every((m, i) => states[i] === m.y);
}
