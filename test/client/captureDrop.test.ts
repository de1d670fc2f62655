/**
 * A segment a capture saw arrive at the host it was taken on, which that host's TCP never took (a
 * Linux listener's full accept queue dropping SYNs; the annotator's dropped-at-host), plays in the
 * replay as what it is: it crosses the whole wire and arrives (it was not lost on the way), and is
 * dropped there, changing nothing at its receiver. The flow graph ends its arrow on the receiver's
 * axis with a mark and a label of its own, the wire holds its card where it landed, and Results
 * count it apart from the losses. A round's wire never drops at a host: its flights carry no drop.
 */
import { describe, expect, it } from 'vitest';
import { captureLog, STEP_MS } from '../../client/capture/captureLog.ts';
import { ENGLISH_LADDER_TEXT, layoutLadder, type LadderLayout } from '../../client/components/ladderLayout.ts';
import { flightTotals, segmentTotals } from '../../client/model/endStates.ts';
import { DROP_SHOWN_MS, flightsOnWire, stateAt, wireProgress } from '../../client/model/snapshot.ts';
import type { RoundLog } from '../../client/model/view.ts';
import { demoRound } from '../../client/demo/demoTimeline.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { acceptQueueDropPcap, DROPPED_SYNS } from '../pcap/acceptQueueDrop.ts';
import { arrowsThroughLabels, CHINESE_LADDER_TEXT, chromiumLineHeight, chromiumMeasure, GAME_ENGLISH_LADDER_TEXT, labelBoxes, overlapping } from '../support/ladderChecks.ts';

function replayOf(capturedAt: 'server' | 'client', profile: Profile = 'linux'): RoundLog {
  const { rows, annotator } = annotateBytes(acceptQueueDropPcap(capturedAt), { profile });
  expect(annotator.problems.listed).toEqual([]);
  return captureLog(rows, rows[0]!.stream).log;
}

describe('a SYN the listener dropped, captured at the server: it arrived, and was dropped there', () => {
  it('each of the three SYNs crosses the wire and arrives (not lost), dropped by the full accept queue; the fourth is taken', () => {
    const log = replayOf('server');
    const syns = log.flights.slice(0, DROPPED_SYNS + 1);
    for (const f of syns.slice(0, DROPPED_SYNS)) {
      expect(f.lostAt).toBeNull();
      expect(f.arrivesAt).not.toBeNull();
      expect(f.dropped).toBe('accept-queue');
    }
    expect(syns[DROPPED_SYNS]!.dropped).toBeUndefined();
    // Every other flight has no drop at all, as a round's flights (no key: their data is unchanged).
    for (const f of log.flights.slice(DROPPED_SYNS)) expect('dropped' in f).toBe(false);
  });

  it('a dropped SYN changes nothing at the server: LISTEN until the copy it took', () => {
    const log = replayOf('server');
    const [first, , third, taken] = log.flights;
    expect(stateAt(log, 'server', first!.arrivesAt!)).toBe('LISTEN');
    expect(stateAt(log, 'server', third!.arrivesAt!)).toBe('LISTEN');
    expect(stateAt(log, 'server', taken!.arrivesAt!)).toBe('SYN-RECEIVED');
  });

  it('Results count them apart: none lost on the wire, three dropped at the receiving host', () => {
    const log = replayOf('server');
    expect(segmentTotals(log)).toEqual({ segments: 6, lost: 0, dropped: DROPPED_SYNS, retransmissions: 3 });
  });

  it('the same SYNs captured at the client were seen leaving only: lost (or dropped, the capture cannot tell), as before', () => {
    const log = replayOf('client');
    for (const f of log.flights.slice(0, DROPPED_SYNS)) {
      expect(f.lostAt).not.toBeNull();
      expect('dropped' in f).toBe(false);
    }
    expect(segmentTotals(log)).toEqual({ segments: 6, lost: DROPPED_SYNS, dropped: 0, retransmissions: 3 });
  });

  it('under RFC 9293\'s rules (no accept queue) it is dropped by the server\'s host, for a reason the capture cannot name', () => {
    const log = replayOf('server', 'rfc9293');
    expect(log.flights[0]!.dropped).toBe('host');
  });

  it('a round\'s flights never carry a drop, and count none', () => {
    const log = demoRound();
    expect(log.flights.some((f) => 'dropped' in f)).toBe(false);
    expect(flightTotals(log.flights).dropped).toBe(0);
  });
});

