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
 */
import { segmentLength, segmentSummary } from '../model/segmentText.ts';
import { ackedBy, DEPARTURE_MS } from '../model/snapshot.ts';
import { labelShapes, nearestFreeTop, strokeSpan, strokeTouches, type LabelShape, type Stroke } from './ladderLabelPlaces.ts';
import type { Flight, HostRole, RoundLog, StateChange } from '../model/view.ts';

export const LADDER = {
  headerH: 56,
  timeColW: 62,
  stateColW: 118,
  minGap: 34,
  maxGap: 70,
  pxPerMs: 0.09,
  topPad: 30,
  bottomPad: 40,
  /** Between the sub-rows of one instant (a label's height and a little air). */
  subRowGap: 20,
  /** The lane of injected segments, this far right of the client's axis. */
  laneOffset: 64,
  labelSize: 12,
  /**
   * The smallest a label is ever drawn (stage px; the stage is 1600×900 scaled to the window): a
   * crowded label takes more lines, and the rows move apart to make room, rather than shrink
   * below what a learner can read.
   */
  labelMinSize: 11,
  /** The label's backing plate around its text. */
  labelPadX: 3,
  labelPadY: 2,
} as const;

/** The words the layout writes (translated by the caller). */
export interface LadderText {
  lost: string;
  retransmission: string;
  duplicate: string;
  oldDuplicate: string;
  /** "spoofed, from 198.51.100.20:41000" */
  spoofedFrom: (address: string) => string;
  /** "to 198.51.100.20:41000 (no such host)" for a reply to a forged source. */
  toForged: (address: string) => string;
  /** "another client, 203.0.113.7:50500": a real client of the same server, not a player. */
  otherClientFrom: (address: string) => string;
  /** "to another client, 203.0.113.7:50500" for the server's reply to it. */
  toOtherClient: (address: string) => string;
  /** "to 10.0.0.4:50002": a reply to a source the host cannot tell forged or real (live, its TCP's view). */
  toAddress: (address: string) => string;
  laneSpoofed: string;
  laneOldDuplicate: string;
  /** The lane when it carries both kinds. */
  laneMixed: string;
  /** The lane when it carries only another client's segments. */
  laneOtherClient: string;
  /** A live round's own segments, whose arrival the player does not know. */
  sent: string;
  awaitingAck: string;
  acked: string;
}

export const ENGLISH_LADDER_TEXT: LadderText = {
  lost: 'lost on the wire',
  retransmission: 'RETRANSMITTED',
  duplicate: 'DUPLICATE',
  oldDuplicate: 'old duplicate',
  spoofedFrom: (a) => `spoofed, from ${a}`,
  toForged: (a) => `to ${a}`,
  otherClientFrom: (a) => `another client, ${a}`,
  toOtherClient: (a) => `to another client, ${a}`,
  toAddress: (a) => `to ${a}`,
  laneSpoofed: 'spoofed sources',
  laneOldDuplicate: 'old duplicates',
  laneMixed: 'old duplicates, forged segments',
  laneOtherClient: 'another client',
  sent: 'sent',
  awaitingAck: 'sent, no ACK yet',
  acked: 'acknowledged',
};

/** Width in px of `text` at `size` px in the labels' monospace font. */
export type MeasureText = (text: string, size: number) => number;

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Without a canvas (unit tests): a monospace Latin glyph is 0.6 em, a CJK one 1 em. */
export const estimateMonoWidth: MeasureText = (text, size) => {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? size : 0.6 * size;
  return w;
};

export interface LadderOptions {
  text?: LadderText;
  measure?: MeasureText;
  /** Height in px of one line of label text at `size` px (default 1.25 em). */
  lineHeight?: (size: number) => number;
  /** Of the state changes at exactly `now`, show only the first this many (a replay stepping through an instant). */
  stateCut?: number;
}

export type LadderEnd = HostRole | 'lane';

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

interface Placed {
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
}

function otherHost(role: HostRole): HostRole {
  return role === 'client' ? 'server' : 'client';
}

