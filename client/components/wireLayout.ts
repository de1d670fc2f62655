/**
 * Where each segment card on the wire goes, so that no card covers another: every card in flight
 * keeps its flags, seq and ack readable. Pure: the same cards and box always give the same places.
 *
 * A card's place along the wire is how far its segment has travelled (0 at its sender, 1 at its
 * receiver). Each direction has its own rows: the client's segments run along the upper line, the
 * server's along the lower one. When cards of one direction would touch, they are first moved a
 * little along their path, keeping their order (a lost segment's card, shattering where the wire
 * dropped it, is never moved: the cards still flying make room around it); when that is not
 * enough, that direction gets the compact face (the same fields in less room), and a second row
 * when the other direction leaves the room. A row holds 3 full or 4 compact cards side by side; only a wire fuller than its rows
 * can hold lets cards overlap (the server's view of a SYN flood, five SYNs one way while its
 * SYN-ACKs go the other; the frame-rate bench's dozens of segments), and then each card is covered
 * only at its right end (drawOrder). Up to 6 cards to a row, every card still shows at least its
 * face's `minRoom` from its left edge, and its face fits its tag, flags, seq and ack (10 digits
 * each) in what shows (`room`); only the bench's crowd leaves less.
 */
import type { HostRole } from '../model/view.ts';

export type CardSize = 'full' | 'compact';

/**
 * Each face's card, the room kept above it for its tag, which straddles the card's top edge, and the
 * least of it, from its left edge, that a row must leave uncovered (`minRoom`): the tag, the flags,
 * seq and ack are painted within what is left (cardFace.ts), so a row fuller than it holds may
 * cover only the rest. The compact card is narrower (4 to a row instead of 3) and still at least
 * 40 CSS px high on a 1024×768 screen, to tap. Six compact cards share a row with that much of each
 * showing: (636 − 2·8 − 140) / 5 = 96 px apart.
 */
export const CARD_SIZES: Record<CardSize, { w: number; h: number; tagAbove: number; minRoom: number }> = {
  full: { w: 196, h: 76, tagAbove: 10, minRoom: 196 },
  compact: { w: 140, h: 64, tagAbove: 6, minRoom: 94 },
};

/** Clear space between two cards side by side or one above the other (a duplicate's offset outline fits in it). */
export const CARD_GAP = 8;
const ROW_GAP = 3;
/** How far a card's outline stroke reaches outside its box. */
const OUTLINE = 1;
/** Room between a card and the wire panel's sides. */
const SIDE_MARGIN = 8;
/**
 * How far a card may be moved along its path before a tighter face or another row is preferred:
 * about half a card, so that a card still reads as where its segment is (the flow graph beside the
 * wire has the exact times).
 */
const NUDGE_MAX = 120;

export interface WireBox {
  width: number;
  /** The band the cards may use, in the panel's own pixels (below its title, above its legend). */
  top: number;
  bottom: number;
}

/**
 * The panel's title runs along its top and the flag legend along its bottom; the cards use the band
 * between. (The top line stays the title's alone: live, a connection banner may lie over it.)
 */
export const WIRE_TITLE_H = 24;
export const WIRE_LEGEND_H = 26;

/** The band a wire panel `width` × `height` gives its cards. */
export function wireBox(width: number, height: number): WireBox {
  return { width, top: WIRE_TITLE_H, bottom: height - WIRE_LEGEND_H };
}

export interface CardInput {
  id: string;
  from: HostRole;
  /** How far along its path the segment is drawn, 0 at its sender and 1 at its receiver. */
  progress: number;
  /**
   * The segment died there (lost on the wire, its card shattering): its card stays where its
   * progress puts it, as its cross stays in the flow graph, and the cards still flying move instead.
   */
  fixed?: boolean;
}

export interface CardPlace {
  id: string;
  from: HostRole;
  size: CardSize;
  /** The card's centre in the panel's own pixels. */
  x: number;
  y: number;
  /** How far the card was moved along its path from where its progress puts it. */
  nudge: number;
  /**
   * How much of the card, from its left edge, no card drawn after it covers (its whole width unless
   * its row holds more cards than fit side by side): its face fits what a learner reads in there.
   */
  room: number;
}

/** The rectangle a placed card occupies: the card and the room for its tag above it. */
export function cardBox(p: Pick<CardPlace, 'size' | 'x' | 'y'>): { x: number; y: number; w: number; h: number } {
  const s = CARD_SIZES[p.size];
  return { x: p.x - s.w / 2, y: p.y - s.h / 2 - s.tagAbove, w: s.w, h: s.h + s.tagAbove };
}

