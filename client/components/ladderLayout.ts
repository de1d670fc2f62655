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
 * - Labels are measured and placed along their arrow where they overlap no other label; where no
 *   place is free, the rows are pushed apart until one is. The layout depends only on the log, so
 *   it is computed once per log and rows never jump while the round plays.
 * - Live, a player's own segment is drawn as far as its TCP knows it: leaving, part-way across,
 *   tagged sent / no ACK yet / acknowledged; where it went is revealed when the round ends.
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
  times: { at: number; y: number }[];
  contentHeight: number;
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

interface FullLayout {
  axisX: Record<HostRole, number>;
  lane: LadderLane | null;
  placed: Placed[];
  states: LadderStateMark[];
  times: { at: number; y: number; hasSend: boolean }[];
  contentHeight: number;
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
function replyTo(log: RoundLog, dst: string, text: LadderText): string {
  if (otherClients(log).has(dst)) return text.toOtherClient(dst);
  return spoofedSources(log).has(dst) ? text.toForged(dst) : text.toAddress(dst);
}

/** The label's words: the segment, then what happened to it, each tag translated. */
export function arrowLabel(log: RoundLog, f: Flight, text: LadderText): { summary: string; tags: string[] } {
  const tags: string[] = [];
  if (f.injected === 'old-duplicate') tags.push(text.oldDuplicate);
  if (f.injected === 'spoofed') tags.push(text.spoofedFrom(f.segment.src));
  if (f.injected === 'other-client') tags.push(text.otherClientFrom(f.segment.src));
  if (arrowEnds(log, f).to === 'lane') tags.push(replyTo(log, f.segment.dst, text));
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
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const n = rows.count.get(t) ?? 1;
    g.arrivals.forEach((f, i) => rows.arrive.set(f.id, i));
    g.states.forEach((s, i) => rows.state.set(s, i));
    g.sends.forEach((f, i) => rows.send.set(f.id, n - g.sends.length + i));
  }
  return rows;
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

/**
 * The label's lines and size: one line if it fits the room, else the tags on a second line, else
 * each tag on a line of its own; the size steps down only as far as LADDER.labelMinSize (a taller
 * label is made room for by moving rows, see fullLayout).
 */
function fitLabel(summary: string, tags: string[], room: number, measure: MeasureText): { lines: string[]; size: number; w: number } {
  const shapes = [[[summary, ...tags].join(' · ')], ...(tags.length ? [[summary, tags.join(' · ')]] : []), ...(tags.length > 1 ? [[summary, ...tags]] : [])];
  const widest = (lines: string[], size: number): number => Math.max(...lines.map((l) => measure(l, size)));
  for (const lines of shapes) {
    for (let size: number = LADDER.labelSize; size >= LADDER.labelMinSize; size--) {
      const w = widest(lines, size);
      if (w <= room) return { lines, size, w };
    }
  }
  const lines = shapes[shapes.length - 1] ?? [summary];
  const size = LADDER.labelMinSize;
  return { lines, size, w: widest(lines, size) };
}

export const defaultLineHeight = (size: number): number => Math.ceil(size * 1.25);

/** How far (px) a part-drawn arrow of a segment whose arrival is unknown drops by its end. */
const PENDING_SLOPE = 14;

/** Fractions along the arrow tried for the label's centre, middle first. */
const LABEL_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85];

const fullCache = new WeakMap<RoundLog, Map<string, FullLayout>>();
const fnIds = new WeakMap<object, number>();
let nextFnId = 1;
function fnId(fn: object): number {
  let id = fnIds.get(fn);
  if (id === undefined) fnIds.set(fn, (id = nextFnId++));
  return id;
}

