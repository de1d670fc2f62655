/**
 * The live flow graph laid out update by update, each layout going on from the previous one
 * (layoutLadder's `previous`), as the Game scene does: every scenario played step by step as a
 * player's page sees it, either role, a plain round and a lossy one (and a SYN flood against the
 * flooder bot), at the game's 640 px and the PNG's 900 px, and at the game's 640 px on a tablet
 * (its text raised to 15 px), in English and Chinese. At every step no label is over another and
 * each is readable (on a tablet, at the floor, and the columns hold their words) and within the axes; placing only what is new never
 * draws an arrow through a label (what it keeps, it keeps from the previous layout); a label stays
 * where it was unless its words changed or a new arrow came through it; a layout made anew is the
 * layout of that log with no previous one. A constructed ladder whose lane appears where its title
 * has no clear place is laid out anew (LadderBasis.titleCrossed: no real round does that).
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH_LADDER_TEXT, estimateMonoWidth, layoutLadder, type LabelBox, type LadderLayout, type LadderText } from '../../client/components/ladderLayout.ts';
import type { Flight, RoundLog } from '../../client/model/view.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { arrowsThroughLaneTitle, CHINESE_LADDER_TEXT, halfWidthMeasure, overlapping, TABLET_TEXT_FLOOR, textUnderFloorOrCut } from '../support/ladderChecks.ts';
import { lineEntersBox } from '../support/lineBox.ts';
import { liveLogs } from '../support/liveLogs.ts';

/** A quarter of the segments lost, 300 ms each way: retransmissions, and arrivals long after their send. */
const LOSSY: Partial<RoundSettings> = { seed: 5, wire: symmetricWire({ loss: 0.25, delayMs: 300 }) };

interface LiveRound {
  name: string;
  logs: RoundLog[];
}

function liveRounds(): LiveRound[] {
  const rounds: LiveRound[] = [];
  for (const s of SCENARIOS) {
    for (const you of s.roles) {
      rounds.push({ name: `${s.id} as ${you}`, logs: liveLogs(s.id, you) });
      rounds.push({ name: `${s.id} as ${you}, lossy`, logs: liveLogs(s.id, you, LOSSY) });
    }
  }
  rounds.push({ name: 'syn-flood as server against the flooder', logs: liveLogs('syn-flood', 'server', { personality: 'flooder' }) });
  return rounds;
}

/** Every label on the graph (shown yet or not) and the lane's title. */
function allBoxes(layout: LadderLayout): LabelBox[] {
  return [...layout.arrows.map((a) => a.labelBox), ...(layout.lane ? [layout.lane.titleBox] : [])];
}

/** Each arrow (its whole line, as drawn once it has landed) through another arrow's label, as "arrow>label" flight ids. */
function crossings(layout: LadderLayout): Set<string> {
  const out = new Set<string>();
  for (const a of layout.arrows) {
    for (const b of layout.arrows) {
      if (a !== b && lineEntersBox({ x1: a.x1, y1: a.y1, x2: a.endX, y2: a.endY }, b.labelBox)) out.add(`${a.flight.id}>${b.flight.id}`);
    }
  }
  return out;
}

/** What a layout draws, for comparing two of them. */
function picture(layout: LadderLayout): unknown {
  return {
    arrows: layout.arrows.map((a) => [a.flight.id, a.x1, a.y1, a.endX, a.endY, a.label, a.labelBox]),
    states: layout.states.map((m) => [m.change.host, m.change.state, m.y]),
    times: layout.times,
    lane: layout.lane,
    contentHeight: layout.contentHeight,
  };
}

/** Within `reach` px of the box: a new arrow's line (or its head) that close takes the label's place. */
function comesNear(l: { x1: number; y1: number; endX: number; endY: number }, b: LabelBox, reach: number): boolean {
  return lineEntersBox({ x1: l.x1, y1: l.y1, x2: l.endX, y2: l.endY }, { x: b.x - reach, y: b.y - reach, w: b.w + 2 * reach, h: b.h + 2 * reach });
}

