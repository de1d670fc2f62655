/**
 * What the flow-graph tests check a layout for, shared by the tests of a layout made anew and of
 * one that goes on from the previous update's: the Chinese words its labels carry, the label boxes
 * on it, which of them overlap, which arrows run through them, and whether its texts are as big as
 * a tablet's text floor asks and fit their columns.
 */
import { defaultLineHeight, estimateMonoWidth, formatSeconds, type LabelBox, type LadderArrow, type LadderLayout, type LadderText, type MeasureText } from '../../client/components/ladderLayout.ts';
import { en } from '../../client/i18n/en.ts';
import { lineEntersBox } from './lineBox.ts';

/**
 * The game's label font as the browser measures it (Noto Sans Mono CJK SC: a Latin glyph half an
 * em, a CJK one and the middle dot "·" between a label's words a whole em, as Chromium measured
 * them), beside the unit tests' estimate (0.6 em): a layout is checked with both.
 */
const WIDE_IN_LABEL_FONT = /[\u00b7\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
export const halfWidthMeasure: MeasureText = (text, size) => {
  let w = 0;
  for (const ch of text) w += WIDE_IN_LABEL_FONT.test(ch) ? size : 0.5 * size;
  return Math.ceil(w);
};

/**
 * The canvas's text floor (stage px) on a 1024×768 tablet (the 1600×900 stage at ×0.64) and in a
 * 960×540 laptop window (×0.6): ceil(9 CSS px / scale), client/components/text.ts canvasTextFloor.
 */
export const TABLET_TEXT_FLOOR = 15;

/**
 * The same font to the fraction Chromium measures it at the tablet's and small windows' sizes (a
 * Latin glyph 7.50005 px at 15 px, 8.000015 at 16, 8.49998 at 17; a CJK one and "·" twice that),
 * the sum rounded up as the ladder's monoMeasure does: a px more than halfWidthMeasure on many
 * labels, which moves rows enough to matter.
 */
const CHROMIUM_HALF_EM: Record<number, number> = { 15: 7.5000457763671875, 16: 8.000015258789062, 17: 8.499984741210938 };
const CHROMIUM_EM: Record<number, number> = { 15: 15.000106811523438, 16: 16.000030517578125, 17: 16.999954223632812 };
export const chromiumMeasure: MeasureText = (text, size) => {
  let w = 0;
  for (const ch of text) w += WIDE_IN_LABEL_FONT.test(ch) ? (CHROMIUM_EM[size] ?? size) : (CHROMIUM_HALF_EM[size] ?? 0.5 * size);
  return Math.ceil(w);
};

/**
 * A line of the game's label font as Chromium measures it (the ladder's monoLineHeight: the ascent
 * and descent of '|MÉqgy'): 19 px at 15 px, 21 at 16, 23 at 17, a px or two over 1.25 em.
 */
export const chromiumLineHeight = (size: number): number => ({ 15: 19, 16: 21, 17: 23 })[size] ?? defaultLineHeight(size);

/** The floor in windows 940 and 900 px wide (×0.59, ×0.56: 16) and 880 px (×0.55, the last before a phone's: 17). */
export const NARROW_TEXT_FLOORS = [16, 17] as const;

/** The game's English (client/i18n/en.ts), whose tags are longer than the layout's defaults ("old duplicate of an earlier connection"). */
export const GAME_ENGLISH_LADDER_TEXT: LadderText = {
  lost: en['ladder.lost'],
  droppedBy: { client: en['ladder.dropped.client'], server: en['ladder.dropped.server'] },
  droppedAcceptQueue: en['ladder.dropped.acceptQueue'],
  retransmission: en['wire.retransmission'],
  duplicate: en['wire.duplicate'],
  oldDuplicate: en['ladder.oldDuplicate'],
  spoofedFrom: (a) => en['ladder.spoofedFrom'].replace('{{address}}', a),
  toForged: (a) => en['ladder.toForged'].replace('{{address}}', a),
  otherClientFrom: (a) => en['ladder.otherClientFrom'].replace('{{address}}', a),
  toOtherClient: (a) => en['ladder.toOtherClient'].replace('{{address}}', a),
  toAddress: (a) => en['ladder.toAddress'].replace('{{address}}', a),
  laneSpoofed: en['ladder.lane.spoofed'],
  laneOldDuplicate: en['ladder.lane.oldDuplicate'],
  laneMixed: en['ladder.lane.mixed'],
  laneOtherClient: en['ladder.lane.otherClient'],
  sent: en['ladder.sent'],
  awaitingAck: en['ladder.awaitingAck'],
  acked: en['ladder.acked'],
};

export const CHINESE_LADDER_TEXT: LadderText = {
  lost: '在线路上丢失',
  droppedBy: { client: '被客户端丢弃', server: '被服务器丢弃' },
  droppedAcceptQueue: '被丢弃：全连接队列已满',
  retransmission: '重传',
  duplicate: '重复',
  oldDuplicate: '早先连接遗留的旧重复报文',
  spoofedFrom: (a) => `伪造源地址 ${a}`,
  toForged: (a) => `发往伪造的 ${a}`,
  otherClientFrom: (a) => `另一个客户端 ${a}`,
  toOtherClient: (a) => `发往另一个客户端 ${a}`,
  toAddress: (a) => `发往 ${a}`,
  laneSpoofed: '伪造的源地址',
  laneOldDuplicate: '旧的重复报文',
  laneMixed: '旧重复报文与伪造报文',
  laneOtherClient: '另一个客户端',
  sent: '已发送',
  awaitingAck: '已发送，尚未确认',
  acked: '已被确认',
};

/** The labels shown (their arrow's head has passed them) and the lane's title. */
export function labelBoxes(layout: LadderLayout): LabelBox[] {
  const boxes = layout.arrows.filter((a) => a.labelShown).map((a) => a.labelBox);
  if (layout.lane) boxes.push(layout.lane.titleBox);
  return boxes;
}

/** Each pair of boxes that overlap (touching does not count), by their words. */
export function overlapping(boxes: LabelBox[]): [string, string][] {
  const out: [string, string][] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.lines.join(' '), b.lines.join(' ')]);
    }),
  );
  return out;
}