/**
 * The part of a placed card no card drawn after it covers: from the top of its tag's room down to
 * its bottom edge, `room` wide from its left edge.
 */
export function shownBox(p: Pick<CardPlace, 'size' | 'x' | 'y' | 'room'>): { x: number; y: number; w: number; h: number } {
  return { ...cardBox(p), w: p.room };
}

/** The y of each direction's line: where a single row of full cards sits. */
export function laneLines(box: WireBox): Record<HostRole, number> {
  const full = CARD_SIZES.full;
  return { client: box.top + full.tagAbove + full.h / 2, server: box.bottom - full.h / 2 };
}

/**
 * Where a card's centre is at `progress` along its path: the full card's path, whichever face it
 * shows (the compact face is centred on the same point), so a card does not jump when the wire's
 * cards change face, nor a lost card's "✕ LOST" move off where the wire dropped it.
 */
function pathX(box: WireBox, from: HostRole, progress: number): number {
  const w = CARD_SIZES.full.w;
  const start = SIDE_MARGIN + w / 2;
  const travel = box.width - w - 2 * SIDE_MARGIN;
  return from === 'client' ? start + progress * travel : start + (1 - progress) * travel;
}

/**
 * Cards in one row, in path order, moved apart as little as possible (least squares, keeping their
 * order) so that they sit `pitch` apart and inside [lo, hi]. Card j sits at t + j·pitch for its run's
 * t; a run's best t is the mean of x_j − j·pitch over its cards, or over its `fixed` cards alone
 * when it has any (a card that must not move weighs infinitely more than one that may); neighbouring
 * runs that would touch are merged (pool-adjacent-violators). A row with more cards than fit spreads
 * them evenly.
 */
export function spread(wanted: readonly number[], pitch: number, lo: number, hi: number, fixed: readonly boolean[] = []): number[] {
  const n = wanted.length;
  if (n > 1 && (n - 1) * pitch > hi - lo) return wanted.map((_, j) => lo + (j * (hi - lo)) / (n - 1));
  type Run = { a: number; b: number; sum: number; pinned: number; pinnedSum: number; t: number };
  const runs: Run[] = [];
  const fit = (r: Run): void => {
    const mean = r.pinned ? r.pinnedSum / r.pinned : r.sum / (r.b - r.a + 1);
    r.t = Math.max(lo - r.a * pitch, Math.min(mean, hi - r.b * pitch));
  };
  wanted.forEach((x, j) => {
    const pin = fixed[j] === true;
    const run = { a: j, b: j, sum: x - j * pitch, pinned: pin ? 1 : 0, pinnedSum: pin ? x - j * pitch : 0, t: 0 };
    fit(run);
    runs.push(run);
    for (let last = runs[runs.length - 1], prev = runs[runs.length - 2]; last && prev && prev.t > last.t + 1e-9; last = runs[runs.length - 1], prev = runs[runs.length - 2]) {
      const merged = { a: prev.a, b: last.b, sum: prev.sum + last.sum, pinned: prev.pinned + last.pinned, pinnedSum: prev.pinnedSum + last.pinnedSum, t: 0 };
      fit(merged);
      runs.splice(runs.length - 2, 2, merged);
    }
  });
  const out: number[] = [];
  for (const r of runs) for (let j = r.a; j <= r.b; j++) out.push(r.t + j * pitch);
  return out;
}

interface LanePlan {
  size: CardSize;
  rows: number;
  /** Per card (in the lane's input order): its row and its centre x. */
  cards: { row: number; x: number }[];
  nudge: number;
  /** How far the plan moves a card that may not move (CardInput.fixed): any move makes it a last resort. */
  fixedMoved: number;
  overlaps: boolean;
}

