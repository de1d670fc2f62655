/**
 * Where everything sits in the flow graph, as plain numbers: used by the Phaser ladder and by the
 * PNG export, so both draw the same picture. Time runs downwards on a warped axis: every instant
 * gets a row of its own and long quiet gaps are shortened (like Wireshark's one row per packet, but
 * arrows still slant by their real flight time so reordering shows as crossing).
 *
 * Every segment is its own arrow with its own label:
 * - Several things at one instant (an ACK and a FIN sent together, three states passed at once)
 *   get sub-rows of that instant: arrivals first, then the states in order, the sends last, so a
 *   send sits level with the state it was sent from.
 * - A segment no host's TCP sent (an old duplicate, a spoofed SYN) comes from its own lifeline, a
 *   dashed lane beside the client's axis; a reply to a forged address goes back to that lane.
 * - Labels are measured and placed touching their own arrow, where they cover no other label and
 *   no other arrow (an arrow's line never runs through another's label): along it, middle first,
 *   nearest centred on it, in the widest shape that fits (one line; the tags on a line of their
 *   own; flags and seq over ack and len; three lines). Where no place is free, the rows are pushed
 *   apart a little at a time (an instant's sub-rows, or the gap before the later of two sends),
 *   then a label still under an arrow gets another try with a neighbour placed again after it. A
 *   crowded moment (a half-close with a duplicated FIN) is taller, not tangled.
 * - While a round plays, each update's layout goes on from the previous one (`previous`): only
 *   what is new is placed, on rows that stay where they were, and a label on screen stays where it
 *   is unless a new arrow comes through it. When the rows themselves change (a segment that arrives
 *   now was sent before the last instant drawn, a send joins an instant already drawn) or nothing
 *   new fits without moving what was drawn, the graph is laid out anew, as it is for a finished
 *   round or a replay: a layout depends only on its inputs (the log, and the previous layout).
 * - Live, a player's own segment is drawn as far as its TCP knows it: leaving, part-way across,
 *   tagged sent / no ACK yet / acknowledged; where it went is revealed when the round ends.
 * - On a shrunk stage (a tablet, a small laptop window) no text is smaller than the canvas's text
 *   floor (`textFloor`): the columns widen to hold the raised times and states, labels take more
 *   lines (one field a line at the narrowest, a long address broken between words), and the rows
 *   part further for them (ladderMetrics). The lane's segments are labelled beside it there, left
 *   of its dashed line, level with where each leaves or arrives (a lane's fan of forged SYNs is too
 *   steep and too close to label between its arrows with raised text): the lane moves right to
 *   make room, and the rows part where a label beside it needs them to (below its end or above
 *   it, whichever makes room sooner), or where the lane's title has no place clear of arrows. A
 *   lost segment that died inside the lane's fan (its arrow ends mid-wire, where the lane's arrows
 *   cross every place along it) is labelled past its cross, level with it, where another arrow
 *   still runs through its label on its arrow once the rows are set; one that died on its way to
 *   the lane, where the lane's arrows still flying fill the room past its cross, beside the lane.
 *   A segment of the client's that died beside the lane (the flood's SYN, sent again) runs across
 *   the whole room beside it from its send to its cross: the lane's labels level with instants
 *   between the two have no place there clear of it however the rows part, so its line may run
 *   under their plates (and only there). With no floor the graph keeps its own sizes.
 *
 * The parts: ladderWords (a label's words), ladderLanes (which lifeline), ladderRows (instants and
 * sub-rows), ladderLabelPlaces and ladderLabelField (where a label may go), ladderContinue (going on
 * from the previous update), ladderArrange (all of it, with the rows parted until labels fit).
 */
import { segmentLength } from '../model/segmentText.ts';
import { ackedBy, DEPARTURE_MS } from '../model/snapshot.ts';
import type { Flight, HostRole, RoundLog, StateChange } from '../model/view.ts';
import { arrange, type LadderBasis } from './ladderArrange.ts';
import type { LadderEnd } from './ladderLanes.ts';
import { defaultLineHeight, estimateMonoWidth, LADDER, type LadderMetrics, type MeasureText } from './ladderMetrics.ts';
import { defaultSeconds, ENGLISH_LADDER_TEXT, type LadderText } from './ladderWords.ts';

