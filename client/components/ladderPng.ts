/**
 * The flow graph drawn with the 2D canvas API from the same layout as the on-screen ladder, at full
 * length (the screen only shows a scrolled window of it), for "Save PNG".
 */
import type { HostRole, RoundLog } from '../model/view.ts';
import { primaryFlag } from '../model/segmentText.ts';
import { CSS, FLAG_COLORS, FONT_MONO, FONT_UI, hex } from '../theme.ts';
import { formatSeconds, LADDER, layoutLadder } from './ladderLayout.ts';
import { stateColor } from './stateColors.ts';

export interface LadderPngLabels {
  title: string;
  hostLabel: (role: HostRole) => string;
  address: Record<HostRole, string>;
  lostLabel: string;
  retransmissionLabel: string;
  duplicateLabel: string;
  /** A live round's own segments, whose arrival the player does not know yet (see ladderLayout). */
  sentLabel?: string;
  awaitingAckLabel?: string;
  ackedLabel?: string;
}

/** The exported graph's width in CSS px (drawn at twice that for sharpness). */
export const LADDER_PNG_WIDTH = 900;
const WIDTH = LADDER_PNG_WIDTH;
/** Where the graph's time axis starts below the top of the image. */
export const LADDER_PNG_TOP = LADDER.headerH + 4;

/** The exported graph's height in CSS px. */
export function ladderPngHeight(log: RoundLog, now: number): number {
  return LADDER.headerH + layoutLadder(log, now, WIDTH).contentHeight + 10;
}

export function paintLadderPng(log: RoundLog, now: number, labels: LadderPngLabels): string {
  const layout = layoutLadder(log, now, WIDTH);
  const height = ladderPngHeight(log, now);
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
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
  ctx.font = `12px ${FONT_MONO}`;
  for (const tm of layout.times) {
    ctx.textAlign = 'left';
    ctx.fillStyle = CSS.textDim;
    ctx.fillText(formatSeconds(tm.at), 10, tm.y + off);
  }
  // Labels go on after every arrow, each on a backing of the page colour, so no line runs through one.
  const texts: { s: string; color: string; y: number }[] = [];
  for (const a of layout.arrows) {
    const color = a.lost ? CSS.bad : hex(FLAG_COLORS[primaryFlag(a.flight.segment.flags, a.flight.segment.data.length > 0)]);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(a.lost || (a.pending && !a.acked) ? [6, 6] : []);
    ctx.beginPath();
    ctx.moveTo(a.x1, a.y1 + off);
    ctx.lineTo(a.x2, a.y2 + off);
    ctx.stroke();
    ctx.setLineDash([]);
    if (a.lost) {
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(a.x2 - 7, a.y2 + off - 7);
      ctx.lineTo(a.x2 + 7, a.y2 + off + 7);
      ctx.moveTo(a.x2 - 7, a.y2 + off + 7);
      ctx.lineTo(a.x2 + 7, a.y2 + off - 7);
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
    let s = a.label;
    if (a.flight.retransmission) s += ' · ' + labels.retransmissionLabel;
    if (a.flight.duplicateOf) s += ' · ' + labels.duplicateLabel;
    if (a.lost) s += ' · ' + labels.lostLabel;
    const pendingLabel = a.acked ? labels.ackedLabel : a.awaitingAck ? labels.awaitingAckLabel : labels.sentLabel;
    if (a.pending && pendingLabel) s += ' · ' + pendingLabel;
    texts.push({ s, color, y: a.labelY + off });
  }
  const mid = (layout.axisX.client + layout.axisX.server) / 2;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const { s, color, y } of texts) {
    const w = ctx.measureText(s).width;
    ctx.fillStyle = '#0b1020d9';
    ctx.fillRect(mid - w / 2 - 3, y - LADDER.labelH + 1, w + 6, LADDER.labelH);
    ctx.fillStyle = color;
    ctx.fillText(s, mid, y);
  }
  ctx.textBaseline = 'middle';
  ctx.font = `bold 12px ${FONT_MONO}`;
  for (const m of layout.states) {
    ctx.fillStyle = hex(stateColor(m.change.state));
    ctx.textAlign = m.align;
    ctx.fillText(m.change.state, m.x, m.y + off);
  }
  return canvas.toDataURL('image/png');
}