/** The two ends of a flight's arrow: an injected segment leaves from the lane, a reply to a forged source goes to it. */
export function arrowEnds(log: RoundLog, f: Flight): { from: LadderEnd; to: LadderEnd } {
  const receiver = otherHost(f.from);
  const from: LadderEnd = f.injected ? 'lane' : f.from;
  const forged = !f.injected && f.segment.dst !== '' && log.hosts[receiver].address !== '' && f.segment.dst !== log.hosts[receiver].address;
  return { from, to: forged ? 'lane' : receiver };
}

/** The sockets of the other (real) clients whose segments the round carries. */
function otherClients(log: RoundLog): Set<string> {
  return new Set(log.flights.filter((f) => f.injected === 'other-client').map((f) => f.segment.src));
}

/** The sources the round knows were forged (once the wire is revealed; a host's TCP cannot tell). */
function spoofedSources(log: RoundLog): Set<string> {
  return new Set(log.flights.filter((f) => f.injected === 'spoofed').map((f) => f.segment.src));
}

/**
 * Where a reply to a source other than the peer goes: another client or a forged source when the
 * log knows which; while the round is live a host's TCP does not, and the label only names the address.
 */
function replyTo(dst: string, text: LadderText, others: Set<string>, spoofed: Set<string>): string {
  if (others.has(dst)) return text.toOtherClient(dst);
  return spoofed.has(dst) ? text.toForged(dst) : text.toAddress(dst);
}

/** The label's words: the segment, then what happened to it, each tag translated. */
export function arrowLabel(log: RoundLog, f: Flight, text: LadderText): { summary: string; tags: string[] } {
  return labelWords(log, f, text, otherClients(log), spoofedSources(log));
}

/** Every arrow's label words (arrowLabel's), the round's other clients and forged sources found once. */
function arrowLabels(log: RoundLog, text: LadderText): { summary: string; tags: string[] }[] {
  const others = otherClients(log);
  const spoofed = spoofedSources(log);
  return log.flights.map((f) => labelWords(log, f, text, others, spoofed));
}

function labelWords(log: RoundLog, f: Flight, text: LadderText, others: Set<string>, spoofed: Set<string>): { summary: string; tags: string[] } {
  const tags: string[] = [];
  if (f.injected === 'old-duplicate') tags.push(text.oldDuplicate);
  if (f.injected === 'spoofed') tags.push(text.spoofedFrom(f.segment.src));
  if (f.injected === 'other-client') tags.push(text.otherClientFrom(f.segment.src));
  if (arrowEnds(log, f).to === 'lane') tags.push(replyTo(f.segment.dst, text, others, spoofed));
  if (f.retransmission) tags.push(text.retransmission);
  if (f.duplicateOf) tags.push(text.duplicate);
  if (f.lostAt !== null) tags.push(text.lost);
  if (f.arrivesAt === null) tags.push(f.ackedAt !== null && f.ackedAt !== undefined ? text.acked : segmentLength(f.segment) > 0 ? text.awaitingAck : text.sent);
  return { summary: segmentSummary(f.segment), tags };
}

interface Rows {
  /** Sub-rows of each instant. */
  count: Map<number, number>;
  send: Map<string, number>;
  arrive: Map<string, number>;
  state: Map<StateChange, number>;
}