describe('the live flow graph, each update laid out from the previous one', () => {
  it('keeps labels apart, readable and clear of new arrows at every step of every scenario, either role, plain and lossy, at both widths and on a tablet, in English and Chinese; a label stays where it was unless its words changed or a new arrow came through it', () => {
    const rounds = liveRounds();
    // The lossy rounds do lose segments (their retransmissions are new arrows sent long after).
    expect(rounds.filter((r) => r.name.endsWith('lossy')).some((r) => r.logs[r.logs.length - 1]!.flights.some((f) => f.lostAt !== null))).toBe(true);
    const made = { anew: 0, extended: 0, same: 0 };
    let kept = 0;
    let moved = 0;
    for (const { name, logs } of rounds) {
      for (const [width, textFloor] of [[640, 0], [900, 0], [640, TABLET_TEXT_FLOOR]] as const) {
        for (const text of [ENGLISH_LADDER_TEXT, CHINESE_LADDER_TEXT] as LadderText[]) {
          let previous: LadderLayout | null = null;
          logs.forEach((log, step) => {
            const where = `${name}, ${width} px, text floor ${textFloor}, ${text === CHINESE_LADDER_TEXT ? 'zh-CN' : 'en'}, step ${step} (${log.duration} ms)`;
            const layout = layoutLadder(log, log.duration, width, { text, textFloor }, previous);
            made[layout.made]++;
            expect(overlapping(allBoxes(layout)), where).toEqual([]);
            for (const b of allBoxes(layout).filter((box) => Number.isFinite(box.y))) {
              expect(b.size, where).toBeGreaterThanOrEqual(Math.max(11, textFloor));
              expect(b.x, where).toBeGreaterThanOrEqual(layout.axisX.client);
              expect(b.x + b.w, where).toBeLessThanOrEqual(layout.axisX.server);
              for (const line of b.lines) expect(estimateMonoWidth(line, b.size), where).toBeLessThanOrEqual(b.w);
            }
            expect(textUnderFloorOrCut(layout, Math.max(11, textFloor)), where).toEqual([]);
            if (layout.made === 'anew' || !previous) {
              // Laid out anew: the same picture as that log's layout with no previous one.
              expect(picture(layout), where).toEqual(picture(layoutLadder(structuredClone(log), log.duration, width, { text, textFloor })));
            } else {
              const before = new Map(previous.arrows.map((a) => [a.flight.id, a]));
              const fresh = layout.arrows.filter((a) => !before.has(a.flight.id));
              // Nothing drawn before moves, and no arrow runs through a label but where one already did.
              const newCrossings = [...crossings(layout)].filter((c) => !crossings(previous!).has(c));
              expect(newCrossings, where).toEqual([]);
              for (const a of layout.arrows) {
                const was = before.get(a.flight.id);
                if (!was) continue;
                expect([a.x1, a.y1, a.endX, a.endY], where).toEqual([was.x1, was.y1, was.endX, was.endY]);
                const same = a.labelBox.x === was.labelBox.x && a.labelBox.y === was.labelBox.y && a.labelBox.w === was.labelBox.w && a.labelBox.h === was.labelBox.h;
                if (same) kept++;
                else {
                  moved++;
                  const why = a.label !== was.label || fresh.some((n) => comesNear(n, was.labelBox, 10));
                  expect(why, `${where}: "${a.label}" moved from (${was.labelBox.x}, ${was.labelBox.y}) to (${a.labelBox.x}, ${a.labelBox.y})`).toBe(true);
                }
              }
            }
            previous = layout;
          });
          // The finished round (its wire revealed) is laid out anew: the graph Results and the PNG show.
          expect(previous!.made, `${name}, ${width} px, text floor ${textFloor}, finished`).toBe('anew');
        }
      }
    }
    // Most updates place little or nothing; labels on screen mostly stay put.
    expect(made.same + made.extended).toBeGreaterThan(2 * made.anew);
    expect(kept).toBeGreaterThan(20 * moved);
  }, 300_000);

  it('keeps the label of a segment that is acknowledged where it was, its new words inside its old plate: the server’s FIN in data-on-third, seen by its server, "sent, no ACK yet" then "acknowledged" (it jumped 161 px left)', () => {
    let previous: LadderLayout | null = null;
    const seen: { made: string; label: string; x: number; y: number }[] = [];
    for (const log of liveLogs('data-on-third', 'server')) {
      const layout = layoutLadder(log, log.duration, 640, {}, previous);
      const fin = layout.arrows.find((a) => a.flight.from === 'server' && a.flight.segment.flags.FIN);
      // (Until the round ends and the wire is revealed: then the whole graph is laid out anew.)
      if (fin?.pending) seen.push({ made: layout.made, label: fin.label, x: fin.labelBox.x, y: fin.labelBox.y });
      previous = layout;
    }
    const acked = seen.findIndex((s) => s.label.endsWith(ENGLISH_LADDER_TEXT.acked));
    expect(seen[acked - 1]?.label).toMatch(/sent, no ACK yet$/);
    expect(seen[acked]?.made).toBe('extended');
    expect(seen.map((s) => [s.x, s.y])).toEqual(seen.map(() => [seen[0]!.x, seen[0]!.y]));
  });

  it('leaves the previous layout as it was, and gives the same layout for the same log and previous one', () => {
    const logs = liveLogs('syn-flood', 'server', { personality: 'flooder' });
    let previous: LadderLayout | null = null;
    for (const log of logs) {
      const before = previous && JSON.stringify(previous);
      const layout = layoutLadder(log, log.duration, 640, {}, previous);
      expect(picture(layoutLadder(log, log.duration, 640, {}, previous))).toEqual(picture(layout));
      if (previous) expect(JSON.stringify(previous)).toBe(before);
      previous = layout;
    }
  });

  it('lays the graph out anew when a lane appears where no place of its title is clear of the arrows drawn, the rows parting above its first row for it, rather than drawing an arrow through its title until the round ends (LadderBasis.titleCrossed)', () => {
    // A constructed ladder: ACKs each way every 100 ms until 0.5 s, and a server's segment sent at
    // 0.45 s that arrives at 1 s; at 1 s an old duplicate arrives from the lane. Its title (one word
    // that cannot break, two thirds of the room between the axes) has no place over the lane's first
    // row clear of the arrows drawn before, nor under it, nor against either side.
    const client = '192.0.2.10:40000';
    const server = '203.0.113.5:80';
    const ack = (from: 'client' | 'server', sentAt: number, arrivesAt: number, injected?: 'old-duplicate'): Omit<Flight, 'id'> => ({
      from,
      segment: { src: from === 'client' ? client : server, dst: from === 'client' ? server : client, seq: 1_001, ack: 5_001, flags: { SYN: false, ACK: true, FIN: false, RST: false }, wnd: 65_535, data: '' },
      sentAt,
      arrivesAt,
      lostAt: null,
      retransmission: false,
      duplicateOf: null,
      reordered: false,
      ...(injected ? { injected } : {}),
    });
    const sent = [
      ...[0, 100, 200, 300, 400].map((t) => ack('client', t, t + 100)),
      ...[50, 150, 250, 350].map((t) => ack('server', t, t + 100)),
      ack('server', 450, 1_000),
    ].sort((a, b) => a.sentAt - b.sentAt);
    const flights: Flight[] = [...sent, ack('client', 1_000, 1_100, 'old-duplicate')].map((f, k) => ({ ...f, id: String(k + 1) }));
    const logOf = (fs: Flight[], duration: number): RoundLog => ({ hosts: { client: { role: 'client', address: client }, server: { role: 'server', address: server } }, flights: fs, states: [], timers: [], calls: [], duration, msl: 30_000 });
    const before = logOf(flights.slice(0, -1), 1_000);
    const after = logOf(flights, 1_100);
    const options = { textFloor: TABLET_TEXT_FLOOR, measure: halfWidthMeasure, text: { ...ENGLISH_LADDER_TEXT, laneOldDuplicate: 'old-duplicates-of-an-earlier' } };
    const previous = layoutLadder(before, before.duration, 640, options);
    expect(previous.lane).toBeNull();
    const live = layoutLadder(after, after.duration, 640, options, previous);
    expect(live.made).toBe('anew');
    expect(live.lane?.title).toBe('old-duplicates-of-an-earlier');
    expect(arrowsThroughLaneTitle(live)).toEqual([]);
    expect(picture(live)).toEqual(picture(layoutLadder(structuredClone(after), after.duration, 640, options)));
    // Anew, the rows above the lane's first row parted for the title: what was drawn moved.
    const server450 = (l: LadderLayout): number => l.arrows.find((a) => a.flight.sentAt === 450)!.endY;
    expect(server450(live)).toBeGreaterThan(server450(previous));
  });
});