// The flow graph's parts, for the ladder, the PNG export and the tests: one place to import from.
export { arrowEnds, type LadderEnd } from './ladderLanes.ts';
export { defaultLineHeight, estimateMonoWidth, LADDER, ladderMetrics, type LadderMetrics, type MeasureText } from './ladderMetrics.ts';
export { arrowLabel, ENGLISH_LADDER_TEXT, formatSeconds, type LadderText } from './ladderWords.ts';
export type { LadderBasis } from './ladderArrange.ts';
export { dropRing } from './ladderLabelField.ts';

export interface LadderOptions {
  text?: LadderText;
  measure?: MeasureText;
  /** Height in px of one line of label text at `size` px (default 1.25 em). */
  lineHeight?: (size: number) => number;
  /** Of the state changes at exactly `now`, show only the first this many (a replay stepping through an instant). */
  stateCut?: number;
  /**
   * The smallest text the graph may draw, stage px (the canvas's text floor on a shrunk stage,
   * text.ts textFloorNow; 0 or none: the graph's own sizes): labels, times and states at least that
   * big, the columns and rows made room for them (ladderMetrics).
   */
  textFloor?: number;
  /** How the time column writes seconds ('0.300 s', '0.300 秒'), to make it wide enough at a text floor. */
  seconds?: (s: string) => string;
}

export interface LabelBox {
  /** Top-left corner and size of the label with its plate, in content coordinates. */
  x: number;
  y: number;
  w: number;
  h: number;
  size: number;
  lines: string[];
}

export interface LadderArrow {
  flight: Flight;
  from: LadderEnd;
  to: LadderEnd;
  x1: number;
  y1: number;
  /** Where the arrow ends now: the receiver, the point of loss, or the in-flight position. */
  x2: number;
  y2: number;
  /** Where it ends once it has landed (or died). */
  endX: number;
  endY: number;
  label: string;
  /** The label's place; shown once the arrow's head has passed it. */
  labelBox: LabelBox;
  labelShown: boolean;
  arrived: boolean;
  lost: boolean;
  /**
   * Live, the player's own segment: its TCP knows it left, not where it went, so the arrow stops
   * part-way; `acked` once an ACK covering it arrived, `awaitingAck` while one is due (it occupies
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

export interface LadderLane {
  x: number;
  /** The lane's lifeline runs from its first segment's row to its last one's. */
  y1: number;
  y2: number;
  title: string;
  titleBox: LabelBox;
}

export interface LadderLayout {
  axisX: Record<HostRole, number>;
  /** The sizes it was laid out at (its columns, its rows' spacing, its texts' sizes). */
  metrics: LadderMetrics;
  lane: LadderLane | null;
  arrows: LadderArrow[];
  states: LadderStateMark[];
  /** `shownAt`: the time the column writes (a capture's own clock; otherwise `at`). */
  times: { at: number; y: number; shownAt: number }[];
  contentHeight: number;
  /**
   * How the places were found: 'anew' (everything placed), 'extended' (only what is new placed, on
   * the previous layout's rows, its labels left where they were) or 'same' (nothing new to place).
   */
  made: LadderBasis['made'];
  /** Where the next update's layout goes on from: hand this layout back as `previous`. */
  basis: LadderBasis;
}

/**
 * Each log's layouts made anew, by width, words and measures: a pure function's results kept (the
 * live graph draws one log at many `now`s, the PNG measures then paints it, Compare reads its axis).
 */
const fullCache = new WeakMap<RoundLog, Map<string, LadderBasis>>();
const fnIds = new WeakMap<object, number>();
let nextFnId = 1;
function fnId(fn: object): number {
  let id = fnIds.get(fn);
  if (id === undefined) fnIds.set(fn, (id = nextFnId++));
  return id;
}

/**
 * Where a round time sits on this log's flow graph (y below the header), as layoutLadder draws it
 * for a ladder `width` wide: each instant's row top, and in between, proportionally. The Compare
 * view puts its numbered marks on the exported PNG with it.
 */
export function ladderTimeAxis(log: RoundLog, width: number, options: LadderOptions = {}): (t: number) => number {
  const times = fullOf(log, width, options).times;
  return (t) => {
    const after = times.findIndex((tm) => tm.at >= t);
    if (after < 0) return times[times.length - 1]?.y ?? LADDER.topPad;
    const next = times[after]!;
    const prev = times[after - 1];
    if (!prev || next.at === t) return next.y;
    return prev.y + ((next.y - prev.y) * (t - prev.at)) / (next.at - prev.at);
  };
}

