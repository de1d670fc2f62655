/**
 * Where one label may go on a graph whose rows are set: its arrow's place, the other arrows' lines
 * and heads, and the labels placed before it. A label is put touching its own arrow, as near to
 * centred on it as it can be, covering no other label and (unless told otherwise) no other arrow.
 */
import type { Flight } from '../model/view.ts';
import { nearestFreeTop, strokeSpan, strokeTouches, type LabelShape, type Stroke } from './ladderLabelPlaces.ts';
import type { LadderEnd } from './ladderLanes.ts';
import type { LabelBox } from './ladderLayout.ts';
import { LADDER } from './ladderMetrics.ts';
import { YBuckets } from './yBuckets.ts';

/** An arrow's place: its ends, where a lost one died (a fraction of the way), its drawn strokes. */
export interface ArrowGeometry {
  e: { from: LadderEnd; to: LadderEnd };
  x1: number;
  y1: number;
  endX: number;
  endY: number;
  lostK: number | null;
  line: Stroke;
  end: Stroke;
  /** The instants of its rows: its send, and where it ends (arrives, dies, or, still flying, its send's). */
  sentAt: number;
  endAt: number;
}

export function overlaps(a: LabelBox, b: LabelBox, gap = 2): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/** A label placed in this pass (`alive` while it stays there). */
export interface PlacedLabel {
  box: LabelBox;
  sentAt: number;
  alive: boolean;
}

/** Fractions along its arrow tried for a label's centre, middle first. */
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/** How far (px) a label may sit off its own arrow and still be its label: it touches it or nearly. */
export const LABEL_TOUCH = 2;

/** How far either side of its line an arrow's drawing reaches (px): a 2 px line and some air. */
const LINE_REACH = 2.5;
/** How far (px) a lost segment's cross reaches from its centre: its arms (7 px, 3 px wide) and some air. */
const CROSS_ARM = 9;

/** The radius (px) of the "no entry" ring ending the arrow of a segment its receiver's host dropped. */
export const DROP_RING = 6;

/**
 * Where the ring of a segment dropped at its receiver's host is drawn: on its arrow, its edge
 * against the receiver's axis (the segment got there), in place of the arrowhead.
 */
export function dropRing(x1: number, y1: number, endX: number, endY: number): { x: number; y: number; r: number } {
  const len = Math.hypot(endX - x1, endY - y1) || 1;
  const back = Math.min(DROP_RING + 1.5, len) / len;
  return { x: endX - (endX - x1) * back, y: endY - (endY - y1) * back, r: DROP_RING };
}

/**
 * An arrow as drawn, for keeping labels off it: its line, and its end mark (the arrowhead, 10 px
 * long and about 8 wide; the cross where a lost segment died; the ring where a pending one stops;
 * the slashed ring where the receiver's host dropped it).
 */
export function arrowStrokes(f: Flight, x1: number, y1: number, endX: number, endY: number): { line: Stroke; end: Stroke } {
  const line: Stroke = { x1, y1, x2: endX, y2: endY, reach: LINE_REACH };
  if (f.arrivesAt === null) return { line, end: { x1: endX, y1: endY, x2: endX, y2: endY, reach: 6 } };
  if (f.lostAt !== null) return { line, end: { x1: endX, y1: endY, x2: endX, y2: endY, reach: CROSS_ARM } };
  if (f.dropped) {
    const ring = dropRing(x1, y1, endX, endY);
    return { line, end: { x1: ring.x, y1: ring.y, x2: ring.x, y2: ring.y, reach: ring.r + 3 } };
  }
  const len = Math.hypot(endX - x1, endY - y1) || 1;
  const back = Math.min(10, len) / len;
  return { line, end: { x1: endX - (endX - x1) * back, y1: endY - (endY - y1) * back, x2: endX, y2: endY, reach: 5 } };
}

/**
 * On a tablet, the room between the client's axis and the lane (left of `x2`): a segment that
 * leaves from the lane or arrives at it may be labelled there, level with its end on the lane,
 * where none of the lane's arrows runs (they all start or end at the lane, right of it).
 */
export interface LaneGutter {
  x1: number;
  x2: number;
  /** The lane's x. */
  lane: number;
  shapesOf: (i: number) => LabelShape[];
  /** Flight i's label's shapes where it has `room` px (text only) across: past a lost segment's cross. */
  shapesIn: (i: number, room: number) => LabelShape[];
}

