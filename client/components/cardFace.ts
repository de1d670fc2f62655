/**
 * A segment card's face painted once onto a canvas: the card, its flag chips, seq / ack / len and
 * the retransmission / duplicate / reordered tag. On the wire each card is then a single textured
 * quad, so dozens of cards batch into a handful of draw calls instead of eight objects each.
 * Every string is fitted to its box here (shrunk, then cut with an ellipsis), as fitText does for
 * Phaser texts.
 */
import type { Flight } from '../model/view.ts';
import { primaryFlag, segmentBadges, segmentLength } from '../model/segmentText.ts';
import { COLORS, CSS, FLAG_COLORS, FONT_MONO, FONT_UI, hex, type FlagColorKey } from '../theme.ts';
import { CARD_SIZES, type CardSize } from './wireLayout.ts';

export const CARD_W = CARD_SIZES.full.w;
export const CARD_H = CARD_SIZES.full.h;
/** Pixels per stage pixel: crisp when the 1600×900 stage is shown on a 1080p projector (as makeText). */
export const FACE_RESOLUTION = 2;
/**
 * Room around the full card on the canvas: the tag straddling its top edge, the duplicate's offset
 * outline, the strokes. The compact face is painted in the same canvas, centred on the same point.
 */
const PAD = { left: 4, right: 10, top: 12, bottom: 4 } as const;
export const FACE_W = CARD_W + PAD.left + PAD.right;
export const FACE_H = CARD_H + PAD.top + PAD.bottom;
/** Where the card's centre sits on the face, as a fraction of the face (the Image's origin). */
export const FACE_ORIGIN = { x: (PAD.left + CARD_W / 2) / FACE_W, y: (PAD.top + CARD_H / 2) / FACE_H } as const;

const INK = '#0b1020';

export interface FaceLabels {
  /** The translated tag ('RETRANSMITTED', '重传', …) or null when the flight has none. */
  tag: string | null;
}

export type FaceTag = 'wire.duplicate' | 'wire.retransmission' | 'wire.reordered' | 'wire.sent' | 'wire.awaitingAck' | 'wire.acked';

/**
 * The tag a flight carries, most telling first: a wire copy, then a retransmission, then reordering.
 * Live, the player's own segment says what its TCP knows instead: acknowledged (once `acked`), or
 * still waiting for its ACK, or just sent (a segment with no sequence space is never acknowledged).
 */
export function faceTag(f: Flight, acked = false): FaceTag | null {
  if (f.known === 'sent' || f.known === 'acknowledged') {
    if (acked) return 'wire.acked';
    if (f.retransmission) return 'wire.retransmission';
    return segmentLength(f.segment) > 0 ? 'wire.awaitingAck' : 'wire.sent';
  }
  return f.duplicateOf ? 'wire.duplicate' : f.retransmission ? 'wire.retransmission' : f.reordered ? 'wire.reordered' : null;
}

const TAG_COLOR: Record<FaceTag, string> = {
  'wire.duplicate': CSS.warn,
  'wire.retransmission': '#56b4e9',
  'wire.reordered': '#cc79a7',
  'wire.sent': '#8e9bbb',
  'wire.awaitingAck': '#8e9bbb',
  'wire.acked': '#35c28f',
};

/** What the face shows, as a string: the same key means the same pixels (no repaint needed). */
export function faceKey(f: Flight, labels: FaceLabels, size: CardSize = 'full', room: number = CARD_SIZES[size].w): string {
  const s = f.segment;
  return [s.seq, s.ack, s.data.length, s.flags.SYN, s.flags.ACK, s.flags.FIN, s.flags.RST, f.duplicateOf !== null, labels.tag ?? '', size, size === 'compact' ? f.from : '', Math.floor(room)].join('|');
}

/**
 * Each face's layout in stage pixels from the card's top-left corner. The full face has a line per
 * field; the compact one (a crowded wire) keeps every field in less room: the segment's length is
 * in its DATA chip (no chip: no data), and an arrow says which way it travels, since a second row
 * of cards leaves its direction's line.
 */
const FACES = {
  full: { chipTop: 12, chipSize: 13, textX: 16, seqTop: 36, ackTop: 55, lineSize: 14, tagSize: 12, tagTop: -10, band: 8, radius: 10 },
  compact: { chipTop: 12, chipSize: 12, textX: 10, seqTop: 34, ackTop: 49, lineSize: 12, tagSize: 10, tagTop: -6, band: 6, radius: 8 },
} as const;

const font = (size: number, bold: boolean, family: string): string => `${bold ? 'bold ' : ''}${size}px ${family}`;

/** The largest size from `size` down to `minSize` at which `value` fits `maxWidth`; below that, cut with an ellipsis. */
export function fitLine(ctx: CanvasRenderingContext2D, value: string, size: number, minSize: number, bold: boolean, family: string, maxWidth: number): { text: string; size: number; cut: boolean } {
  for (let s = size; s >= minSize; s--) {
    ctx.font = font(s, bold, family);
    if (ctx.measureText(value).width <= maxWidth) return { text: value, size: s, cut: false };
  }
  ctx.font = font(minSize, bold, family);
  let cut = value;
  while (cut.length > 0 && ctx.measureText(cut + '…').width > maxWidth) cut = cut.slice(0, -1);
  return { text: cut + '…', size: minSize, cut: true };
}

