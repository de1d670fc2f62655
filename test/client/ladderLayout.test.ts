/**
 * The flow graph's layout (shared by the live ladder and the PNG export): time runs down, every
 * event gets its own row, and state marks never sit on top of each other.
 */
import { describe, expect, it } from 'vitest';
import { LADDER, layoutLadder } from '../../client/components/ladderLayout.ts';
import { demoRound } from '../../client/demo/demoTimeline.ts';
import type { RoundLog, StateChange } from '../../client/model/view.ts';

const WIDTH = 640;

function withStates(log: RoundLog, states: StateChange[]): RoundLog {
  return { ...log, states: [...log.states, ...states].sort((a, b) => a.at - b.at) };
}

describe('ladder layout', () => {
  it('puts later events lower and every arrow from its sender’s axis', () => {
    const log = demoRound();
    const layout = layoutLadder(log, log.duration, WIDTH);
    expect(layout.arrows.length).toBe(log.flights.length);
    for (const a of layout.arrows) {
      expect(a.x1).toBe(layout.axisX[a.flight.from]);
      expect(a.y2).toBeGreaterThanOrEqual(a.y1);
    }
    const ys = layout.times.map((t) => t.y);
    expect(ys).toEqual([...ys].sort((p, q) => p - q));
  });

  it('stacks the marks of a host that changes state twice at one instant (ESTABLISHED, then FIN-WAIT-1 on close)', () => {
    const base = demoRound();
    const at = 9_999;
    const log = withStates({ ...base, duration: Math.max(base.duration, at) }, [
      { host: 'client', at, state: 'ESTABLISHED' },
      { host: 'client', at, state: 'FIN-WAIT-1' },
    ]);
    const marks = layoutLadder(log, log.duration, WIDTH).states.filter((m) => m.change.at === at);
    expect(marks.map((m) => m.change.state)).toEqual(['ESTABLISHED', 'FIN-WAIT-1']);
    const [first, second] = marks as [typeof marks[0], typeof marks[0]];
    // In order, one label height apart, around the instant's row.
    expect(second.y - first.y).toBe(LADDER.stackedStateGap);
    expect(second.y - first.y).toBeLessThan(LADDER.minGap);
  });

  it('leaves a lone state change on its instant’s row, level with the arrows of that instant', () => {
    const log = demoRound();
    const layout = layoutLadder(log, log.duration, WIDTH);
    for (const m of layout.states) {
      const sameInstant = layout.states.filter((o) => o.change.host === m.change.host && o.change.at === m.change.at);
      if (sameInstant.length > 1) continue;
      const sent = layout.arrows.find((a) => a.flight.from === m.change.host && a.flight.sentAt === m.change.at);
      if (sent) expect(m.y).toBe(sent.y1);
    }
  });

  it('gives each segment sent at one instant its own label line, with room left above that row so the top label stays clear of the row before', () => {
    const base = demoRound();
    const first = base.flights[2]!;
    // A second segment from the same host at the same instant (a SYN-ACK resent by its timer as the
    // host answers a repeated SYN, say) and a third from the other host.
    const second = { ...first, id: 'same-instant-2', arrivesAt: first.arrivesAt! + 50 };
    const third = { ...first, id: 'same-instant-3', from: first.from === 'client' ? ('server' as const) : ('client' as const) };
    const log = { ...base, flights: [...base.flights, second, third].sort((a, b) => a.sentAt - b.sentAt) };
    const layout = layoutLadder(log, log.duration, WIDTH);
    const together = layout.arrows.filter((a) => a.flight.sentAt === first.sentAt);
    expect(together).toHaveLength(3);
    const lines = together.map((a) => a.labelY).sort((p, q) => q - p);
    expect(lines).toEqual([together[0]!.y1 - 3, together[0]!.y1 - 3 - LADDER.labelH, together[0]!.y1 - 3 - 2 * LADDER.labelH]);
    // The previous row's label sits a full row above the highest of them.
    const before = layout.arrows.filter((a) => a.flight.sentAt < first.sentAt).map((a) => a.labelY);
    const highest = Math.min(...lines);
    for (const y of before) expect(highest - y).toBeGreaterThanOrEqual(LADDER.minGap);
    // A lone segment's label is where it always was.
    const alone = layoutLadder(base, base.duration, WIDTH).arrows.find((a) => a.flight.id === first.id)!;
    expect(alone.labelY).toBe(alone.y1 - 3);
  });
});