/**
 * A label beside one end of its arrow: its place, or, where there is none, which rows should part
 * to make one (`surely`: that part makes it within the steps allowed).
 */
export type BesideEnd = { box: LabelBox; u: number } | { part: 'below' | 'above'; surely: boolean };

/** How far (px) a label past a lost segment's cross keeps from the cross's centre: its arms and a touch of air. */
const CROSS_CLEAR = CROSS_ARM + LABEL_TOUCH;

export class LabelField {
  /** The labels placed so far (and the lane's title), by the rows they reach. */
  readonly placed = new YBuckets<PlacedLabel>();
  /** Every arrow's line and end mark, by the rows they reach. */
  private readonly strokes = new YBuckets<{ stroke: Stroke; arrow: number; own: boolean }>();

  private readonly geometry: readonly ArrowGeometry[];
  private readonly shapesOf: (i: number) => LabelShape[];
  private readonly labelHeight: (lines: number, size: number) => number;
  /** Labels stay between these x (the two hosts' axes, clear of the state names outside them). */
  private readonly labelLo: number;
  private readonly labelHi: number;
  private readonly gutter: LaneGutter | null;

  /** `fixed`: boxes placed before any label (the lane's title). */
  constructor(
    geometry: readonly ArrowGeometry[],
    shapesOf: (i: number) => LabelShape[],
    labelHeight: (lines: number, size: number) => number,
    labelLo: number,
    labelHi: number,
    fixed: readonly { box: LabelBox; sentAt: number }[],
    gutter: LaneGutter | null = null,
  ) {
    this.gutter = gutter;
    this.geometry = geometry;
    this.shapesOf = shapesOf;
    this.labelHeight = labelHeight;
    this.labelLo = labelLo;
    this.labelHi = labelHi;
    // Labels keep off every arrow's line but their own, and off every arrowhead (their own too).
    geometry.forEach((g, j) => {
      this.strokes.add({ stroke: g.line, arrow: j, own: false }, Math.min(g.line.y1, g.line.y2) - g.line.reach, Math.max(g.line.y1, g.line.y2) + g.line.reach);
      this.strokes.add({ stroke: g.end, arrow: j, own: true }, Math.min(g.end.y1, g.end.y2) - g.end.reach, Math.max(g.end.y1, g.end.y2) + g.end.reach);
    });
    for (const b of fixed) this.placed.add({ ...b, alive: true }, b.box.y, b.box.y + b.box.h);
  }

  /**
   * Whether arrow j's line may run under flight i's label beside the lane: a segment from the
   * client's axis that died beside the lane (its cross between the client's axis and the lane, or
   * its arms over the lane's line) and was still flying at the instant of i's end on the lane.
   * From its send to its cross it runs across the whole room beside the lane, and i's end is
   * between the two in time (rows keep time's order), so no place there level with that end is
   * clear of it, however the rows part: parting them only steepens the lane's fan (the SYN
   * flood's SYN-ACKs to forged sources, sent again, arriving while the client's SYN, sent again,
   * dies halfway across, just left of the lane).
   */
  private mayRunUnder(i: number, j: number): boolean {
    const gutter = this.gutter;
    const g = this.geometry[i];
    const o = this.geometry[j];
    if (!gutter || !g || !o || j === i || o.lostK === null || o.e.from === 'lane' || o.e.to === 'lane') return false;
    const at = g.e.from === 'lane' ? g.sentAt : g.endAt;
    return o.x1 <= gutter.x1 && o.endX > gutter.x1 && o.endX < gutter.lane + CROSS_ARM && o.sentAt < at && at < o.endAt;
  }