/**
 * Where a painted face's text ends: `right`, in stage pixels from the card's left edge, is the
 * rightmost end of its tag, flag chips, seq and ack; `cut` says one of them had to be shortened
 * (an ellipsis, or the DATA chip's word left out).
 */
export interface FacePainted {
  right: number;
  cut: boolean;
}

interface Chip {
  key: FlagColorKey;
  text: string;
}

/**
 * The flag chips at the largest size, down to 8 px, that fits `room`, with roomy plates first and
 * tight ones after; if none fits, the DATA chip written as its length alone at 8 px.
 */
function fitChips(ctx: CanvasRenderingContext2D, seg: Flight['segment'], size: number, room: number): { chips: Chip[]; size: number; padX: number; gap: number; cut: boolean } {
  const named = segmentBadges(seg).map((b): Chip => ({ key: b, text: b === 'DATA' ? `DATA ${seg.data.length}` : b }));
  const widthOf = (chips: Chip[], px: number, padX: number, gap: number): number => {
    ctx.font = font(px, true, FONT_MONO);
    return chips.reduce((sum, b) => sum + ctx.measureText(b.text).width + 2 * padX, 0) + gap * Math.max(0, chips.length - 1);
  };
  for (const [padX, gap] of [[5, 4], [3, 2]] as const) {
    for (let px = size; px >= 8; px--) if (widthOf(named, px, padX, gap) <= room) return { chips: named, size: px, padX, gap, cut: false };
  }
  return { chips: named.map((b) => (b.key === 'DATA' ? { ...b, text: String(seg.data.length) } : b)), size: 8, padX: 3, gap: 2, cut: true };
}

/** A label on a coloured plate (a flag chip, the tag); returns its width. */
function plate(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, size: number, bg: string, padX: number): number {
  ctx.font = font(size, true, FONT_MONO);
  const w = ctx.measureText(text).width + padX * 2;
  const h = size + 7;
  ctx.fillStyle = bg;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 4);
  ctx.fill();
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + padX, y + h / 2 + 0.5);
  return w;
}

/**
 * Paint the face of `f` into `ctx` (a FACE_W × FACE_H canvas at FACE_RESOLUTION), clearing it
 * first, at `size` (the compact face is centred where the full card's centre is), with its tag,
 * flags, seq and ack inside the `room` px from its left edge that its row leaves uncovered
 * (wireLayout.ts). Coordinates below are stage pixels with the card's top-left corner at (0, 0).
 */
