/**
 * The flow graph drawn with the 2D canvas API from the same layout as the on-screen ladder, at full
 * length (the screen only shows a scrolled window of it), for "Save PNG". Labels are measured with
 * the canvas that draws them, so the boxes the layout kept apart are the boxes in the picture;
 * `boxes` says where each one went (page coordinates of the PNG, before its 2× scale).
 */
import type { HostRole, RoundLog } from '../model/view.ts';
import { primaryFlag } from '../model/segmentText.ts';
import { CSS, FLAG_COLORS, FONT_MONO, FONT_UI, hex } from '../theme.ts';
import { dropRing, formatSeconds, LADDER, ladderTimeAxis, layoutLadder, type LabelBox, type LadderOptions } from './ladderLayout.ts';
import { labelFont, ladderText, monoLineHeight, monoMeasure, secondsText } from './ladderText.ts';
import { stateColor } from './stateColors.ts';

export interface LadderPngLabels {
  title: string;
  hostLabel: (role: HostRole) => string;
  address: Record<HostRole, string>;
}

export interface LadderPng {
  dataUrl: string;
  /** Every label drawn: its words and its plate, in the PNG's own pixels (÷2). */
  boxes: { text: string; x: number; y: number; w: number; h: number }[];
  /** Every arrow's line as drawn, with its label's words (the same pixels). */
  arrows: { label: string; x1: number; y1: number; x2: number; y2: number }[];
}

/** The exported graph's width in CSS px (drawn at twice that for sharpness). */
export const LADDER_PNG_WIDTH = 900;
const WIDTH = LADDER_PNG_WIDTH;
/** Where the graph's time axis starts below the top of the image. */
export const LADDER_PNG_TOP = LADDER.headerH + 4;
/** The labels' plate: opaque, so the label's own arrow (which it sits on) passes behind its words. */
const PLATE = 'rgb(18, 26, 46)';

/** The layout the PNG draws: the page's own words and font metrics, at the PNG's width. */
const pngOptions = (): LadderOptions => ({ text: ladderText(), measure: monoMeasure, lineHeight: monoLineHeight });

/** The exported graph's height in CSS px. */
export function ladderPngHeight(log: RoundLog, now: number): number {
  return LADDER.headerH + layoutLadder(log, now, WIDTH, pngOptions()).contentHeight + 10;
}

/** Where a round time sits on the exported graph, below LADDER_PNG_TOP. */
export function ladderPngTimeAxis(log: RoundLog): (t: number) => number {
  return ladderTimeAxis(log, WIDTH, pngOptions());
}