  /**
   * What a label over x = xl..xr between y1 and y2 must keep clear of: labels, and (unless
   * `labelsOnly`) arrows; `besideLane`: but the lines that may run under flight `self`'s label
   * there (mayRunUnder).
   */
  private blockedOver(xl: number, xr: number, y1: number, y2: number, self: number, labelsOnly: boolean, besideLane = false): [number, number][] {
    const out: [number, number][] = [];
    for (const { box, alive } of this.placed.near(y1 - 2, y2 + 2)) {
      if (alive && box.x < xr + 2 && xl < box.x + box.w + 2) out.push([box.y - 2, box.y + box.h + 2]);
    }
    if (!labelsOnly) {
      for (const { stroke, arrow, own } of this.strokes.near(y1, y2)) {
        if (!own && (arrow === self || (besideLane && this.mayRunUnder(self, arrow)))) continue;
        const span = strokeSpan(stroke, xl, xr);
        if (span && span[1] > y1 && span[0] < y2) out.push(span);
      }
    }
    return out;
  }

  /**
   * The same, with the rows of instants after `endAt` (`part` below) or from it on (above) moved
   * `d` px down: in the place of a label beside the lane level with that instant's row, which
   * moves with it (above) or stays (below). Every arrow and label, wherever it is now.
   */
  private blockedAfterParting(xl: number, xr: number, y1: number, y2: number, self: number, endAt: number, part: 'below' | 'above', d: number, besideLane: boolean): [number, number][] {
    const moved = (t: number): boolean => (part === 'below' ? t > endAt : t >= endAt);
    const rel = (t: number): number => (moved(t) ? d : 0) - (part === 'above' ? d : 0);
    const out: [number, number][] = [];
    for (const { box, alive, sentAt } of this.placed.all()) {
      // (The lane's title sits by the lane's first or last row: it stays where it is beside this one.)
      const y = box.y + (sentAt === -Infinity ? 0 : rel(sentAt));
      if (alive && box.x < xr + 2 && xl < box.x + box.w + 2 && y - 2 < y2 && y + box.h + 2 > y1) out.push([y - 2, y + box.h + 2]);
    }
    this.geometry.forEach((g, j) => {
      const [a, b] = [rel(g.sentAt), rel(g.endAt)];
      const strokes: Stroke[] = [{ ...g.end, y1: g.end.y1 + b, y2: g.end.y2 + b }];
      if (j !== self && !(besideLane && this.mayRunUnder(self, j))) strokes.push({ ...g.line, y1: g.line.y1 + a, y2: g.line.y2 + b });
      for (const stroke of strokes) {
        const span = strokeSpan(stroke, xl, xr);
        if (span && span[1] > y1 && span[0] < y2) out.push(span);
      }
    });
    return out;
  }

  /**
   * The arrows a label box would be drawn over (another arrow's line, any arrowhead); for a label
   * beside the lane, not the lines that may run under it there (mayRunUnder).
   */
  arrowsUnder(box: LabelBox, self: number): number[] {
    const under = new Set<number>();
    const beside = this.gutter !== null && this.besideLane(self) && box.x + box.w <= this.gutter.x2 + 0.5;
    for (const { stroke, arrow, own } of this.strokes.near(box.y, box.y + box.h)) {
      if (!own && (arrow === self || (beside && this.mayRunUnder(self, arrow)))) continue;
      if (strokeTouches(stroke, box)) under.add(arrow);
    }
    return [...under];
  }

  /** Whether flight i's label may go beside the lane (its arrow leaves from the lane or ends on it: not lost on the way, nor still flying). */
  besideLane(i: number): boolean {
    const g = this.geometry[i];
    return this.gutter !== null && !!g && (g.e.from === 'lane' || (g.e.to === 'lane' && Math.abs(g.endX - this.gutter.lane) < 0.5));
  }

  /**
   * Whether flight i's label may go past where it died (a lost segment in a graph whose lane's
   * labels go beside it): its arrow ends mid-wire, often inside the lane's fan, where every place
   * touching it is crossed by the lane's arrows.
   */
  pastLoss(i: number): boolean {
    return this.gutter !== null && this.geometry[i]?.lostK != null;
  }

  /**
   * Flight i's label beside the lane, level with its arrow's end on the lane (its start, shown as
   * it leaves; or its head), covering no label and no arrow. Where there is no room, which rows
   * should part to make it (`part`), `step` px at a time: those below the end (`endAt`, its
   * instant), moving the labels of later instants and the arrows that run on below it away from
   * it, or those above it, moving it away from those above (at the first instant: room over the
   * graph's first row, for the label to sit over its end). `surely`: that part makes a place within
   * `steps` steps (the other, if any, takes more); else a guess. Null: not beside the lane.
   */
  fitBesideLane(i: number, endAt: number, step = 0, steps = 0): BesideEnd | null {
    const g = this.geometry[i];
    const gutter = this.gutter;
    if (!g || !gutter || !this.besideLane(i)) return null;
    const [yLane, u] = g.e.from === 'lane' ? [g.y1, 0.1] : [g.endY, 1];
    return this.fitBesideEnd(i, yLane, u, gutter.shapesOf(i), (w) => gutter.x2 - w, endAt, step, steps, true, true);
  }