export function paintCardFace(ctx: CanvasRenderingContext2D, f: Flight, labels: FaceLabels, acked = false, size: CardSize = 'full', room: number = CARD_SIZES[size].w): FacePainted {
  const seg = f.segment;
  const main = hex(FLAG_COLORS[primaryFlag(seg.flags, seg.data.length > 0)]);
  const { w, h } = CARD_SIZES[size];
  const face = FACES[size];
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(FACE_RESOLUTION, 0, 0, FACE_RESOLUTION, (PAD.left + (CARD_W - w) / 2) * FACE_RESOLUTION, (PAD.top + (CARD_H - h) / 2) * FACE_RESOLUTION);

  if (f.duplicateOf) {
    // A copy made by the wire: a second, offset outline, like a card stacked on another.
    ctx.globalAlpha = 0.6;
    ctx.strokeStyle = main;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.roundRect(5, -5, w, h, face.radius);
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = hex(COLORS.panelRaised);
  ctx.beginPath();
  ctx.roundRect(0, 0, w, h, face.radius);
  ctx.fill();
  // The flag colour twice over: a band down the left edge and the outline.
  ctx.fillStyle = main;
  ctx.beginPath();
  ctx.roundRect(0, 0, face.band, h, [face.radius, 0, 0, face.radius]);
  ctx.fill();
  ctx.strokeStyle = main;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.roundRect(0, 0, w, h, face.radius);
  ctx.stroke();

  // What a learner reads (the flags, seq and ack, the tag) is fitted between the left band and
  // `right`: the card's own margin, or where the next card in a crowded row covers it (`room`).
  const arrow = size === 'compact' ? 14 : 0;
  const right = Math.min(w - 8, room - 2);

  // Flag chips along the top: smaller letters, then tighter plates, when they would not fit; as a
  // last resort the DATA chip shows its length alone (its colour and the legend say DATA).
  const chips = fitChips(ctx, seg, face.chipSize, right - face.textX);
  let x = face.textX;
  for (const b of chips.chips) x += plate(ctx, x, face.chipTop, b.text, chips.size, hex(FLAG_COLORS[b.key]), chips.padX) + chips.gap;
  const painted: FacePainted = { right: x - chips.gap, cut: chips.cut };
  const wrote = (line: { text: string; cut: boolean }): void => {
    painted.right = Math.max(painted.right, face.textX + ctx.measureText(line.text).width);
    painted.cut ||= line.cut;
  };

  // seq, then ack (and len on the full face), in monospace.
  const lineRoom = Math.min(w - 10 - arrow, right) - face.textX;
  ctx.textBaseline = 'top';
  const seqLine = fitLine(ctx, `seq ${seg.seq}`, face.lineSize, 9, false, FONT_MONO, lineRoom);
  ctx.font = font(seqLine.size, false, FONT_MONO);
  ctx.fillStyle = CSS.text;
  ctx.fillText(seqLine.text, face.textX, face.seqTop);
  wrote(seqLine);
  const ack = seg.flags.ACK ? `ack ${seg.ack}` : 'ack —';
  const ackLine = fitLine(ctx, size === 'compact' ? ack : `${ack} · len ${seg.data.length}`, face.lineSize, 9, false, FONT_MONO, lineRoom);
  ctx.font = font(ackLine.size, false, FONT_MONO);
  ctx.fillStyle = CSS.textDim;
  ctx.fillText(ackLine.text, face.textX, face.ackTop);
  wrote(ackLine);
  if (arrow && room >= w) {
    // Which way the segment travels: right to the server, left to the client. Its row says so too:
    // a card a crowded row covers leaves it out (it would show through a fading card on top).
    const cx = w - 6 - arrow / 2;
    const cy = (face.seqTop + face.ackTop + face.lineSize) / 2;
    const dir = f.from === 'client' ? 1 : -1;
    ctx.fillStyle = main;
    ctx.beginPath();
    ctx.moveTo(cx + dir * 5, cy);
    ctx.lineTo(cx - dir * 5, cy - 7);
    ctx.lineTo(cx - dir * 5, cy + 7);
    ctx.closePath();
    ctx.fill();
  }

  // The tag straddles the card's top edge at the right of what shows, clear of the flag chips below it.
  const tag = faceTag(f, acked);
  if (tag && labels.tag) {
    const tagRight = Math.min(w - 10, right);
    const label = fitLine(ctx, labels.tag, face.tagSize, 8, true, FONT_UI, tagRight - face.band - 4 - 12);
    ctx.font = font(label.size, true, FONT_UI);
    const tw = ctx.measureText(label.text).width + 12;
    const th = label.size + 7;
    const left = tagRight - tw;
    ctx.fillStyle = TAG_COLOR[tag];
    ctx.beginPath();
    ctx.roundRect(left, face.tagTop, tw, th, 4);
    ctx.fill();
    ctx.strokeStyle = hex(COLORS.panel);
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.fillStyle = INK;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.fillText(label.text, left + tw / 2, face.tagTop + th / 2 + 0.5);
    ctx.textAlign = 'left';
    painted.right = Math.max(painted.right, tagRight);
    painted.cut ||= label.cut;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return painted;
}

/** The "✕ LOST" stamp on a shattering card: one small canvas per label, shared by every card. */
export const STAMP_SIZE = 22;
export function paintStamp(ctx: CanvasRenderingContext2D, label: string): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(FACE_RESOLUTION, 0, 0, FACE_RESOLUTION, 0, 0);
  const fitted = fitLine(ctx, label, STAMP_SIZE, 12, true, FONT_UI, CARD_W);
  ctx.font = font(fitted.size, true, FONT_UI);
  ctx.fillStyle = CSS.bad;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(fitted.text, CARD_W / 2, STAMP_SIZE);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/**
 * The stamp on a card its receiver's host dropped: the flow graph's mark (a slashed ring) and the
 * word, in the warning colour, each with a dark edge so they read over the dimmed card's own text.
 */
export function paintDropStamp(ctx: CanvasRenderingContext2D, label: string): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(FACE_RESOLUTION, 0, 0, FACE_RESOLUTION, 0, 0);
  const ring = (size: number): number => Math.round(size * 0.34);
  const gap = 6;
  const fitted = fitLine(ctx, label, STAMP_SIZE, 12, true, FONT_UI, CARD_W - 2 * ring(12) - gap);
  const r = ring(fitted.size);
  ctx.font = font(fitted.size, true, FONT_UI);
  const left = (CARD_W - (2 * r + gap + ctx.measureText(fitted.text).width)) / 2;
  const cx = left + r;
  const d = r * Math.SQRT1_2;
  const mark = (): void => {
    ctx.beginPath();
    ctx.arc(cx, STAMP_SIZE, r, 0, Math.PI * 2);
    ctx.moveTo(cx - d, STAMP_SIZE + d);
    ctx.lineTo(cx + d, STAMP_SIZE - d);
    ctx.stroke();
  };
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.strokeStyle = hex(COLORS.bg);
  ctx.lineWidth = 6;
  mark();
  ctx.lineWidth = 4;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.strokeText(fitted.text, left + 2 * r + gap, STAMP_SIZE);
  ctx.strokeStyle = CSS.warn;
  ctx.lineWidth = 2.5;
  mark();
  ctx.fillStyle = CSS.warn;
  ctx.fillText(fitted.text, left + 2 * r + gap, STAMP_SIZE);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
