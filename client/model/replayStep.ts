/**
 * What one step of a replay says, as data: where the step stands (a time and how many of that
 * instant's state changes are shown, client/model/playback.ts), both hosts' states, the state
 * change the step shows and the rule behind it, the segments sent, delivered or lost at that
 * instant, and the player's decisions judged then. Pure, from the round's log and the final view's
 * verdicts; the words are the UI's (client/ui/replayDock.ts).
 */
import type { VerdictView } from '../../shared/game/views.ts';
import type { RuleId } from '../../shared/rules/ids.ts';
import type { Segment } from '../../shared/tcp/segment.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import { stateAt, statesShown } from './snapshot.ts';
import type { HostRole, RoundLog } from './view.ts';

/** A segment's part in the step: it left its sender, reached its receiver, or the wire dropped it. */
export type SegmentEvent = 'sent' | 'arrived' | 'lost';

export interface ReplayStep {
  at: number;
  cut: number;
  states: Record<HostRole, TcpState>;
  /**
   * The state changes the step shows: each host's latest at this instant (of those shown so far),
   * with the rule behind it when the log knows it; in the log's order.
   */
  changes: { host: HostRole; from: TcpState; to: TcpState; rule?: RuleId }[];
  segments: { from: HostRole; segment: Segment; event: SegmentEvent }[];
  /** The player's decisions made at this instant (a turn's game time stands still while it is decided). */
  verdicts: VerdictView[];
}

export function replayStep(log: RoundLog, at: number, cut: number, verdicts: readonly VerdictView[]): ReplayStep {
  const shown = statesShown(log, at, cut);
  const changes: ReplayStep['changes'] = [];
  for (let i = shown.length - 1; i >= 0; i--) {
    const to = shown[i]!;
    if (to.at !== at) break;
    if (changes.some((c) => c.host === to.host)) continue;
    const before = shown.slice(0, i).filter((s) => s.host === to.host).pop();
    // A host's first record (CLOSED at 0) is where it starts, not a change.
    if (before && before.state !== to.state) changes.unshift({ host: to.host, from: before.state, to: to.state, ...(to.rule ? { rule: to.rule } : {}) });
  }
  const segments: ReplayStep['segments'] = [];
  for (const f of log.flights) {
    if (f.sentAt === at) segments.push({ from: f.from, segment: f.segment, event: 'sent' });
    if (f.lostAt === at) segments.push({ from: f.from, segment: f.segment, event: 'lost' });
    else if (f.lostAt === null && f.arrivesAt === at) segments.push({ from: f.from, segment: f.segment, event: 'arrived' });
  }
  return {
    at,
    cut,
    states: { client: stateAt(log, 'client', at, cut), server: stateAt(log, 'server', at, cut) },
    changes,
    segments,
    verdicts: verdicts.filter((d) => d.at === at),
  };
}
