/**
 * The flow graph's rows and label places, made anew or going on from the previous update's: each
 * label measured and put touching its own arrow where it covers no other label and no other arrow;
 * where no place is free, the rows are pushed apart a little at a time, then a label still under an
 * arrow gets another try with a neighbour placed again after it; on a tablet, a lost segment's
 * label an arrow still runs through goes past its cross (ladderLayout.ts tells the whole).
 */
import type { Flight, HostRole, RoundLog } from '../model/view.ts';
import { keptInPlace, pinsOf } from './ladderContinue.ts';
import { LABEL_TOUCH, LabelField, arrowStrokes, overlaps, type LaneGutter, type PlacedLabel } from './ladderLabelField.ts';
import { labelShapes, strokeSpan, strokeTouches, widestWord, wrapWords, type LabelShape, type Stroke } from './ladderLabelPlaces.ts';
import { arrowEnds, laneTitleOf, otherHost, type LadderEnd } from './ladderLanes.ts';
import type { LabelBox, LadderLane, LadderStateMark } from './ladderLayout.ts';
import { LADDER, ladderMetrics, type LadderMetrics, type MeasureText } from './ladderMetrics.ts';
import { assignRows, rowTops } from './ladderRows.ts';
import { arrowLabels, formatSeconds, type LadderText } from './ladderWords.ts';


export interface Placed {
  flight: Flight;
  from: LadderEnd;
  to: LadderEnd;
  x1: number;
  y1: number;
  endX: number;
  endY: number;
  /** Where a lost segment dies, as a fraction of the way across. */
  lostK: number | null;
  label: string;
  labelBox: LabelBox;
  /** How far along the arrow the label's centre sits. */
  labelU: number;
}

/**
 * A log's flow graph laid out for every `now` (layoutLadder cuts it at `now`), with what the next
 * update's layout needs to place only what is new on it: what it was laid out for (`key`), and how
 * far the rows were moved apart where, and for which labels. Never changed once made.
 */
export interface LadderBasis {
  /** The log, and the width, words and measures, it was laid out for. */
  log: RoundLog;
  key: string;
  made: 'anew' | 'extended' | 'same';
  axisX: Record<HostRole, number>;
  metrics: LadderMetrics;
  lane: LadderLane | null;
  placed: Placed[];
  states: LadderStateMark[];
  times: { at: number; y: number; hasSend: boolean }[];
  contentHeight: number;
  /** Room added above instants (`extra`) and between an instant's sub-rows (`extraSub`), px. */
  extra: ReadonlyMap<number, number>;
  extraSub: ReadonlyMap<number, number>;
  /** How many times each label (by flight id) had the rows moved to get out from under an arrow. */
  crossingPushes: ReadonlyMap<string, number>;
  /** How far each instant's gap or sub-rows were moved to uncover labels. */
  uncovered: ReadonlyMap<string, number>;
  /** Whether the lane's title, on a tablet, has an arrow through it (no place of it was clear). */
  titleCrossed: boolean;
}

/** How far (px) a part-drawn arrow of a segment whose arrival is unknown drops by its end. */
const PENDING_SLOPE = 14;

/**
 * How many times the rows may move to get one label out from under an arrow; past that it takes
 * the place under the fewest arrows (its opaque plate still hides their lines).
 */
const CROSSING_PUSHES = 12;
/**
 * How many times the rows may part to make room for one label beside the lane (a tablet's): twice
 * as often as for a label under an arrow (CROSSING_PUSHES with raised text), since each time only
 * the gap beside one end of its arrow parts.
 */
const LANE_PUSHES = 48;
/** How many passes over the whole graph may move rows to uncover labels. */
const UNCOVER_PASSES = 40;

/** How far (px) above or below a label still over an arrow its neighbours are tried again. */
const REPAIR_REACH = 40;
/**
 * Above this many segments (the bench's stress round) labels still over an arrow stay where they
 * are (no rows moved, no second try): a graph that full has no free place to find, only cost.
 */
const UNTANGLE_MAX_FLIGHTS = 40;

/** A move of the rows that gets a label out from under an arrow: an instant's gap above it, or its sub-rows. */
interface UncoverMove {
  kind: 'gap' | 'sub';
  at: number;
}
/** How far (px) one move goes, and how far all of them may take one gap or one instant's sub-rows. */
const UNCOVER_STEP = { gap: 20, sub: 20 } as const;
const UNCOVER_LIMIT = { gap: 60, sub: 100 } as const;
/**
 * With raised text (a tablet's stage) a label takes two or three lines where it took one, and its
 * arrow's neighbours are as close as before: the rows may part four times as far (each step grown
 * with the text), and a label may ask twice as often, before it settles under an arrow.
 */
