/**
 * Where everything sits in the flow graph, as plain numbers: used by the Phaser ladder and by the
 * PNG export, so both draw the same picture. Time runs downwards on a warped axis: every event
 * gets at least a row of its own, long quiet gaps are shortened (like Wireshark's one row per
 * packet, but arrows still slant by their real flight time so reordering shows as crossing).
 */
import { segmentLength, segmentSummary } from '../model/segmentText.ts';
import { ackedBy, DEPARTURE_MS } from '../model/snapshot.ts';
import type { Flight, HostRole, RoundLog, StateChange } from '../model/view.ts';

export const LADDER = {
  headerH: 56,
  timeColW: 62,
  stateColW: 118,
  minGap: 34,
  maxGap: 70,
  pxPerMs: 0.09,
  topPad: 26,
  bottomPad: 40,
  /** Between the marks of several state changes at one instant (less than minGap / 2). */
  stackedStateGap: 15,
  /** One arrow label's height: the labels of segments sent at one instant are stacked this far apart. */
  labelH: 14,
} as const;

export interface LadderArrow {
  flight: Flight;
  x1: number;
  y1: number;
  /** Where the arrow ends now: the receiver, the point of loss, or the in-flight position. */
  x2: number;
  y2: number;
  /** The baseline of its label: just above the arrow's start, or higher when other segments left at the same instant. */
  labelY: number;
  label: string;
  arrived: boolean;
  lost: boolean;
  /**
   * Live, the player's own segment: its TCP knows it left, not where it went, so the arrow stops
   * halfway; `acked` once an ACK covering it arrived, `awaitingAck` while one is due (it occupies
   * sequence space), neither for a pure ACK or RST.
   */
  pending: boolean;
  acked: boolean;
  awaitingAck: boolean;
}

export interface LadderStateMark {
  change: StateChange;
  x: number;
  y: number;
  align: 'left' | 'right';
}

export interface LadderLayout {
  axisX: Record<HostRole, number>;
  arrows: LadderArrow[];
  states: LadderStateMark[];
  times: { at: number; y: number }[];
  contentHeight: number;
}

/**
 * A monotone map from round time to y, with every key time at least minGap below the previous, and
 * `roomAbove(t)` more pixels above a key time that needs them (stacked labels).
 */
export function timeAxis(keyTimes: readonly number[], roomAbove: (t: number) => number = () => 0): (t: number) => number {
  const keys = [...new Set(keyTimes)].sort((a, b) => a - b);
  const ys: number[] = [];
  let y = LADDER.topPad;
  keys.forEach((k, i) => {
    if (i > 0) {
      const dt = k - (keys[i - 1] ?? 0);
      y += Math.min(LADDER.maxGap, Math.max(LADDER.minGap, dt * LADDER.pxPerMs));
    }
    y += roomAbove(k);
    ys.push(y);
  });
  return (t: number): number => {
    if (keys.length === 0) return LADDER.topPad;
    if (t <= (keys[0] ?? 0)) return ys[0] ?? LADDER.topPad;
    for (let i = 1; i < keys.length; i++) {
      const k1 = keys[i] ?? 0;
      if (t <= k1) {
        const k0 = keys[i - 1] ?? 0;
        const y0 = ys[i - 1] ?? 0;
        const y1 = ys[i] ?? 0;
        return y0 + ((t - k0) / (k1 - k0)) * (y1 - y0);
      }
    }
    return ys[ys.length - 1] ?? LADDER.topPad;
  };
}

/** How far (px) a half-drawn arrow of a segment whose arrival is unknown drops by the middle. */
const PENDING_SLOPE = 14;

/** The round times that get a row of their own on the flow graph: every send, arrival, loss and state change (an arrival the player cannot know yet has none). */
export function ladderKeyTimes(log: RoundLog): number[] {
  const keyTimes: number[] = [];
  for (const f of log.flights) {
    keyTimes.push(f.sentAt);
    const end = f.lostAt ?? f.arrivesAt;
    if (end !== null) keyTimes.push(end);
  }
  for (const s of log.states) keyTimes.push(s.at);
  return keyTimes;
}