  /**
   * Flight i's label past the cross where it died, on the side it was going, level with the cross
   * (or a corner touching its level): where a lost segment's label goes when, on its arrow, another
   * arrow still runs through it once the rows are set. Kept off the lane's dashed line where the
   * cross is just beside it (left of the lane, as the lane's labels are). A segment that died on its
   * way to the lane, right of it, goes beside the lane instead where the lane's arrows fill the room
   * past its cross. Where there is no room, which rows should part to make it, as fitBesideLane.
   * Null: not a lost segment of a graph with labels beside its lane, or no shape fits across.
   */
  fitPastLoss(i: number, endAt: number, step = 0, steps = 0): BesideEnd | null {
    const g = this.geometry[i];
    const gutter = this.gutter;
    if (!g || !gutter || !this.pastLoss(i)) return null;
    const leftward = g.endX < g.x1;
    const edge = leftward ? g.endX - CROSS_CLEAR : g.endX + CROSS_CLEAR;
    // (The lane's line just inside the label's end by the cross: the label goes beside the lane, clear of it, as the lane's own labels do.)
    const laneClear = gutter.lane - gutter.x2;
    const side = leftward
      ? gutter.lane > edge - 2 * laneClear && gutter.lane < edge + laneClear ? gutter.x2 : edge
      : gutter.lane > edge - laneClear && gutter.lane < edge + 2 * laneClear ? gutter.lane + laneClear : edge;
    const room = (leftward ? side - this.labelLo : this.labelHi - side) - 2 * LADDER.labelPadX;
    if (room <= 0) return null;
    const xOf = (w: number): number => (leftward ? side - w : side);
    const past = this.fitBesideEnd(i, g.endY, 1, gutter.shapesIn(i, room), xOf, endAt, step, steps, false, false);
    // Died inside the lane's fan on its way to the lane (a SYN-ACK to a forged source, halfway
    // across the flood's): the lane's arrows sent before it, still flying, cross the room past its
    // cross, and parting the rows only steepens them. Where no parting within the steps left makes
    // a place there, beside the lane, level with the cross (left of its dashed line, as the lane's
    // own labels): none of the lane's arrows runs there.
    if (!leftward || g.e.to !== 'lane' || side === gutter.x2 || (past && ('box' in past || past.surely))) return past;
    const beside = this.fitBesideEnd(i, g.endY, 1, gutter.shapesOf(i), (w) => gutter.x2 - w, endAt, step, steps, false, false);
    return beside && ('box' in beside || beside.surely) ? beside : past;
  }