const RAISED_UNTANGLE = { reach: 4, tries: 2 } as const;

/** How far (px) above the lane's first row its title may go to be clear of arrows (its line drawn up to it). */
const TITLE_RISE = 300;
/** How many times the rows may part to find the lane's title a place clear of arrows (each grow(10) px). */
const TITLE_PUSHES = 24;
/** At least this share of the room between the axes goes to the labels beside the lane (fewer lines each). */
const GUTTER_SHARE = 0.4;
/** And at most this share: the lane's arrows still need room to slant across to the server. */
const GUTTER_MAX_SHARE = 0.55;
/** How far (px) a label beside the lane keeps from it (its dashed line, the arrowheads that end on it). */
const LANE_CLEAR = 8;

/**
 * How wide (px, text only) the lane's labels are beside it on a tablet: as wide as the longest
 * word they hold (an address is not broken), or GUTTER_SHARE of the room between the axes; 0 (no
 * room beside the lane) when that word takes more than GUTTER_MAX_SHARE of it.
 */
function laneGutterRoom(log: RoundLog, laneUsers: readonly Flight[], labels: readonly { summary: string; tags: string[] }[], measure: MeasureText, m: LadderMetrics, axisX: Record<HostRole, number>): number {
  const ids = new Set(laneUsers.map((f) => f.id));
  let widest = 0;
  log.flights.forEach((f, i) => {
    if (!ids.has(f.id)) return;
    const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
    widest = Math.max(widest, widestWord([summary, ...tags].join(' '), measure, m.labelMinSize));
  });
  const between = axisX.server - axisX.client;
  // (Where even that is too narrow for a word, the lane's labels stay on their arrows.)
  if (widest > between * GUTTER_MAX_SHARE) return 0;
  return Math.max(Math.ceil(widest), Math.floor(between * GUTTER_SHARE));
}

/** What a layout is made with: its words, how they are measured, and the smallest text it may draw. */
export interface ArrangeOptions {
  text: LadderText;
  measure: MeasureText;
  lineHeight: (size: number) => number;
  textFloor: number;
  seconds: (s: string) => string;
}

/**
 * The widest time the time column writes (an instant with a send, on a capture's own clock), at a
 * text floor; with none the column keeps its width and its words shrink to fit (so: not measured).
 */
function widestTime(log: RoundLog, sendTimes: ReadonlySet<number>, measure: MeasureText, seconds: (s: string) => string): string {
  let widest = formatSeconds(0, seconds);
  for (const at of sendTimes) {
    const written = formatSeconds(log.clock?.[at] ?? at, seconds);
    if (measure(written, LADDER.labelSize) > measure(widest, LADDER.labelSize)) widest = written;
  }
  return widest;
}

/**
 * The graph's rows and label places. With no `previous`, everything is placed. With the previous
 * update's basis (same width and words), only what is new is: its labels stay where they were,
 * its arrows and states must stay where they were (rows may move apart only below them), and
 * nothing new may cover a label or run through one; null when that cannot be had, and the caller
 * lays the graph out anew.
 */