/** How many segments were sent at each instant (each gets its own label line). */
function sendsAt(log: RoundLog): Map<number, number> {
  const n = new Map<number, number>();
  for (const f of log.flights) n.set(f.sentAt, (n.get(f.sentAt) ?? 0) + 1);
  return n;
}

/** Where a round time sits on this log's flow graph (y below the header), as layoutLadder draws it. */
export function ladderTimeAxis(log: RoundLog): (t: number) => number {
  const sends = sendsAt(log);
  return timeAxis(ladderKeyTimes(log), (t) => Math.max(0, (sends.get(t) ?? 0) - 1) * LADDER.labelH);
}

/** Lay out everything that has happened by `now` for a ladder `width` pixels wide. */
export function layoutLadder(log: RoundLog, now: number, width: number): LadderLayout {
  const axisX: Record<HostRole, number> = {
    client: LADDER.timeColW + LADDER.stateColW,
    server: width - LADDER.stateColW,
  };
  // The axis is built from the whole log so rows don't jump while the round plays.
  const keyTimes = ladderKeyTimes(log);
  const y = ladderTimeAxis(log);

  const arrows: LadderArrow[] = [];
  // Segments sent at one instant (by either host) would have their labels on one line: each later
  // one goes a label higher, into the room the time axis left above that row.
  const labelsSoFar = new Map<number, number>();
  for (const f of log.flights) {
    if (f.sentAt > now) continue;
    const to: HostRole = f.from === 'client' ? 'server' : 'client';
    const x1 = axisX[f.from];
    const xTo = axisX[to];
    const label = segmentSummary(f.segment);
    const stacked = labelsSoFar.get(f.sentAt) ?? 0;
    labelsSoFar.set(f.sentAt, stacked + 1);
    const labelY = y(f.sentAt) - 3 - stacked * LADDER.labelH;
    if (f.arrivesAt === null) {
      const k = 0.5 * Math.min(1, Math.max(0, (now - f.sentAt) / DEPARTURE_MS));
      const acked = ackedBy(f, now);
      arrows.push({ flight: f, x1, y1: y(f.sentAt), x2: x1 + (xTo - x1) * k, y2: y(f.sentAt) + PENDING_SLOPE * k, labelY, label, arrived: false, lost: false, pending: true, acked, awaitingAck: !acked && segmentLength(f.segment) > 0 });
      continue;
    }
    const end = f.lostAt ?? f.arrivesAt;
    const tEnd = Math.min(now, end);
    const k = f.arrivesAt > f.sentAt ? (tEnd - f.sentAt) / (f.arrivesAt - f.sentAt) : 1;
    arrows.push({
      flight: f,
      x1,
      y1: y(f.sentAt),
      x2: x1 + (xTo - x1) * k,
      y2: y(tEnd),
      labelY,
      label,
      arrived: f.lostAt === null && now >= f.arrivesAt,
      lost: f.lostAt !== null && now >= f.lostAt,
      pending: false,
      acked: false,
      awaitingAck: false,
    });
  }
  // A host that passes through several states at one instant (SYN-ACK in, ESTABLISHED, then the
  // application's close, FIN-WAIT-1) gets its marks stacked around that row, in order, not drawn
  // over each other.
  const shown = log.states.filter((s) => s.at <= now);
  const states: LadderStateMark[] = shown.map((s) => {
    const same = shown.filter((o) => o.host === s.host && o.at === s.at);
    const i = same.indexOf(s);
    return {
      change: s,
      x: s.host === 'client' ? axisX.client - 8 : axisX.server + 8,
      y: y(s.at) + (i - (same.length - 1) / 2) * LADDER.stackedStateGap,
      align: s.host === 'client' ? ('right' as const) : ('left' as const),
    };
  });
  const times = [...new Set(log.flights.filter((f) => f.sentAt <= now).map((f) => f.sentAt))].map((at) => ({ at, y: y(at) }));
  const last = Math.max(0, ...keyTimes);
  return { axisX, arrows, states, times, contentHeight: y(last) + LADDER.bottomPad };
}

export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3) + ' s';
}