/** The log's graph laid out anew (everything placed), or, going on from `previous`, only what is new placed. */
function basisOf(log: RoundLog, width: number, options: LadderOptions, previous: LadderBasis | null): LadderBasis {
  const text = options.text ?? ENGLISH_LADDER_TEXT;
  const measure = options.measure ?? estimateMonoWidth;
  const lineHeight = options.lineHeight ?? defaultLineHeight;
  const textFloor = options.textFloor ?? 0;
  const seconds = options.seconds ?? defaultSeconds;
  const key = `${width}|${textFloor}|${seconds('x')}|${JSON.stringify([text.lost, text.droppedBy.client, text.droppedBy.server, text.droppedAcceptQueue, text.retransmission, text.duplicate, text.oldDuplicate, text.spoofedFrom('x'), text.toForged('x'), text.otherClientFrom('x'), text.toOtherClient('x'), text.toAddress('x'), text.laneSpoofed, text.laneOldDuplicate, text.laneMixed, text.laneOtherClient, text.sent, text.awaitingAck, text.acked])}|${fnId(measure)}|${fnId(lineHeight)}`;
  // (The live graph draws one log at every frame's `now`.)
  if (previous?.key === key && previous.log === log) return previous;
  if (previous?.key === key) {
    const extended = arrange(log, width, { text, measure, lineHeight, textFloor, seconds }, key, previous);
    if (extended) return extended;
  }
  let perLog = fullCache.get(log);
  if (!perLog) fullCache.set(log, (perLog = new Map()));
  let full = perLog.get(key);
  if (!full) {
    // (Never null with no previous layout to keep.)
    full = arrange(log, width, { text, measure, lineHeight, textFloor, seconds }, key, null)!;
    perLog.set(key, full);
  }
  return full;
}

function fullOf(log: RoundLog, width: number, options: LadderOptions): LadderBasis {
  return basisOf(log, width, options, null);
}

/**
 * Lay out everything that has happened by `now` for a ladder `width` pixels wide. With the
 * `previous` update's layout (a live round: the log grew), only what is new is placed and what was
 * on screen stays where it was, unless the width, the words or the measures changed, or an earlier
 * arrow or state did, or the rows must move apart above something already drawn: then, and with no
 * `previous`, everything is placed anew. `made` says which.
 */
export function layoutLadder(log: RoundLog, now: number, width: number, options: LadderOptions = {}, previous?: LadderLayout | null): LadderLayout {
  const full = basisOf(log, width, options, previous?.basis ?? null);

  const arrows: LadderArrow[] = [];
  for (const p of full.placed) {
    const f = p.flight;
    if (f.sentAt > now) continue;
    const pending = f.arrivesAt === null;
    const endAt = f.lostAt ?? f.arrivesAt ?? f.sentAt + DEPARTURE_MS;
    // The head moves along the drawn line, in proportion to the time the segment has been flying
    // (the player's own segment: for as long as its departure is shown).
    const k = endAt > f.sentAt ? Math.min(1, Math.max(0, (now - f.sentAt) / (endAt - f.sentAt))) : 1;
    const acked = pending && ackedBy(f, now);
    arrows.push({
      flight: f,
      from: p.from,
      to: p.to,
      x1: p.x1,
      y1: p.y1,
      x2: p.x1 + (p.endX - p.x1) * k,
      y2: p.y1 + (p.endY - p.y1) * k,
      endX: p.endX,
      endY: p.endY,
      label: p.label,
      labelBox: p.labelBox,
      labelShown: k >= p.labelU || now >= endAt,
      arrived: !pending && f.lostAt === null && now >= (f.arrivesAt ?? Infinity),
      lost: f.lostAt !== null && now >= f.lostAt,
      pending,
      acked,
      awaitingAck: pending && !acked && segmentLength(f.segment) > 0,
    });
  }
  const cut = options.stateCut ?? Infinity;
  let atNow = 0;
  const states = full.states.filter((m) => m.change.at < now || (m.change.at === now && atNow++ < cut));
  // A capture's instants are labelled with its own clock (its replay plays one packet a step).
  const times = full.times.filter((tm) => tm.hasSend && tm.at <= now).map(({ at, y }) => ({ at, y, shownAt: log.clock?.[at] ?? at }));
  const lane = full.lane && arrows.some((a) => a.from === 'lane' || a.to === 'lane') ? full.lane : null;
  return { axisX: full.axisX, metrics: full.metrics, lane, arrows, states, times, contentHeight: full.contentHeight, made: full.made, basis: full };
}