  /**
   * A label level with one end of its arrow (at y `yEnd`), its left at `xOf(its width)`: see
   * fitBesideLane. Where no shape fits across at all, a guess of which rows to part
   * (`guessUnplaced`, beside the lane), or null.
   */
  private fitBesideEnd(i: number, yEnd: number, u: number, shapes: LabelShape[], xOf: (w: number) => number, endAt: number, step: number, steps: number, guessUnplaced: boolean, besideLane: boolean): BesideEnd | null {
    // (Whether all that is in the way starts below the arrow's end: then the rows below it should part.)
    let below = true;
    // Level with the end (the end within the label's height), else just above or below it, a corner
    // touching it (`lowest`: the highest top it may have where the graph's top is no limit).
    const places: { x: number; w: number; h: number; lowest: number; maxTop: number }[] = [];
    for (const level of [true, false]) {
      for (const shape of shapes) {
        const w = shape.w + 2 * LADDER.labelPadX;
        const h = this.labelHeight(shape.lines.length, shape.size);
        const x = xOf(w);
        if (x < this.labelLo - 0.5 || x + w > this.labelHi + 0.5) continue;
        const lowest = level ? yEnd - h + LADDER.labelPadY : yEnd - h - LABEL_TOUCH;
        const minTop = Math.max(2, lowest);
        const maxTop = level ? yEnd - LADDER.labelPadY : yEnd + LABEL_TOUCH;
        const blocked = this.blockedOver(x, x + w, minTop, maxTop + h, i, false, besideLane);
        const top = nearestFreeTop(blocked, h, minTop, maxTop, yEnd - h / 2);
        if (top !== null) return { box: { x, y: top, w, h, size: shape.size, lines: shape.lines }, u };
        places.push({ x, w, h, lowest, maxTop });
        if (level) {
          // A label in the way below the end, or an arrow that runs on below it (sent before the
          // end, arriving after it): parting the rows below the end moves either away from it.
          const labels = this.blockedOver(x, x + w, minTop, maxTop + h, i, true);
          const isLabel = (b: [number, number]): boolean => labels.some((l) => l[0] === b[0] && l[1] === b[1]);
          below &&= blocked.every((b) => (isLabel(b) ? b[0] >= yEnd : b[1] > yEnd));
        }
      }
    }
    // (No shape fits there at all: past a lost segment's cross, nothing to part rows for.)
    if (places.length === 0 && !guessUnplaced) return null;
    // No room: the fewest steps that make a place, parting below the end or above it (the graph's
    // top, 2 px, stays where it is, so parting above moves the label away from it too). Both as few:
    // as guessed from what is in the way now.
    for (let k = 1; k <= steps; k++) {
      const parts = (['below', 'above'] as const).filter((part) => {
        const d = k * step;
        const topLimit = 2 - (part === 'above' ? d : 0);
        return places.some(({ x, w, h, lowest, maxTop }) => {
          const minTop = Math.max(topLimit, lowest);
          return nearestFreeTop(this.blockedAfterParting(x, x + w, minTop, maxTop + h, i, endAt, part, d, besideLane), h, minTop, maxTop, yEnd - h / 2) !== null;
        });
      });
      const part = parts.length === 2 ? (below ? 'below' : 'above') : parts[0];
      if (part) return { part, surely: true };
    }
    return { part: below ? 'below' : 'above', surely: false };
  }

  /**
   * Where flight i's label goes: touching its own arrow, as near to centred on it as it can be,
   * covering no label and no other arrow, in the widest shape that fits anywhere along it
   * (middle first). With `labelsOnly` (a crowded stretch): covering no label, under the fewest
   * arrows, then nearest its arrow's centre line.
   */
  fit(i: number, labelsOnly: boolean): { box: LabelBox; u: number } | null {
    const { x1, y1, endX, endY, line } = this.geometry[i]!;
    const { labelLo, labelHi } = this;
    let best: { box: LabelBox; u: number; under: number; off: number } | null = null;
    for (const shape of this.shapesOf(i)) {
      const w = shape.w + 2 * LADDER.labelPadX;
      const h = this.labelHeight(shape.lines.length, shape.size);
      const lefts = new Set([...LABEL_SPOTS.map((u) => x1 + (endX - x1) * u - w / 2), labelLo, labelHi - w].map((x) => Math.round(Math.min(Math.max(x, labelLo), labelHi - w))));
      for (const x of lefts) {
        const along = strokeSpan({ ...line, reach: 0 }, x, x + w);
        if (!along) continue;
        const k = endX === x1 ? 0.5 : Math.min(1, Math.max(0, (x + w / 2 - x1) / (endX - x1)));
        const want = y1 + (endY - y1) * k - h / 2;
        const minTop = Math.max(2, along[0] - h - LABEL_TOUCH);
        const maxTop = along[1] + LABEL_TOUCH;
        const top = nearestFreeTop(this.blockedOver(x, x + w, minTop, maxTop + h, i, labelsOnly), h, minTop, maxTop, want);
        if (top === null) continue;
        const box: LabelBox = { x, y: top, w, h, size: shape.size, lines: shape.lines };
        const under = labelsOnly ? this.arrowsUnder(box, i).length : 0;
        const off = Math.abs(top - want);
        if (!best || under < best.under || (under === best.under && off < best.off - 0.5)) best = { box, u: Math.max(0.1, k), under, off };
      }
      if (best && !labelsOnly) break;
    }
    return best && { box: best.box, u: best.u };
  }
}