export function paintLadderPng(log: RoundLog, now: number, labels: LadderPngLabels): LadderPng {
  const layout = layoutLadder(log, now, WIDTH, pngOptions());
  const height = ladderPngHeight(log, now);
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d');
  const boxes: LadderPng['boxes'] = [];
  const arrows: LadderPng['arrows'] = [];
  if (!ctx) return { dataUrl: '', boxes, arrows };
  ctx.scale(scale, scale);
  ctx.fillStyle = '#0b1020';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = CSS.text;
  ctx.font = `bold 16px ${FONT_UI}`;
  ctx.textBaseline = 'top';
  ctx.fillText(labels.title, 16, 10);
  ctx.font = `bold 13px ${FONT_UI}`;
  ctx.textAlign = 'center';
  for (const role of ['client', 'server'] as const) {
    ctx.fillText(`${labels.hostLabel(role)}  ${labels.address[role]}`, layout.axisX[role], 34);
  }
  const off = LADDER_PNG_TOP;
  ctx.strokeStyle = '#2a3658';
  ctx.lineWidth = 3;
  for (const role of ['client', 'server'] as const) {
    ctx.beginPath();
    ctx.moveTo(layout.axisX[role], off);
    ctx.lineTo(layout.axisX[role], height - 6);
    ctx.stroke();
  }
  ctx.textBaseline = 'middle';
  ctx.font = labelFont(12);
  for (const tm of layout.times) {
    ctx.textAlign = 'left';
    ctx.fillStyle = CSS.textDim;
    ctx.fillText(formatSeconds(tm.shownAt, secondsText), 10, tm.y + off);
  }

  const plate = (box: LabelBox, color: string): void => {
    const y = box.y + off;
    ctx.fillStyle = PLATE;
    ctx.fillRect(box.x, y, box.w, box.h);
    ctx.fillStyle = color;
    ctx.font = labelFont(box.size);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    const lh = monoLineHeight(box.size);
    box.lines.forEach((line, i) => ctx.fillText(line, box.x + LADDER.labelPadX, y + LADDER.labelPadY + i * lh));
    boxes.push({ text: box.lines.join('\n'), x: box.x, y, w: box.w, h: box.h });
  };

  if (layout.lane) {
    const lane = layout.lane;
    ctx.strokeStyle = CSS.textDim;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    ctx.moveTo(lane.x, lane.y1 - 8 + off);
    ctx.lineTo(lane.x, lane.y2 + 8 + off);
    ctx.stroke();
    ctx.setLineDash([]);
    plate(lane.titleBox, CSS.textDim);
  }
  const labelsLast: (() => void)[] = [];
  for (const a of layout.arrows) {
    const dropped = a.arrived && a.flight.dropped !== undefined;
    const color = a.lost ? CSS.bad : hex(FLAG_COLORS[primaryFlag(a.flight.segment.flags, a.flight.segment.data.length > 0)]);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(a.lost || (a.pending && !a.acked) ? [6, 6] : a.flight.injected ? [7, 4] : []);
    ctx.beginPath();
    ctx.moveTo(a.x1, a.y1 + off);
    ctx.lineTo(a.x2, a.y2 + off);
    ctx.stroke();
    ctx.setLineDash([]);
    arrows.push({ label: a.labelBox.lines.join('\n'), x1: a.x1, y1: a.y1 + off, x2: a.x2, y2: a.y2 + off });
    if (a.lost) {
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(a.x2 - 7, a.y2 + off - 7);
      ctx.lineTo(a.x2 + 7, a.y2 + off + 7);
      ctx.moveTo(a.x2 - 7, a.y2 + off + 7);
      ctx.lineTo(a.x2 + 7, a.y2 + off - 7);
      ctx.stroke();
    } else if (dropped) {
      // Dropped by the receiver's host: a slashed ring against its axis, as on screen.
      const ring = dropRing(a.x1, a.y1 + off, a.x2, a.y2 + off);
      const d = ring.r * Math.SQRT1_2;
      ctx.fillStyle = PLATE;
      ctx.strokeStyle = CSS.warn;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(ring.x, ring.y, ring.r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(ring.x - d, ring.y + d);
      ctx.lineTo(ring.x + d, ring.y - d);
      ctx.stroke();
    } else if (a.pending) {
      ctx.beginPath();
      ctx.arc(a.x2, a.y2 + off, 4, 0, Math.PI * 2);
      ctx.stroke();
    } else {
      const angle = Math.atan2(a.y2 - a.y1, a.x2 - a.x1);
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.moveTo(a.x2, a.y2 + off);
      ctx.lineTo(a.x2 - 10 * Math.cos(angle - 0.4), a.y2 + off - 10 * Math.sin(angle - 0.4));
      ctx.lineTo(a.x2 - 10 * Math.cos(angle + 0.4), a.y2 + off - 10 * Math.sin(angle + 0.4));
      ctx.fill();
    }
    // Labels go over every arrow, as on screen: the layout keeps other arrows off them, and their own passes behind the plate.
    if (a.labelShown) labelsLast.push(() => plate(a.labelBox, dropped ? CSS.warn : color));
  }
  labelsLast.forEach((draw) => draw());
  ctx.font = `bold 12px ${FONT_MONO}`;
  ctx.textBaseline = 'middle';
  for (const m of layout.states) {
    ctx.fillStyle = hex(stateColor(m.change.state));
    ctx.textAlign = m.align;
    ctx.fillText(m.change.state, m.x, m.y + off);
  }
  return { dataUrl: canvas.toDataURL('image/png'), boxes, arrows };
}