function fullLayout(log: RoundLog, width: number, text: LadderText, measure: MeasureText, lineHeight: (size: number) => number): FullLayout {
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
  const labels = log.flights.map((f) => arrowLabel(log, f, text));
  const others = otherClients(log);
  const forged = laneUsers.some((f) => f.injected === 'spoofed' || (ends.get(f.id)?.to === 'lane' && !others.has(f.segment.dst)));
  const old = laneUsers.some((f) => f.injected === 'old-duplicate');
  const onlyOthers = laneUsers.length > 0 && !forged && !old;
  const laneTitle = onlyOthers && others.size > 0 ? text.laneOtherClient : forged && old ? text.laneMixed : forged ? text.laneSpoofed : text.laneOldDuplicate;

  const extra = new Map<number, number>();
  const extraSub = new Map<number, number>();
  for (let attempt = 0; ; attempt++) {
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
    const placed: Placed[] = [];
    let conflict: { at: number; sameInstant: boolean } | null = null;
    log.flights.forEach((f, i) => {
      if (conflict) return;
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
      const { summary, tags } = labels[i] ?? { summary: '', tags: [] };
      // Labels stay between the two hosts' axes, clear of the state names outside them.
      const lo = axisX.client + 6;
      const hi = axisX.server - 6;
      const fit = fitLabel(summary, tags, hi - lo - 2 * LADDER.labelPadX, measure);
      const w = fit.w + 2 * LADDER.labelPadX;
      const h = labelHeight(fit.lines.length, fit.size);
      let chosen: { box: LabelBox; u: number } | null = null;
      // On the line first, then just above or below it (still touching its arrow).
      const shifts = [0, -(h / 2 + 2), h / 2 + 2];
      search: for (const u of LABEL_SPOTS) {
        for (const dy of shifts) {
          const cx = x1 + (endX - x1) * u;
          const cy = y1 + (endY - y1) * u + dy;
          const x = Math.min(Math.max(cx - w / 2, lo), hi - w);
          const box: LabelBox = { x, y: cy - h / 2, w, h, size: fit.size, lines: fit.lines };
          if (!boxes.some((b) => overlaps(b.box, box))) {
            chosen = { box, u };
            break search;
          }
        }
      }
      if (!chosen) {
        const u = 0.5;
        const box: LabelBox = { x: Math.min(Math.max(x1 + (endX - x1) * u - w / 2, lo), hi - w), y: y1 + (endY - y1) * u - h / 2, w, h, size: fit.size, lines: fit.lines };
        const clash = boxes.find((b) => overlaps(b.box, box));
        if (attempt < 200 && clash) {
          // Rows are pushed apart below the later of the two sends: pushing this arrow's own row
          // would move a label of a later send that its arrow spans (a SYN still flying while the
          // SYN-ACKs of a flood go out) down with it, and never part them.
          conflict = { at: Math.max(f.sentAt, clash.sentAt), sameInstant: clash.sentAt === f.sentAt };
          return;
        }
        chosen = { box, u };
      }
      boxes.push({ box: chosen.box, sentAt: f.sentAt });
      placed.push({ flight: f, from: e.from, to: e.to, x1, y1, endX, endY, lostK, label: [summary, ...tags].join(' · '), labelBox: chosen.box, labelU: chosen.u });
    });
    if (conflict) {
      const { at, sameInstant } = conflict;
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
    return { axisX, lane, placed, states, times, contentHeight: bottom + LADDER.bottomPad };
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

function fullOf(log: RoundLog, width: number, options: LadderOptions): FullLayout {
  const text = options.text ?? ENGLISH_LADDER_TEXT;
  const measure = options.measure ?? estimateMonoWidth;
  const lineHeight = options.lineHeight ?? defaultLineHeight;
  let perLog = fullCache.get(log);
  if (!perLog) fullCache.set(log, (perLog = new Map()));
  const cacheKey = `${width}|${JSON.stringify([text.lost, text.retransmission, text.duplicate, text.oldDuplicate, text.spoofedFrom('x'), text.toForged('x'), text.otherClientFrom('x'), text.toOtherClient('x'), text.toAddress('x'), text.laneSpoofed, text.laneOldDuplicate, text.laneMixed, text.laneOtherClient, text.sent, text.awaitingAck, text.acked])}|${fnId(measure)}|${fnId(lineHeight)}`;
  let full = perLog.get(cacheKey);
  if (!full) {
    full = fullLayout(log, width, text, measure, lineHeight);
    perLog.set(cacheKey, full);
  }
  return full;
}

/** Lay out everything that has happened by `now` for a ladder `width` pixels wide. */
export function layoutLadder(log: RoundLog, now: number, width: number, options: LadderOptions = {}): LadderLayout {
  const full = fullOf(log, width, options);

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
  const times = full.times.filter((tm) => tm.hasSend && tm.at <= now).map(({ at, y }) => ({ at, y }));
  const lane = full.lane && arrows.some((a) => a.from === 'lane' || a.to === 'lane') ? full.lane : null;
  return { axisX: full.axisX, lane, arrows, states, times, contentHeight: full.contentHeight };
}

/** A round time in seconds, with the unit in the UI's language ('0.300 s', '0.300 秒'). */
export function formatSeconds(ms: number, seconds: (s: string) => string = (s) => `${s} s`): string {
  return seconds((ms / 1000).toFixed(3));
}