/** One direction's cards on `rows` rows of `size` cards: each card to the row it fits with least moving. */
function planLane(box: WireBox, cards: readonly CardInput[], size: CardSize, rows: number): LanePlan {
  const { w } = CARD_SIZES[size];
  const pitch = w + CARD_GAP;
  const lo = SIDE_MARGIN + w / 2;
  const hi = box.width - SIDE_MARGIN - w / 2;
  const order = cards.map((c, i) => ({ i, x: pathX(box, c.from, c.progress) })).sort((a, b) => a.x - b.x || a.i - b.i);
  const rowOf: number[] = new Array<number>(cards.length).fill(0);
  const rowEnd: number[] = new Array<number>(rows).fill(-Infinity);
  const count: number[] = new Array<number>(rows).fill(0);
  // A row takes no more cards than fit side by side while another row still has room.
  const capacity = Math.floor((hi - lo) / pitch) + 1;
  const open = (r: number): boolean => !count.some((n) => n < capacity) || (count[r] ?? 0) < capacity;
  // The cards that may not move take their rows first, each the row where it touches the fewest
  // of them (the line's row when it is free): a dying card keeps its row while others fly past.
  const fixedIn: number[][] = Array.from({ length: rows }, () => []);
  for (const { i, x } of order) {
    if (!cards[i]?.fixed) continue;
    let best = -1;
    let bestClash = Infinity;
    for (let r = 0; r < rows; r++) {
      if (!open(r)) continue;
      const clash = Math.max(0, ...(fixedIn[r] ?? []).map((y) => pitch - Math.abs(x - y)));
      if (best < 0 || clash < bestClash - 1e-9) {
        best = r;
        bestClash = clash;
      }
    }
    rowOf[i] = best;
    fixedIn[best]?.push(x);
    count[best] = (count[best] ?? 0) + 1;
  }
  for (const { i, x } of order) {
    if (cards[i]?.fixed) continue;
    let best = -1;
    let bestShift = Infinity;
    let bestAt = x;
    for (let r = 0; r < rows; r++) {
      if (!open(r)) continue;
      const fixed = fixedIn[r] ?? [];
      // Moved forward past the card before it in the row, then back before a fixed card ahead.
      const end = Math.max(rowEnd[r] ?? -Infinity, ...fixed.filter((y) => y <= x));
      const at = Math.max(x, end + pitch);
      const ahead = Math.min(Infinity, ...fixed.filter((y) => y > x));
      const shift = at - x + Math.max(0, at + pitch - ahead);
      // The least move; between equal moves, the row with fewer cards (then the one nearer the line).
      if (best < 0 || shift < bestShift - 1e-9 || (Math.abs(shift - bestShift) <= 1e-9 && (count[r] ?? 0) < (count[best] ?? 0))) {
        best = r;
        bestShift = shift;
        bestAt = at;
      }
    }
    rowOf[i] = best;
    rowEnd[best] = bestAt;
    count[best] = (count[best] ?? 0) + 1;
  }
  const xs: number[] = cards.map(() => 0);
  let nudge = 0;
  let fixedMoved = 0;
  let overlaps = false;
  for (let r = 0; r < rows; r++) {
    const inRow = order.filter(({ i }) => rowOf[i] === r);
    const placed = spread(inRow.map((c) => c.x), pitch, lo, hi, inRow.map(({ i }) => cards[i]?.fixed === true));
    inRow.forEach(({ i, x }, j) => {
      const at = placed[j] ?? x;
      xs[i] = at;
      nudge = Math.max(nudge, Math.abs(at - x));
      if (cards[i]?.fixed) fixedMoved = Math.max(fixedMoved, Math.abs(at - x));
      const before = placed[j - 1];
      if (before !== undefined && at - before < w - 1e-6) overlaps = true;
    });
  }
  return { size, rows, cards: cards.map((_, i) => ({ row: rowOf[i] ?? 0, x: xs[i] ?? 0 })), nudge, fixedMoved, overlaps };
}

/** The height a lane's rows take. */
function laneHeight(p: Pick<LanePlan, 'size' | 'rows'>): number {
  if (p.rows === 0) return 0;
  const s = CARD_SIZES[p.size];
  return p.rows * (s.h + s.tagAbove) + (p.rows - 1) * ROW_GAP;
}