/** Every arrow drawn through the lane's title ("SYN … through spoofed sources"). */
export function arrowsThroughLaneTitle(layout: LadderLayout): string[] {
  const lane = layout.lane;
  return lane ? layout.arrows.filter((a) => lineEntersBox(a, lane.titleBox)).map((a) => `${a.label} through ${lane.title}`) : [];
}

/**
 * Every arrow drawn (as far as it is now) through another arrow's shown label ("FIN, ACK … through ACK …"),
 * but those `allowed` lets through.
 */
export function arrowsThroughLabels(layout: LadderLayout, allowed: (labelled: LadderArrow, a: LadderArrow) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const labelled of layout.arrows.filter((a) => a.labelShown)) {
    for (const a of layout.arrows) {
      if (a !== labelled && lineEntersBox(a, labelled.labelBox) && !allowed(labelled, a)) out.push(`${a.label} through ${labelled.label}`);
    }
  }
  return out;
}

/** How far a lost segment's cross reaches from its centre, px (ladderLabelField's CROSS_ARM). */
const CROSS_ARM = 9;

/**
 * Whether arrow a's line runs under `labelled`'s label beside the lane because no place there can
 * be clear of it: a segment the client sent that died between the client's axis and the lane, or
 * on the lane's line (its cross's arms over it), so across the whole room beside the lane from its
 * send to its cross, still flying at the instant the labelled segment left the lane or arrived on
 * it; rows keep time's order, so the label, level with that end, is between the two however the
 * rows part.
 */
export function diesBesideLaneUnder(layout: LadderLayout, labelled: LadderArrow, a: LadderArrow): boolean {
  const lane = layout.lane;
  const f = labelled.flight;
  const at = labelled.from === 'lane' ? f.sentAt : f.arrivesAt;
  if (!lane || at === null || (labelled.from !== 'lane' && labelled.to !== 'lane') || labelled.labelBox.x + labelled.labelBox.w > lane.x) return false;
  const lostAt = a.flight.lostAt;
  return lostAt !== null && a.from === 'client' && a.to === 'server' && a.endX < lane.x + CROSS_ARM && a.flight.sentAt < at && at < lostAt;
}

/**
 * What of a layout's text is smaller than `floor` or does not fit its place, measured as the layout
 * was (by default the unit tests' estimate: a monospace Latin glyph 0.6 em, a CJK one 1 em): a label under the floor, outside
 * the two axes or wider than its plate; at a text floor, the state and time columns' words wider
 * than their column (the ladder writes a state in stateColW - 14, a time in timeColW - 12).
 */
export function textUnderFloorOrCut(layout: LadderLayout, floor: number, seconds: (s: string) => string = (s) => `${s} s`, measure: MeasureText = estimateMonoWidth): string[] {
  const out: string[] = [];
  const m = layout.metrics;
  for (const b of labelBoxes(layout)) {
    const words = b.lines.join(' / ');
    if (b.size < floor) out.push(`${b.size} px: ${words}`);
    if (b.x < layout.axisX.client || b.x + b.w > layout.axisX.server) out.push(`outside the axes: ${words}`);
    for (const line of b.lines) if (measure(line, b.size) > b.w) out.push(`wider than its plate: ${line}`);
  }
  if (m.columnSize < floor) out.push(`columns at ${m.columnSize} px`);
  // (With no text floor a column's words shrink to fit it, as they always did.)
  if (m.textFloor === 0) return out;
  for (const mark of layout.states) {
    if (measure(mark.change.state, m.columnSize) > m.stateColW - 14) out.push(`state cut: ${mark.change.state}`);
  }
  for (const tm of layout.times) {
    const written = formatSeconds(tm.shownAt, seconds);
    if (measure(written, m.columnSize) > m.timeColW - 12) out.push(`time cut: ${written}`);
  }
  return out;
}