describe('on the wire, a dropped card lands and stays where it landed a moment', () => {
  it('it flies the whole way, is on the wire at its arrival and for DROP_SHOWN_MS after, then goes', () => {
    const log = replayOf('server');
    const f = log.flights[0]!;
    const arrives = f.arrivesAt!;
    expect(wireProgress(f, arrives)).toBe(1);
    expect(flightsOnWire(log, arrives).map((g) => g.id)).toContain(f.id);
    expect(flightsOnWire(log, arrives + DROP_SHOWN_MS - 1).map((g) => g.id)).toContain(f.id);
    expect(flightsOnWire(log, arrives + DROP_SHOWN_MS).map((g) => g.id)).not.toContain(f.id);
    // A taken segment leaves the wire as it arrives.
    const taken = log.flights[DROPPED_SYNS]!;
    expect(flightsOnWire(log, taken.arrivesAt!).map((g) => g.id)).not.toContain(taken.id);
  });
});

describe('in the flow graph, a dropped SYN\'s arrow reaches the server\'s axis and is labelled dropped', () => {
  const cases = [
    { name: 'English, 640 px', text: ENGLISH_LADDER_TEXT, width: 640, tag: 'dropped: accept queue full' },
    { name: 'the game\'s English, 900 px (the PNG)', text: GAME_ENGLISH_LADDER_TEXT, width: 900, tag: 'dropped: accept queue full' },
    { name: 'Chinese, 640 px', text: CHINESE_LADDER_TEXT, width: 640, tag: '被丢弃：全连接队列已满' },
  ];
  for (const c of cases) {
    it(`${c.name}: ends on the axis, its label says so, and no label covers another or has an arrow through it at any step`, () => {
      const log = replayOf('server');
      const check = (layout: LadderLayout): void => {
        expect(overlapping(labelBoxes(layout))).toEqual([]);
        expect(arrowsThroughLabels(layout)).toEqual([]);
      };
      for (let now = 0; now <= log.duration; now += STEP_MS / 2) check(layoutLadder(log, now, c.width, { text: c.text }));
      const layout = layoutLadder(log, log.duration, c.width, { text: c.text });
      const dropped = layout.arrows.filter((a) => a.flight.dropped);
      expect(dropped).toHaveLength(DROPPED_SYNS);
      for (const a of dropped) {
        expect(a.arrived).toBe(true);
        expect(a.lost).toBe(false);
        expect(a.endX).toBe(layout.axisX.server);
        expect(a.labelBox.lines.join(' ')).toContain(c.tag);
      }
    });
  }

  it('by the client\'s host, a segment is "dropped by the client"; by the server\'s, for no named cause, "dropped by the server"', () => {
    const log = replayOf('server', 'rfc9293');
    const layout = layoutLadder(log, log.duration, 640, { text: ENGLISH_LADDER_TEXT });
    expect(layout.arrows[0]!.labelBox.lines.join(' ')).toContain('dropped by the server');
    const toClient: RoundLog = { ...log, flights: log.flights.map((f, i) => (i === 4 ? { ...f, dropped: 'host' as const } : f)) };
    expect(layoutLadder(toClient, log.duration, 640, { text: ENGLISH_LADDER_TEXT }).arrows[4]!.labelBox.lines.join(' ')).toContain('dropped by the client');
  });

  it('at a tablet\'s text floor (15-17 px, Chromium\'s measure) its labels still cover nothing', () => {
    const log = replayOf('server');
    for (const textFloor of [15, 16, 17]) {
      for (const text of [GAME_ENGLISH_LADDER_TEXT, CHINESE_LADDER_TEXT]) {
        const layout = layoutLadder(log, log.duration, 640, { text, textFloor, measure: chromiumMeasure, lineHeight: chromiumLineHeight });
        expect(overlapping(labelBoxes(layout))).toEqual([]);
        expect(arrowsThroughLabels(layout)).toEqual([]);
      }
    }
  });
});