/** Every card's place on the wire (see the top of this file). */
export function layoutWire(cards: readonly CardInput[], box: WireBox): CardPlace[] {
  const lanes: Record<HostRole, CardInput[]> = { client: [], server: [] };
  for (const c of cards) lanes[c.from].push(c);
  const height = box.bottom - box.top;
  const options = (lane: CardInput[]): LanePlan[] => {
    if (lane.length === 0) return [{ size: 'full', rows: 0, cards: [], nudge: 0, fixedMoved: 0, overlaps: false }];
    const out: LanePlan[] = [];
    for (const [size, rows] of [['full', 1], ['compact', 1], ['compact', 2]] as const) {
      if (rows > lane.length) break;
      out.push(planLane(box, lane, size, rows));
    }
    return out;
  };
  const client = options(lanes.client);
  const server = options(lanes.server);
  // The plainest pair of plans that fits: full faces before compact ones, one row before two, and
  // small moves along the path before larger ones. On a wire fuller than the rows can hold (the
  // stress round) cards overlap, spread evenly along their rows, and the compact face shows more
  // of each; a panel too low for any pair of plans (none in the game) gets the lowest.
  let best: { c: LanePlan; s: LanePlan; cost: number } | null = null;
  for (const c of client) {
    for (const s of server) {
      const overflow = Math.max(0, laneHeight(c) + laneHeight(s) + (c.rows && s.rows ? ROW_GAP : 0) - height);
      const nudge = Math.max(c.nudge, s.nudge);
      const faces = (c.size === 'compact' && c.rows ? 1 : 0) + (s.size === 'compact' && s.rows ? 1 : 0);
      const rows = c.rows + s.rows;
      const fixedMoved = Math.max(c.fixedMoved, s.fixedMoved);
      const readable = (fixedMoved > 1e-6 ? 1e7 + fixedMoved : 0) + (nudge > NUDGE_MAX ? 1e6 + nudge : 0) + faces * 100 + rows * 10 + nudge / 100;
      const crowded = 1e9 - faces * 100 - rows * 10;
      const cost = (overflow > 1e-9 ? 1e12 + overflow : 0) + (c.overlaps || s.overlaps ? crowded : readable);
      if (!best || cost < best.cost) best = { c, s, cost };
    }
  }
  if (!best) return [];
  const { clientTop, serverTop } = blocks(box, best.c, best.s);
  return [...place(lanes.client, best.c, clientTop, box), ...place(lanes.server, best.s, serverTop, box)];
}

/**
 * The rows' heights on the panel. Each direction's first row sits on its line when it can; further
 * rows go towards the middle; both blocks stay inside the band and clear of each other (the plans
 * were chosen so that their heights fit).
 */
function blocks(box: WireBox, client: LanePlan, server: LanePlan): { clientTop: number; serverTop: number } {
  const lines = laneLines(box);
  const hc = laneHeight(client);
  const hs = laneHeight(server);
  const c = CARD_SIZES[client.size];
  const s = CARD_SIZES[server.size];
  let cTop = Math.min(Math.max(box.top, lines.client - c.h / 2 - c.tagAbove), box.bottom - hc);
  let sBottom = Math.max(Math.min(box.bottom, lines.server + s.h / 2), box.top + hs);
  let clash = hc && hs ? cTop + hc + ROW_GAP - (sBottom - hs) : 0;
  if (clash > 0) {
    const up = Math.min(clash, cTop - box.top);
    cTop -= up;
    clash -= up;
    sBottom += Math.min(clash, box.bottom - sBottom);
  }
  return { clientTop: cTop, serverTop: sBottom - hs };
}

function place(cards: readonly CardInput[], plan: LanePlan, top: number, box: WireBox): CardPlace[] {
  const s = CARD_SIZES[plan.size];
  const slot = s.h + s.tagAbove + ROW_GAP;
  return cards.map((c, i) => {
    const { row, x } = plan.cards[i] ?? { row: 0, x: 0 };
    // The client's first row is its top one, the server's its bottom one: rows stack towards the middle.
    const k = c.from === 'client' ? row : plan.rows - 1 - row;
    const y = top + k * slot + s.tagAbove + s.h / 2;
    // The next card to the right in the row is drawn over this one (drawOrder); its outline reaches
    // a pixel left of its edge.
    let room = s.w;
    for (const other of plan.cards) if (other.row === row && other.x > x) room = Math.min(room, other.x - x - OUTLINE);
    return { id: c.id, from: c.from, size: plan.size, x, y, nudge: Math.abs(x - pathX(box, c.from, c.progress)), room };
  });
}

/**
 * The order to draw placed cards in, first to last. Lower cards last: a stacked card then hides only
 * the lines under another's flag chips. In a row, the card to the right last: when a row holds more
 * cards than fit side by side (the server's view of a SYN flood: five SYNs one way, four SYN-ACKs the
 * other), each card is covered only at its right end (where its direction arrow goes; its row
 * says the direction), and its tag, flags, seq and ack, fitted into its `room` from its left edge,
 * stay readable.
 */
export function drawOrder<P extends Pick<CardPlace, 'x' | 'y'>>(places: readonly P[]): P[] {
  return [...places].sort((a, b) => a.y - b.y || a.x - b.x);
}