/** Sub-rows per instant: arrivals first, then states in order, sends last (each end on its own). */
function assignRows(log: RoundLog, ends: Map<string, { from: LadderEnd; to: LadderEnd }>): Rows {
  const groups = new Map<string, { sends: Flight[]; arrivals: Flight[]; states: StateChange[] }>();
  const group = (t: number, end: LadderEnd): { sends: Flight[]; arrivals: Flight[]; states: StateChange[] } => {
    const key = `${t}|${end}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sends: [], arrivals: [], states: [] }));
    return g;
  };
  for (const f of log.flights) {
    const e = ends.get(f.id);
    if (!e) continue;
    group(f.sentAt, e.from).sends.push(f);
    if (f.lostAt === null && f.arrivesAt !== null) group(f.arrivesAt, e.to).arrivals.push(f);
  }
  for (const s of log.states) group(s.at, s.host).states.push(s);
  const rows: Rows = { count: new Map(), send: new Map(), arrive: new Map(), state: new Map() };
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const n = Math.max(1, g.sends.length, g.arrivals.length, g.states.length);
    rows.count.set(t, Math.max(rows.count.get(t) ?? 1, n));
  }
  const causal = new Map<string, Map<string, number> | null>();
  for (const [key, g] of groups) causal.set(key, causalRows(g));
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const placed = causal.get(key);
    if (placed) rows.count.set(t, Math.max(rows.count.get(t) ?? 1, ...[...placed.values()].map((r) => r + 1)));
  }
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const n = rows.count.get(t) ?? 1;
    const placed = causal.get(key);
    if (placed) {
      g.arrivals.forEach((f) => rows.arrive.set(f.id, placed.get(`a${f.id}`) ?? 0));
      g.states.forEach((s, i) => rows.state.set(s, placed.get(`s${i}`) ?? 0));
      g.sends.forEach((f) => rows.send.set(f.id, placed.get(`f${f.id}`) ?? n - 1));
      continue;
    }
    g.arrivals.forEach((f, i) => rows.arrive.set(f.id, i));
    g.states.forEach((s, i) => rows.state.set(s, i));
    g.sends.forEach((f, i) => rows.send.set(f.id, n - g.sends.length + i));
  }
  return rows;
}

/**
 * Sub-rows of one host's instant where the log says what answered what (a finished round): each
 * arrival on a row of its own, in order; the states it made from its row down, and its replies
 * level with the last of them (or with it, if it changed nothing); a change or a send of a call or
 * a timer on the next row. So a segment that changed nothing (an unacceptable ACK answered with a
 * RST) does not sit beside the state the next segment made. Null where nothing is linked.
 * Keys: `a<flight>`, `s<index of the state>`, `f<flight>`.
 */
function causalRows(g: { sends: Flight[]; arrivals: Flight[]; states: StateChange[] }): Map<string, number> | null {
  const ids = new Set(g.arrivals.map((f) => f.id));
  if (!g.states.some((s) => s.cause !== undefined && ids.has(s.cause)) && !g.sends.some((f) => f.cause !== undefined && ids.has(f.cause))) return null;
  const out = new Map<string, number>();
  let row = -1;
  let next = 0;
  /** The row each placed arrival's last state (or the arrival itself) is on. */
  const lastOf = new Map<string, number>();
  const reach = (cause: string): void => {
    for (; next < g.arrivals.length; next++) {
      const f = g.arrivals[next]!;
      if (lastOf.has(f.id)) continue;
      row += 1;
      out.set(`a${f.id}`, row);
      lastOf.set(f.id, row);
      if (f.id === cause) {
        next += 1;
        return;
      }
    }
  };
  g.states.forEach((s, i) => {
    if (s.cause !== undefined && ids.has(s.cause)) {
      const fresh = !lastOf.has(s.cause);
      if (fresh) reach(s.cause);
      else row += 1;
      out.set(`s${i}`, row);
      lastOf.set(s.cause, row);
    } else {
      row += 1;
      out.set(`s${i}`, row);
    }
  });
  for (const f of g.arrivals) if (!lastOf.has(f.id)) reach(f.id);
  // A reply from the row of what it answers; the other sends (a call's, a timer's, or replies the
  // view does not link yet, live) last, each on a row of its own.
  const taken = new Set<number>();
  const put = (f: Flight, from: number): number => {
    let r = from;
    while (taken.has(r)) r++;
    taken.add(r);
    out.set(`f${f.id}`, r);
    return r;
  };
  const linked = g.sends.filter((f) => f.cause !== undefined && lastOf.has(f.cause));
  const rest = g.sends.filter((f) => !linked.includes(f));
  for (const f of linked) put(f, lastOf.get(f.cause!)!);
  let from = Math.max(0, row + 1 - rest.length);
  for (const f of rest) from = put(f, from) + 1;
  return out;
}

/** y of each instant's first sub-row; gaps follow elapsed time, clamped, plus any room labels asked for. */
function rowTops(keys: readonly number[], rows: Rows, extra: Map<number, number>, extraSub: Map<number, number>): Map<number, number> {
  const top = new Map<number, number>();
  let y = LADDER.topPad;
  keys.forEach((k, i) => {
    if (i > 0) {
      const prev = keys[i - 1] ?? 0;
      const block = ((rows.count.get(prev) ?? 1) - 1) * (LADDER.subRowGap + (extraSub.get(prev) ?? 0));
      y += block + Math.min(LADDER.maxGap, Math.max(LADDER.minGap, (k - prev) * LADDER.pxPerMs));
    }
    y += extra.get(k) ?? 0;
    top.set(k, y);
  });
  return top;
}

function overlaps(a: LabelBox, b: LabelBox, gap = 2): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

export const defaultLineHeight = (size: number): number => Math.ceil(size * 1.25);

/** How far (px) a part-drawn arrow of a segment whose arrival is unknown drops by its end. */
const PENDING_SLOPE = 14;

/**
 * How many times the rows may move to get one label out from under an arrow; past that it takes
 * the place under the fewest arrows (its opaque plate still hides their lines).
 */
const CROSSING_PUSHES = 12;
/** How many passes over the whole graph may move rows to uncover labels. */
const UNCOVER_PASSES = 40;
/** A label placed in this pass (`alive` while it stays there). */
interface PlacedLabel {
  box: LabelBox;
  sentAt: number;
  alive: boolean;
}

/** How far (px) above or below a label still over an arrow its neighbours are tried again. */
const REPAIR_REACH = 40;
/**
 * Above this many segments (the bench's stress round) labels still over an arrow stay where they
 * are (no rows moved, no second try): a graph that full has no free place to find, only cost.
 */
const UNTANGLE_MAX_FLIGHTS = 40;

/** Things with a vertical extent, found by the rows they reach (40 px buckets). */
class YBuckets<T> {
  /** Each bucket's things, and the same things' entries (one per thing, shared by its buckets). */
  private readonly buckets = new Map<number, { items: T[]; entries: { item: T; seen: number }[] }>();
  private asked = 0;
  add(item: T, y1: number, y2: number): void {
    // Something with no row yet (a lane whose segments' rows are unknown) is nowhere.
    if (!Number.isFinite(y1) || !Number.isFinite(y2)) return;
    const entry = { item, seen: 0 };
    for (let b = Math.floor(y1 / 40); b <= Math.floor(y2 / 40); b++) {
      const bucket = this.buckets.get(b);
      if (bucket) {
        bucket.items.push(item);
        bucket.entries.push(entry);
      } else this.buckets.set(b, { items: [item], entries: [entry] });
    }
  }
  /**
   * What reaches y1..y2, each once, in the order of the first bucket it is in (read-only). A
   * thing in several buckets is told apart by the ask it was last seen in (a Set per ask, or a
   * generator giving it once per bucket, were most of a crowded layout's time).
   */
  near(y1: number, y2: number): readonly T[] {
    const first = Math.floor(y1 / 40);
    const last = Math.floor(y2 / 40);
    if (first === last) return this.buckets.get(first)?.items ?? [];
    const ask = ++this.asked;
    const out: T[] = [];
    for (let b = first; b <= last; b++) {
      for (const entry of this.buckets.get(b)?.entries ?? []) {
        if (entry.seen === ask) continue;
        entry.seen = ask;
        out.push(entry.item);
      }
    }
    return out;
  }
}

/** A move of the rows that gets a label out from under an arrow: an instant's gap above it, or its sub-rows. */
interface UncoverMove {
  kind: 'gap' | 'sub';
  at: number;
}
/** How far (px) one move goes, and how far all of them may take one gap or one instant's sub-rows. */
const UNCOVER_STEP = { gap: 20, sub: 20 } as const;
const UNCOVER_LIMIT = { gap: 60, sub: 100 } as const;

/** Fractions along its arrow tried for a label's centre, middle first. */
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/** How far (px) a label may sit off its own arrow and still be its label: it touches it or nearly. */
const LABEL_TOUCH = 2;

/** How far either side of its line an arrow's drawing reaches (px): a 2 px line and some air. */
const LINE_REACH = 2.5;

/**
 * An arrow as drawn, for keeping labels off it: its line, and its end mark (the arrowhead, 10 px
 * long and about 8 wide; the cross where a lost segment died; the ring where a pending one stops).
 */
function arrowStrokes(f: Flight, x1: number, y1: number, endX: number, endY: number): { line: Stroke; end: Stroke } {
  const line: Stroke = { x1, y1, x2: endX, y2: endY, reach: LINE_REACH };
  if (f.arrivesAt === null) return { line, end: { x1: endX, y1: endY, x2: endX, y2: endY, reach: 6 } };
  if (f.lostAt !== null) return { line, end: { x1: endX, y1: endY, x2: endX, y2: endY, reach: 9 } };
  const len = Math.hypot(endX - x1, endY - y1) || 1;
  const back = Math.min(10, len) / len;
  return { line, end: { x1: endX - (endX - x1) * back, y1: endY - (endY - y1) * back, x2: endX, y2: endY, reach: 5 } };
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

/** A label left where the previous layout put it. */
interface Pin {
  box: LabelBox;
  u: number;
}

/**
 * What of `previous` stays on `log`'s graph: each of its arrows must still be the same (segment,
 * ends, times) and each of its states (host and instant, in order). A label whose words alone
 * changed (its segment was acknowledged) is placed again, on its arrow's unchanged place; every
 * other one is pinned where it was. Null when something earlier changed. `same`: nothing new.
 */
function pinsOf(previous: LadderBasis, log: RoundLog, ends: Map<string, { from: LadderEnd; to: LadderEnd }>, words: readonly string[]): { labels: Map<number, Pin>; same: boolean } | null {
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
function keptInPlace(previous: LadderBasis, geometry: readonly { x1: number; y1: number; endX: number; endY: number }[], states: readonly number[]): boolean {
  const arrowsKept = previous.placed.every((p, i) => {
    const g = geometry[i];
    return !!g && g.x1 === p.x1 && g.y1 === p.y1 && g.endX === p.endX && g.endY === p.endY;
  });
  return arrowsKept && previous.states.every((m, i) => states[i] === m.y);
}

/**
 * The graph's rows and label places. With no `previous`, everything is placed. With the previous
 * update's basis (same width and words), only what is new is: its labels stay where they were,
 * its arrows and states must stay where they were (rows may move apart only below them), and
 * nothing new may cover a label or run through one; null when that cannot be had, and the caller
 * lays the graph out anew.
 */
function arrange(log: RoundLog, width: number, text: LadderText, measure: MeasureText, lineHeight: (size: number) => number, key: string, previous: LadderBasis | null): LadderBasis | null {
  const labelHeight = (lines: number, size: number): number => lines * lineHeight(size) + 2 * LADDER.labelPadY;
  const axisX: Record<HostRole, number> = {
    client: LADDER.timeColW + LADDER.stateColW,
    server: width - LADDER.stateColW,
  };
  const ends = new Map(log.flights.map((f) => [f.id, arrowEnds(log, f)] as const));
  const laneUsers = log.flights.filter((f) => {
    const e = ends.get(f.id);
    return e?.from === 'lane' || e?.to === 'lane';
  });
  const laneX = axisX.client + LADDER.laneOffset;
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
  const labels = arrowLabels(log, text);
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
  const others = otherClients(log);
  const forged = laneUsers.some((f) => f.injected === 'spoofed' || (ends.get(f.id)?.to === 'lane' && !others.has(f.segment.dst)));
  const old = laneUsers.some((f) => f.injected === 'old-duplicate');
  const onlyOthers = laneUsers.length > 0 && !forged && !old;
  const laneTitle = onlyOthers && others.size > 0 ? text.laneOtherClient : forged && old ? text.laneMixed : forged ? text.laneSpoofed : text.laneOldDuplicate;

  // Labels stay between the two hosts' axes, clear of the state names outside them.
  const labelLo = axisX.client + 6;
  const labelHi = axisX.server - 6;
  // (Measured when first needed: a pinned label never is.)
  const shapes: LabelShape[][] = [];
  const shapesOf = (i: number): LabelShape[] => {
    const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
    return (shapes[i] ??= labelShapes(summary, tags, labelHi - labelLo - 2 * LADDER.labelPadX, measure, LADDER.labelSize, LADDER.labelMinSize));
  };

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
  let uncoverPasses = 0;
  /** How far each instant's gap or sub-rows were moved to uncover labels. */
  const uncovered = new Map(previous?.uncovered);
  for (;;) {
    const top = rowTops(keys, rows, extra, extraSub);
    const yOf = (t: number, row: number): number => (top.get(t) ?? LADDER.topPad) + row * (LADDER.subRowGap + (extraSub.get(t) ?? 0));
    const boxes: { box: LabelBox; sentAt: number }[] = [];
    let lane: LadderLane | null = null;
    if (laneUsers.length > 0) {
      const ys = laneUsers.flatMap((f) => {
        const e = ends.get(f.id);
        const out: number[] = [];
        if (e?.from === 'lane') out.push(yOf(f.sentAt, rows.send.get(f.id) ?? 0));
        const end = f.lostAt ?? f.arrivesAt;
        if (e?.to === 'lane' && end !== null) out.push(yOf(end, rows.arrive.get(f.id) ?? 0));
        return out;
      });
      const y1 = Math.min(...ys);
      const size = 11;
      const w = measure(laneTitle, size) + 2 * LADDER.labelPadX;
      const h = labelHeight(1, size);
      // Over the lane's first row, kept right of the client's axis (the client's states are left of it).
      const titleBox: LabelBox = { x: Math.max(axisX.client + 6, laneX - w / 2), y: y1 - 10 - h, w, h, size, lines: [laneTitle] };
      lane = { x: laneX, y1, y2: Math.max(...ys), title: laneTitle, titleBox };
      boxes.push({ box: titleBox, sentAt: -Infinity });
    }
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
        endY = y1 + PENDING_SLOPE;
      } else if (f.lostAt !== null) {
        lostK = (f.lostAt - f.sentAt) / Math.max(1, f.arrivesAt - f.sentAt);
        endX = x1 + (xTo - x1) * lostK;
        endY = yOf(f.lostAt, 0);
      } else {
        endY = yOf(f.arrivesAt, rows.arrive.get(f.id) ?? 0);
      }
      return { e, x1, y1, endX, endY, lostK, ...arrowStrokes(f, x1, y1, endX, endY) };
    });
    // Going on from the previous layout, rows may part only below what it drew.
    if (previous && !keptInPlace(previous, geometry, log.states.map((st) => yOf(st.at, rows.state.get(st) ?? 0)))) return null;
    // Labels keep off every arrow's line but their own, and off every arrowhead (their own too).
    const strokes = new YBuckets<{ stroke: Stroke; arrow: number; own: boolean }>();
    geometry.forEach((g, j) => {
      strokes.add({ stroke: g.line, arrow: j, own: false }, Math.min(g.line.y1, g.line.y2) - g.line.reach, Math.max(g.line.y1, g.line.y2) + g.line.reach);
      strokes.add({ stroke: g.end, arrow: j, own: true }, Math.min(g.end.y1, g.end.y2) - g.end.reach, Math.max(g.end.y1, g.end.y2) + g.end.reach);
    });
    const placedBoxes = new YBuckets<PlacedLabel>();
    for (const b of boxes) placedBoxes.add({ ...b, alive: true }, b.box.y, b.box.y + b.box.h);
    /** What a label over x = xl..xr between y1 and y2 must keep clear of: labels, and (unless `labelsOnly`) arrows. */
    const blockedOver = (xl: number, xr: number, y1: number, y2: number, self: number, labelsOnly: boolean): [number, number][] => {
      const out: [number, number][] = [];
      for (const { box, alive } of placedBoxes.near(y1 - 2, y2 + 2)) {
        if (alive && box.x < xr + 2 && xl < box.x + box.w + 2) out.push([box.y - 2, box.y + box.h + 2]);
      }
      if (!labelsOnly) {
        for (const { stroke, arrow, own } of strokes.near(y1, y2)) {
          if (!own && arrow === self) continue;
          const span = strokeSpan(stroke, xl, xr);
          if (span && span[1] > y1 && span[0] < y2) out.push(span);
        }
      }
      return out;
    };
    /** The arrows a label box would be drawn over (another arrow's line, any arrowhead). */
    const arrowsUnder = (box: LabelBox, self: number): number[] => {
      const under = new Set<number>();
      for (const { stroke, arrow, own } of strokes.near(box.y, box.y + box.h)) {
        if ((own || arrow !== self) && strokeTouches(stroke, box)) under.add(arrow);
      }
      return [...under];
    };
    /**
     * Where flight i's label goes: touching its own arrow, as near to centred on it as it can be,
     * covering no label and no other arrow, in the widest shape that fits anywhere along it
     * (middle first). With `labelsOnly` (a crowded stretch): covering no label, under the fewest
     * arrows, then nearest its arrow's centre line.
     */
    const fit = (i: number, labelsOnly: boolean): { box: LabelBox; u: number } | null => {
      const { x1, y1, endX, endY, line } = geometry[i]!;
      let best: { box: LabelBox; u: number; under: number; off: number } | null = null;
      for (const shape of shapesOf(i)) {
        const w = shape.w + 2 * LADDER.labelPadX;
        const h = labelHeight(shape.lines.length, shape.size);
        const lefts = new Set([...LABEL_SPOTS.map((u) => x1 + (endX - x1) * u - w / 2), labelLo, labelHi - w].map((x) => Math.round(Math.min(Math.max(x, labelLo), labelHi - w))));
        for (const x of lefts) {
          const along = strokeSpan({ ...line, reach: 0 }, x, x + w);
          if (!along) continue;
          const k = endX === x1 ? 0.5 : Math.min(1, Math.max(0, (x + w / 2 - x1) / (endX - x1)));
          const want = y1 + (endY - y1) * k - h / 2;
          const minTop = Math.max(2, along[0] - h - LABEL_TOUCH);
          const maxTop = along[1] + LABEL_TOUCH;
          const top = nearestFreeTop(blockedOver(x, x + w, minTop, maxTop + h, i, labelsOnly), h, minTop, maxTop, want);
          if (top === null) continue;
          const box: LabelBox = { x, y: top, w, h, size: shape.size, lines: shape.lines };
          const under = labelsOnly ? arrowsUnder(box, i).length : 0;
          const off = Math.abs(top - want);
          if (!best || under < best.under || (under === best.under && off < best.off - 0.5)) best = { box, u: Math.max(0.1, k), under, off };
        }
        if (best && !labelsOnly) break;
      }
      return best && { box: best.box, u: best.u };
    };
    const entries: (PlacedLabel & { u: number })[] = [];
    const put = (i: number, spot: { box: LabelBox; u: number }): void => {
      const entry = { box: spot.box, sentAt: log.flights[i]?.sentAt ?? 0, alive: true, u: spot.u };
      entries[i] = entry;
      placedBoxes.add(entry, spot.box.y, spot.box.y + spot.box.h);
    };
    let conflict: { at: number; sameInstant: boolean } | null = null;
    for (const [i, pin] of pins?.labels ?? []) put(i, pin);
    for (let i = 0; i < log.flights.length && !conflict; i++) {
      if (pins?.labels.has(i)) continue;
      const f = log.flights[i]!;
      const { x1, y1, endX, endY } = geometry[i]!;
      const chosen = fit(i, false) ?? fit(i, true);
      if (chosen) {
        put(i, chosen);
        continue;
      }
      const u = 0.5;
      const shape = shapesOf(i)[0] ?? { lines: [labels[i]?.summary ?? ''], size: LADDER.labelMinSize, w: 0 };
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
    if (!conflict && uncoverPasses < UNCOVER_PASSES && log.flights.length <= UNTANGLE_MAX_FLIGHTS) {
      entries.forEach((entry, i) => {
        const f = log.flights[i];
        // The arrow whose line runs through the label (rather than one whose head only touches it)
        // is the one to move away from.
        const under = entry ? arrowsUnder(entry.box, i).filter((a) => a !== i && minds(i, a)) : [];
        // (Going on from a previous layout, only moves below what it drew: keepsOld.)
        const j = under.find((a) => { const g = geometry[a]; return !!g && !!entry && strokeTouches(g.line, entry.box); }) ?? under[0];
        const other = j === undefined ? undefined : log.flights[j];
        if (!f || !other || (crossingPushes.get(f.id) ?? 0) >= CROSSING_PUSHES) return;
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
        if ((uncovered.get(key) ?? 0) < UNCOVER_LIMIT[move.kind]) uncover.set(key, { ...move, ids: [...(uncover.get(key)?.ids ?? []), f.id] });
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
          const alone = fit(i, false);
          if (alone) {
            put(i, alone);
            mended = true;
            continue;
          }
          const yLo = mine.box.y - REPAIR_REACH;
          const yHi = mine.box.y + mine.box.h + REPAIR_REACH;
          let done = false;
          for (let m = 0; m < entries.length && !done; m++) {
            const other = entries[m];
            if (m === i || !other || !other.alive || pins?.labels.has(m) || other.box.y > yHi || other.box.y + other.box.h < yLo) continue;
            const before = arrowsUnder(other.box, m).length;
            other.alive = false;
            const first = fit(i, false);
            if (first) {
              const trial = { box: first.box, sentAt: mine.sentAt, alive: true, u: first.u };
              placedBoxes.add(trial, first.box.y, first.box.y + first.box.h);
              const second = fit(m, false) ?? (before > 0 ? fit(m, true) : null);
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
    }
    const placed: Placed[] = log.flights.map((f, i) => {
      const { e, x1, y1, endX, endY, lostK } = geometry[i]!;
      const entry = entries[i] ?? { box: { x: x1, y: y1, w: 0, h: 0, size: LADDER.labelSize, lines: [] }, u: 1 };
      return { flight: f, from: e.from, to: e.to, x1, y1, endX, endY, lostK, label: words[i] ?? '', labelBox: entry.box, labelU: entry.u };
    });
    if (conflict) {
      labelPasses++;
      const { at, sameInstant } = conflict;
      // No room for a new label without moving what was drawn: a layout anew.
      if (!keepsOld({ kind: sameInstant ? 'sub' : 'gap', at })) return null;
      if (sameInstant) {
        // Two segments of one instant: spread its sub-rows, and lengthen the arrows leaving it
        // (more room to slide one label along its arrow past the other).
        extraSub.set(at, (extraSub.get(at) ?? 0) + 6);
        const next = keys.find((k) => k > at);
        if (next !== undefined) extra.set(next, (extra.get(next) ?? 0) + 8);
      } else {
        extra.set(at, (extra.get(at) ?? 0) + 10);
      }
      continue;
    }
    if (uncover.size > 0) {
      uncoverPasses++;
      for (const [key, move] of uncover) {
        const step = UNCOVER_STEP[move.kind];
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
    const sendTimes = new Set(log.flights.map((f) => f.sentAt));
    const times = keys.map((at) => ({ at, y: yOf(at, 0), hasSend: sendTimes.has(at) }));
    const lastKey = keys[keys.length - 1];
    const bottom = Math.max(
      lastKey === undefined ? LADDER.topPad : yOf(lastKey, (rows.count.get(lastKey) ?? 1) - 1),
      ...placed.map((p) => p.labelBox.y + p.labelBox.h),
    );
    return { log, key, made: previous ? 'extended' : 'anew', axisX, lane, placed, states, times, contentHeight: bottom + LADDER.bottomPad, extra, extraSub, crossingPushes, uncovered };
  }
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
  const key = `${width}|${JSON.stringify([text.lost, text.retransmission, text.duplicate, text.oldDuplicate, text.spoofedFrom('x'), text.toForged('x'), text.otherClientFrom('x'), text.toOtherClient('x'), text.toAddress('x'), text.laneSpoofed, text.laneOldDuplicate, text.laneMixed, text.laneOtherClient, text.sent, text.awaitingAck, text.acked])}|${fnId(measure)}|${fnId(lineHeight)}`;
  // (The live graph draws one log at every frame's `now`.)
  if (previous?.key === key && previous.log === log) return previous;
  if (previous?.key === key) {
    const extended = arrange(log, width, text, measure, lineHeight, key, previous);
    if (extended) return extended;
  }
  let perLog = fullCache.get(log);
  if (!perLog) fullCache.set(log, (perLog = new Map()));
  let full = perLog.get(key);
  if (!full) {
    // (Never null with no previous layout to keep.)
    full = arrange(log, width, text, measure, lineHeight, key, null)!;
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
  return { axisX: full.axisX, lane, arrows, states, times, contentHeight: full.contentHeight, made: full.made, basis: full };
}

/** A round time in seconds, with the unit in the UI's language ('0.300 s', '0.300 秒'). */
export function formatSeconds(ms: number, seconds: (s: string) => string = (s) => `${s} s`): string {
  return seconds((ms / 1000).toFixed(3));
}