export function arrange(log: RoundLog, width: number, { text, measure, lineHeight, textFloor, seconds }: ArrangeOptions, key: string, previous: LadderBasis | null): LadderBasis | null {
  const labelHeight = (lines: number, size: number): number => lines * lineHeight(size) + 2 * LADDER.labelPadY;
  const sendTimes = new Set(log.flights.map((f) => f.sentAt));
  const m = ladderMetrics(textFloor, measure, textFloor > 0 ? widestTime(log, sendTimes, measure, seconds) : '');
  /** A distance of the rows' spacing (a push, a reach) at the labels' size. */
  const grow = (px: number): number => px * m.stretch;
  const untangle = m.stretch > 1 ? RAISED_UNTANGLE : { reach: 1, tries: 1 };
  const axisX: Record<HostRole, number> = {
    client: m.timeColW + m.stateColW,
    server: width - m.stateColW,
  };
  const ends = new Map(log.flights.map((f) => [f.id, arrowEnds(log, f)] as const));
  const laneUsers = log.flights.filter((f) => {
    const e = ends.get(f.id);
    return e?.from === 'lane' || e?.to === 'lane';
  });
  const labels = arrowLabels(log, text);
  // On a tablet the lane's segments are labelled beside it (LaneGutter): the lane moves right to
  // make room for their words, one field a line, the longest unbroken word (an address) whole.
  const gutterRoom = m.stretch > 1 && laneUsers.length > 0 ? laneGutterRoom(log, laneUsers, labels, measure, m, axisX) : 0;
  const laneX = axisX.client + Math.max(LADDER.laneOffset, gutterRoom > 0 ? gutterRoom + 2 * LADDER.labelPadX + 6 + LANE_CLEAR : 0);
  const xOf = (end: LadderEnd): number => (end === 'lane' ? laneX : axisX[end]);
  const rows = assignRows(log, ends);

  const keySet = new Set<number>();
  for (const f of log.flights) {
    keySet.add(f.sentAt);
    // An arrival the player cannot know yet has no row.
    const end = f.lostAt ?? f.arrivesAt;
    if (end !== null) keySet.add(end);
  }
  for (const s of log.states) keySet.add(s.at);
  const keys = [...keySet].sort((a, b) => a - b);
  const words = labels.map(({ summary, tags }) => [summary, ...tags].join(' · '));
  const pins = previous ? pinsOf(previous, log, ends, words) : null;
  if (previous && !pins) return null;
  if (previous && pins?.same) {
    // The same arrows and states (a view update that changed only the time or the timers).
    return { ...previous, log, made: 'same', placed: previous.placed.map((p, i) => ({ ...p, flight: log.flights[i]! })), states: previous.states.map((m, i) => ({ ...m, change: log.states[i]! })) };
  }
  /** Arrows the previous layout already drew (each keeps its place). */
  const oldArrows = previous?.placed.length ?? 0;
  /** Whether arrow a over label i is something to get it out from under: a pinned label only minds new arrows. */
  const minds = (i: number, a: number): boolean => !pins?.labels.has(i) || a >= oldArrows;
  // Rows may part only below what the previous layout drew: after the last instant it reached (or
  // at it, when it reached only that instant's first sub-row).
  let lastOld = -Infinity;
  let lastOldSub = false;
  const reached = (t: number, row: number): void => {
    if (t > lastOld) [lastOld, lastOldSub] = [t, row > 0];
    else if (t === lastOld && row > 0) lastOldSub = true;
  };
  log.flights.slice(0, oldArrows).forEach((f) => {
    reached(f.sentAt, rows.send.get(f.id) ?? 0);
    if (f.lostAt !== null) reached(f.lostAt, 0);
    else if (f.arrivesAt !== null) reached(f.arrivesAt, rows.arrive.get(f.id) ?? 0);
  });
  log.states.slice(0, previous?.states.length ?? 0).forEach((st) => reached(st.at, rows.state.get(st) ?? 0));
  /** Whether a move of the rows leaves what the previous layout drew where it was. */
  const keepsOld = (move: UncoverMove): boolean => !previous || move.at > lastOld || (move.kind === 'sub' && move.at === lastOld && !lastOldSub);
  const laneTitle = laneTitleOf(log, ends, laneUsers, text);

  // Labels stay between the two hosts' axes, clear of the state names outside them.
  const labelLo = axisX.client + 6;
  const labelHi = axisX.server - 6;
  // (Measured when first needed: a pinned label never is.)
  const shapes: LabelShape[][] = [];
  const shapesOf = (i: number): LabelShape[] => {
    const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
    return (shapes[i] ??= labelShapes(summary, tags, labelHi - labelLo - 2 * LADDER.labelPadX, measure, m.labelSize, m.labelMinSize, m.stretch > 1));
  };
  const gutterShapes: LabelShape[][] = [];
  const pastLossShapes: LabelShape[][] = [];
  const gutter: LaneGutter | null =
    gutterRoom > 0
      ? {
          x1: labelLo,
          x2: laneX - LANE_CLEAR,
          lane: laneX,
          shapesOf: (i) => {
            const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
            return (gutterShapes[i] ??= labelShapes(summary, tags, gutterRoom, measure, m.labelSize, m.labelMinSize, true));
          },
          // (A lost segment's cross, and so the room past it, stays where it is across the graph: its x.)
          shapesIn: (i, room) => {
            const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
            return (pastLossShapes[i] ??= labelShapes(summary, tags, room, measure, m.labelSize, m.labelMinSize, true));
          },
        }
      : null;

  // A label whose words changed ("sent, no ACK yet" → "acknowledged") stays where it was when its
  // new words fit inside its old plate still touching its arrow: covering nothing it did not.
  previous?.placed.forEach((p, i) => {
    if (!pins || pins.labels.has(i) || i >= log.flights.length) return;
    const line: Stroke = { x1: p.x1, y1: p.y1, x2: p.endX, y2: p.endY, reach: 0 };
    for (const shape of shapesOf(i)) {
      const w = shape.w + 2 * LADDER.labelPadX;
      const h = labelHeight(shape.lines.length, shape.size);
      const { x, y } = p.labelBox;
      const along = strokeSpan(line, x, x + w);
      if (w > p.labelBox.w || h > p.labelBox.h || !along || y < along[0] - h - LABEL_TOUCH || y > along[1] + LABEL_TOUCH) continue;
      pins.labels.set(i, { box: { x, y, w, h, size: shape.size, lines: shape.lines }, u: p.labelU });
      return;
    }
  });
  const extra = new Map(previous?.extra);
  const extraSub = new Map(previous?.extraSub);
  /** How many times each label had the rows moved to get out from under an arrow. */
  const crossingPushes = new Map(previous?.crossingPushes);
  let labelPasses = 0;
  /** How many times each label beside the lane had the rows parted to find room there. */
  const lanePushes = new Map<string, number>();
  /** Lost segments whose labels go past their cross (by flight id), and how many times the rows parted for each there. */
  const pastLoss = new Set<string>();
  const lossPushes = new Map<string, number>();
  let lanePasses = 0;
  /** How many times the rows parted to find the lane's title a place. */
  let titlePushes = 0;
  let uncoverPasses = 0;
  /** How far each instant's gap or sub-rows were moved to uncover labels. */
  const uncovered = new Map(previous?.uncovered);
  for (;;) {
    const top = rowTops(keys, rows, extra, extraSub, m);
    const yOf = (t: number, row: number): number => (top.get(t) ?? m.topPad) + row * (m.subRowGap + (extraSub.get(t) ?? 0));
    // Every arrow's place first: a label must keep clear of arrows drawn after it too.
    const geometry = log.flights.map((f) => {
      const e = ends.get(f.id) ?? { from: f.from, to: otherHost(f.from) };
      const x1 = xOf(e.from);
      const xTo = xOf(e.to);
      const y1 = yOf(f.sentAt, rows.send.get(f.id) ?? 0);
      let endX = xTo;
      let endY: number;
      let lostK: number | null = null;
      if (f.arrivesAt === null) {
        endX = x1 + (xTo - x1) * 0.5;
        endY = y1 + grow(PENDING_SLOPE);
      } else if (f.lostAt !== null) {
        lostK = (f.lostAt - f.sentAt) / Math.max(1, f.arrivesAt - f.sentAt);
        endX = x1 + (xTo - x1) * lostK;
        endY = yOf(f.lostAt, 0);
      } else {
        endY = yOf(f.arrivesAt, rows.arrive.get(f.id) ?? 0);
      }
      return { e, x1, y1, endX, endY, lostK, ...arrowStrokes(f, x1, y1, endX, endY), sentAt: f.sentAt, endAt: f.lostAt ?? f.arrivesAt ?? f.sentAt };
    });
    const boxes: { box: LabelBox; sentAt: number }[] = [];
    let lane: LadderLane | null = null;
    /** The instant whose gap above parts to make the lane's title a place, if it has none. */
    let titleAt: number | null = null;
    /** Whether the lane's title (beside which its labels go) has no place clear of arrows. */
    let titleCrossed = false;
    if (laneUsers.length > 0) {
      // The lane's rows: where its segments leave from it or end on it, and at which instants.
      const rowsOnLane = laneUsers.flatMap((f) => {
        const e = ends.get(f.id);
        const out: { y: number; at: number }[] = [];
        if (e?.from === 'lane') out.push({ y: yOf(f.sentAt, rows.send.get(f.id) ?? 0), at: f.sentAt });
        const end = f.lostAt ?? f.arrivesAt;
        if (e?.to === 'lane' && end !== null) out.push({ y: yOf(end, rows.arrive.get(f.id) ?? 0), at: end });
        return out;
      });
      const ys = rowsOnLane.map((r) => r.y);
      const y1 = Math.min(...ys);
      const size = m.laneTitleSize;
      const w = measure(laneTitle, size) + 2 * LADDER.labelPadX;
      const h = labelHeight(1, size);
      // Over the lane's first row, kept right of the client's axis (the client's states are left of it).
      const centred = Math.max(axisX.client + 6, laneX - w / 2);
      let titleBox: LabelBox = { x: centred, y: y1 - grow(10) - h, w, h, size, lines: [laneTitle] };
      if (gutter) {
        // With its segments' labels beside it (a tablet): where no arrow runs through it, starting
        // at the lane, centred over it, or ending at it; over the lane's first row, else under its last.
        // In one line, else in two (a long title: a mix of old duplicates and forged segments).
        const half = wrapWords(laneTitle, Math.max(widestWord(laneTitle, measure, size), measure(laneTitle, size) / 2), measure, size);
        const shapes = [[laneTitle], ...(half.length > 1 ? [half] : [])].map((lines) => ({ lines, w: Math.max(...lines.map((l) => measure(l, size))) + 2 * LADDER.labelPadX, h: labelHeight(lines.length, size) }));
        // (Higher up the lane, its dashed line drawn up to it, where arrows pass just over the first row.)
        const over = (sh: { h: number }): number[] => Array.from({ length: TITLE_RISE / 5 + 1 }, (_, k) => y1 - grow(10) - sh.h - 5 * k).filter((y) => y >= 2);
        const spots = shapes.flatMap((sh) =>
          [...over(sh), Math.max(...ys) + grow(10)].flatMap((y) =>
            [Math.min(laneX, labelHi - sh.w), Math.max(axisX.client + 6, laneX - sh.w / 2), Math.max(labelLo, laneX - sh.w)].map((x) => ({ ...titleBox, x, y, w: sh.w, h: sh.h, lines: sh.lines })),
          ),
        );
        const isClear = (b: LabelBox): boolean => !geometry.some((g) => strokeTouches(g.line, b) || strokeTouches(g.end, b));
        let clear = spots.find(isClear);
        // Nowhere clear (long arrows slanting past the lane's first row, on either side of it): the
        // rows above that row part, a step at a time, moving the arrows that span it to a slant
        // that passes the title by (laid out anew only: live, a title never moves what was drawn).
        // Where that is spent, or live, it may also go against either side of the room between
        // the axes, off the lane (an arrow that died just beside the lane runs close by it there).
        if (!clear && (previous || titlePushes >= TITLE_PUSHES)) {
          clear = shapes.flatMap((sh) => [...over(sh), Math.max(...ys) + grow(10)].flatMap((y) => [labelLo, labelHi - sh.w].map((x) => ({ ...titleBox, x, y, w: sh.w, h: sh.h, lines: sh.lines })))).find(isClear);
        }
        titleBox = clear ?? spots[0]!;
        titleCrossed = !clear;
        const first = rowsOnLane.find((r) => r.y === y1)?.at;
        if (!clear && !previous && first !== undefined && titlePushes < TITLE_PUSHES) titleAt = first;
        // Live, no place of the title is clear of the arrows drawn since (where the previous layout
        // had one): laid out anew, where the rows part for it.
        if (!clear && previous && !previous.titleCrossed) return null;
      }
      lane = { x: laneX, y1: Math.min(y1, titleBox.y + titleBox.h + grow(10)), y2: Math.max(...ys), title: laneTitle, titleBox };
      boxes.push({ box: titleBox, sentAt: -Infinity });
    }
    if (titleAt !== null) {
      titlePushes++;
      extra.set(titleAt, (extra.get(titleAt) ?? 0) + grow(10));
      continue;
    }
    // Going on from the previous layout, rows may part only below what it drew.
    if (previous && !keptInPlace(previous, geometry, log.states.map((st) => yOf(st.at, rows.state.get(st) ?? 0)))) return null;
    const field = new LabelField(geometry, shapesOf, labelHeight, labelLo, labelHi, boxes, gutter);
    const placedBoxes = field.placed;
    const arrowsUnder = (box: LabelBox, self: number): number[] => field.arrowsUnder(box, self);
    const fit = (i: number, labelsOnly: boolean): { box: LabelBox; u: number } | null => field.fit(i, labelsOnly);
    /** A place clear of labels and arrows: beside the lane first where the label may go there. */
    const fitClear = (i: number): { box: LabelBox; u: number } | null => {
      const beside = field.fitBesideLane(i, laneEnd(i));
      return beside && 'box' in beside ? beside : fit(i, false);
    };
    const entries: (PlacedLabel & { u: number })[] = [];
    /** `at`: the instant the label sits at (its arrow's send, or for one beside the lane the arrow's end there). */
    const put = (i: number, spot: { box: LabelBox; u: number }, at = log.flights[i]?.sentAt ?? 0): void => {
      const entry = { box: spot.box, sentAt: at, alive: true, u: spot.u };
      entries[i] = entry;
      placedBoxes.add(entry, spot.box.y, spot.box.y + spot.box.h);
    };
    let conflict: { at: number; sameInstant: boolean; beside?: boolean } | null = null;
    /** The instant of an arrow's end on the lane: its send from the lane, or its arrival (or loss) there. */
    const laneEnd = (k: number): number => {
      const g = log.flights[k]!;
      return geometry[k]?.e.from === 'lane' ? g.sentAt : (g.lostAt ?? g.arrivesAt ?? g.sentAt);
    };
    for (const [i, pin] of pins?.labels ?? []) put(i, pin);
    for (let i = 0; i < log.flights.length && !conflict; i++) {
      if (pins?.labels.has(i)) continue;
      const f = log.flights[i]!;
      const { x1, y1, endX, endY } = geometry[i]!;
      if (field.besideLane(i)) {
        // Beside the lane where it can be; where it cannot, the rows beside the arrow's end on the
        // lane part a little at a time (LANE_PUSHES at most), then it goes on its arrow.
        const end = laneEnd(i);
        const asked = lanePushes.get(f.id) ?? 0;
        const beside = field.fitBesideLane(i, end, grow(10), LANE_PUSHES - asked);
        if (beside && 'box' in beside) {
          put(i, beside, end);
          continue;
        }
        // The gap above the arrow's end on the lane (over the first row: room above the graph), or
        // below it when parting there moves what is in the way.
        const partBelow = !!beside && 'part' in beside && beside.part === 'below';
        const at = partBelow ? keys.find((k) => k > end) : end;
        // (Room over the first row only where it surely makes a place.)
        const overFirst = at === keys[0] && !(beside && 'surely' in beside && beside.surely);
        if (at !== undefined && lanePasses < 200 && asked < LANE_PUSHES && !overFirst) {
          lanePushes.set(f.id, asked + 1);
          // (Another label beside the lane at the same instant: that instant's sub-rows spread.)
          const shared = !partBelow && log.flights.some((_, k) => k < i && field.besideLane(k) && laneEnd(k) === end);
          conflict = { at, sameInstant: shared, beside: true };
          break;
        }
      }
      if (pastLoss.has(f.id)) {
        // A lost segment's label that no place on its arrow keeps clear (it died inside the lane's
        // fan): past its cross, level with it; where that has no room, the rows beside the cross
        // part (as beside the lane, LANE_PUSHES at most); then on its arrow again.
        const end = f.lostAt!;
        const asked = lossPushes.get(f.id) ?? 0;
        const past = field.fitPastLoss(i, end, grow(10), LANE_PUSHES - asked);
        if (past && 'box' in past) {
          put(i, past, end);
          continue;
        }
        const partBelow = !!past && 'part' in past && past.part === 'below';
        const at = partBelow ? keys.find((k) => k > end) : end;
        const overFirst = at === keys[0] && !(past && 'surely' in past && past.surely);
        if (past && at !== undefined && lanePasses < 200 && asked < LANE_PUSHES && !overFirst) {
          lossPushes.set(f.id, asked + 1);
          conflict = { at, sameInstant: false, beside: true };
          break;
        }
      }
      const chosen = fit(i, false) ?? fit(i, true);
      if (chosen) {
        put(i, chosen);
        continue;
      }
      const u = 0.5;
      const shape = shapesOf(i)[0] ?? { lines: [labels[i]?.summary ?? ''], size: m.labelMinSize, w: 0 };
      const w = shape.w + 2 * LADDER.labelPadX;
      const h = labelHeight(shape.lines.length, shape.size);
      const box: LabelBox = { x: Math.min(Math.max(x1 + (endX - x1) * u - w / 2, labelLo), labelHi - w), y: y1 + (endY - y1) * u - h / 2, w, h, size: shape.size, lines: shape.lines };
      let clash: PlacedLabel | undefined;
      for (const b of placedBoxes.near(box.y - 2, box.y + box.h + 2)) if (!clash && b.alive && overlaps(b.box, box)) clash = b;
      if (labelPasses < 200 && clash) {
        // Rows are pushed apart below the later of the two sends: pushing this arrow's own row
        // would move a label of a later send that its arrow spans (a SYN still flying while the
        // SYN-ACKs of a flood go out) down with it, and never part them.
        conflict = { at: Math.max(f.sentAt, clash.sentAt), sameInstant: clash.sentAt === f.sentAt };
        break;
      }
      put(i, { box, u });
    }
    // Moves that get labels out from under arrows, all of this pass's at once.
    const uncover = new Map<string, UncoverMove & { ids: string[] }>();
    const sendsFrom = (at: number, end: LadderEnd): number => geometry.filter((g, k) => g.e.from === end && log.flights[k]?.sentAt === at).length;
    if (!conflict && uncoverPasses < UNCOVER_PASSES * untangle.tries && log.flights.length <= UNTANGLE_MAX_FLIGHTS) {
      entries.forEach((entry, i) => {
        const f = log.flights[i];
        // The arrow whose line runs through the label (rather than one whose head only touches it)
        // is the one to move away from.
        const under = entry ? arrowsUnder(entry.box, i).filter((a) => a !== i && minds(i, a)) : [];
        // (Going on from a previous layout, only moves below what it drew: keepsOld.)
        const j = under.find((a) => { const g = geometry[a]; return !!g && !!entry && strokeTouches(g.line, entry.box); }) ?? under[0];
        const other = j === undefined ? undefined : log.flights[j];
        if (!f || !other || (crossingPushes.get(f.id) ?? 0) >= CROSSING_PUSHES * untangle.tries) return;
        // Under an arrow wherever it goes: part the rows, a little at a time and only so far
        // (the graph must stay short enough to follow). Arrows leaving one host at one instant get
        // its sub-rows spread; two crossing from the two hosts at one instant get longer (room on
        // either side of the crossing); arrows of two instants get those moved apart.
        const move: UncoverMove =
          other.sentAt !== f.sentAt
            ? { kind: 'gap', at: Math.max(f.sentAt, other.sentAt) }
            : geometry[j!]?.e.from === geometry[i]?.e.from
              ? { kind: 'sub', at: f.sentAt }
              : sendsFrom(f.sentAt, geometry[i]!.e.from) > 1 || sendsFrom(f.sentAt, geometry[j!]!.e.from) > 1
                ? { kind: 'sub', at: f.sentAt }
                : { kind: 'gap', at: keys.find((k) => k > f.sentAt) ?? f.sentAt };
        // (Space above the first instant would only move the whole graph down.)
        if (move.kind === 'gap' && move.at === keys[0]) return;
        if (!keepsOld(move)) return;
        const key = `${move.kind}@${move.at}`;
        if ((uncovered.get(key) ?? 0) < grow(UNCOVER_LIMIT[move.kind]) * untangle.reach) uncover.set(key, { ...move, ids: [...(uncover.get(key)?.ids ?? []), f.id] });
      });
    }
    // Labels still over an arrow once the rows are final: the first come took the free places,
    // so each gets another try with one neighbour (a label near its arrow) placed again after it.
    if (!conflict && uncover.size === 0 && log.flights.length <= UNTANGLE_MAX_FLIGHTS) {
      for (let round = 0; round < 2; round++) {
        let mended = false;
        for (let i = 0; i < entries.length; i++) {
          const mine = entries[i];
          if (!mine || pins?.labels.has(i) || arrowsUnder(mine.box, i).length === 0) continue;
          mine.alive = false;
          const alone = fitClear(i);
          if (alone) {
            put(i, alone);
            mended = true;
            continue;
          }
          const yLo = mine.box.y - grow(REPAIR_REACH);
          const yHi = mine.box.y + mine.box.h + grow(REPAIR_REACH);
          let done = false;
          for (let m = 0; m < entries.length && !done; m++) {
            const other = entries[m];
            if (m === i || !other || !other.alive || pins?.labels.has(m) || other.box.y > yHi || other.box.y + other.box.h < yLo) continue;
            const before = arrowsUnder(other.box, m).length;
            other.alive = false;
            const first = fitClear(i);
            if (first) {
              const trial = { box: first.box, sentAt: mine.sentAt, alive: true, u: first.u };
              placedBoxes.add(trial, first.box.y, first.box.y + first.box.h);
              const second = fitClear(m) ?? (before > 0 ? fit(m, true) : null);
              if (second && arrowsUnder(second.box, m).length <= Math.max(0, before - 1)) {
                entries[i] = trial;
                put(m, second);
                done = true;
                mended = true;
                continue;
              }
              trial.alive = false;
            }
            other.alive = true;
          }
          if (!done) mine.alive = true;
        }
        if (!mended) break;
      }
      // A lost segment's label with another arrow's line through it now (it died inside the lane's
      // fan, where the lane's arrows cross every place on its own): past its cross from the next
      // pass on. (Only these: a label no line runs through stays where it is.)
      const crossedLoss = entries.flatMap((e, i) => {
        const id = log.flights[i]?.id;
        return e && id !== undefined && !pins?.labels.has(i) && !pastLoss.has(id) && field.pastLoss(i) && geometry.some((g, a) => a !== i && minds(i, a) && strokeTouches({ ...g.line, reach: 0 }, e.box)) ? [id] : [];
      });
      if (crossedLoss.length > 0) {
        for (const id of crossedLoss) pastLoss.add(id);
        continue;
      }
    }
    const placed: Placed[] = log.flights.map((f, i) => {
      const { e, x1, y1, endX, endY, lostK } = geometry[i]!;
      const entry = entries[i] ?? { box: { x: x1, y: y1, w: 0, h: 0, size: m.labelSize, lines: [] }, u: 1 };
      return { flight: f, from: e.from, to: e.to, x1, y1, endX, endY, lostK, label: words[i] ?? '', labelBox: entry.box, labelU: entry.u };
    });
    if (conflict) {
      if (conflict.beside) lanePasses++;
      else labelPasses++;
      const { at, sameInstant } = conflict;
      // No room for a new label without moving what was drawn: a layout anew.
      if (!keepsOld({ kind: sameInstant ? 'sub' : 'gap', at })) return null;
      if (sameInstant) {
        // Two segments of one instant: spread its sub-rows, and lengthen the arrows leaving it
        // (more room to slide one label along its arrow past the other).
        extraSub.set(at, (extraSub.get(at) ?? 0) + grow(6));
        const next = keys.find((k) => k > at);
        if (next !== undefined) extra.set(next, (extra.get(next) ?? 0) + grow(8));
      } else {
        extra.set(at, (extra.get(at) ?? 0) + grow(10));
      }
      continue;
    }
    if (uncover.size > 0) {
      uncoverPasses++;
      for (const [key, move] of uncover) {
        const step = grow(UNCOVER_STEP[move.kind]);
        uncovered.set(key, (uncovered.get(key) ?? 0) + step);
        const rows = move.kind === 'sub' ? extraSub : extra;
        rows.set(move.at, (rows.get(move.at) ?? 0) + step);
        for (const id of move.ids) crossingPushes.set(id, (crossingPushes.get(id) ?? 0) + 1);
      }
      continue;
    }
    // Placing only the new: a label a new arrow runs through is placed again (it alone moves);
    // what the rows could not settle (a new label over another or under an arrow) is left to a
    // layout anew, never drawn tangled.
    if (pins) {
      const crossed = [...pins.labels.keys()].filter((i) => { const mine = entries[i]; return !!mine && arrowsUnder(mine.box, i).some((a) => a !== i && minds(i, a)); });
      if (crossed.length > 0) {
        for (const i of crossed) pins.labels.delete(i);
        continue;
      }
      // (The lane's title, over its first row, moves when its first row does, or appears.)
      if (lane && entries.some((e) => e && overlaps(e.box, lane.titleBox, 0))) return null;
      for (let i = 0; i < entries.length; i++) {
        const mine = entries[i];
        if (!mine || pins.labels.has(i)) continue;
        if (arrowsUnder(mine.box, i).some((a) => a !== i)) return null;
        for (const b of placedBoxes.near(mine.box.y, mine.box.y + mine.box.h)) if (b !== mine && b.alive && overlaps(b.box, mine.box, 0)) return null;
      }
    }
    const states: LadderStateMark[] = log.states.map((s) => ({
      change: s,
      x: s.host === 'client' ? axisX.client - 8 : axisX.server + 8,
      y: yOf(s.at, rows.state.get(s) ?? 0),
      align: s.host === 'client' ? ('right' as const) : ('left' as const),
    }));
    const times = keys.map((at) => ({ at, y: yOf(at, 0), hasSend: sendTimes.has(at) }));
    const lastKey = keys[keys.length - 1];
    const bottom = Math.max(
      lastKey === undefined ? m.topPad : yOf(lastKey, (rows.count.get(lastKey) ?? 1) - 1),
      ...placed.map((p) => p.labelBox.y + p.labelBox.h),
    );
    return { log, key, made: previous ? 'extended' : 'anew', axisX, metrics: m, lane, placed, states, times, contentHeight: bottom + m.bottomPad, extra, extraSub, crossingPushes, uncovered, titleCrossed };
  }
}
