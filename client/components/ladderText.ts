/**
 * The flow graph's words and how wide they are: the translated tags of a label ("lost on the wire",
 * "spoofed, from …"), and the label font's real metrics from a 2D canvas, the same measure Phaser's
 * Text objects and the PNG export draw with, so the layout's boxes are the boxes on screen.
 */
import { t } from '../i18n/index.ts';
import { FONT_MONO } from '../theme.ts';
import { defaultLineHeight, estimateMonoWidth, type LadderText } from './ladderLayout.ts';

/** '0.300 s' in English, '0.300 秒' in Chinese: the flow graph's time column and a segment's times. */
export const secondsText = (s: string): string => t('ladder.seconds', { s });

export function ladderText(): LadderText {
  return {
    lost: t('ladder.lost'),
    droppedBy: { client: t('ladder.dropped.client'), server: t('ladder.dropped.server') },
    droppedAcceptQueue: t('ladder.dropped.acceptQueue'),
    retransmission: t('wire.retransmission'),
    duplicate: t('wire.duplicate'),
    oldDuplicate: t('ladder.oldDuplicate'),
    spoofedFrom: (address) => t('ladder.spoofedFrom', { address }),
    toForged: (address) => t('ladder.toForged', { address }),
    otherClientFrom: (address) => t('ladder.otherClientFrom', { address }),
    toOtherClient: (address) => t('ladder.toOtherClient', { address }),
    toAddress: (address) => t('ladder.toAddress', { address }),
    laneSpoofed: t('ladder.lane.spoofed'),
    laneOldDuplicate: t('ladder.lane.oldDuplicate'),
    laneMixed: t('ladder.lane.mixed'),
    laneOtherClient: t('ladder.lane.otherClient'),
    sent: t('ladder.sent'),
    awaitingAck: t('ladder.awaitingAck'),
    acked: t('ladder.acked'),
  };
}

let ctx: CanvasRenderingContext2D | null | undefined;
function context(): CanvasRenderingContext2D | null {
  if (ctx === undefined) ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  return ctx;
}

export const labelFont = (size: number): string => `${size}px ${FONT_MONO}`;

/** The label's width in the ladder's monospace font. */
export function monoMeasure(text: string, size: number): number {
  const c = context();
  if (!c) return estimateMonoWidth(text, size);
  c.font = labelFont(size);
  return Math.ceil(c.measureText(text).width);
}

const lineHeights = new Map<number, number>();

/** One line's height as Phaser's Text computes it: the ascent and descent of its test string. */
export function monoLineHeight(size: number): number {
  const known = lineHeights.get(size);
  if (known !== undefined) return known;
  const c = context();
  let h = defaultLineHeight(size);
  if (c) {
    c.font = labelFont(size);
    const m = c.measureText('|MÉqgy');
    h = Math.ceil(m.actualBoundingBoxAscent + m.actualBoundingBoxDescent);
  }
  lineHeights.set(size, h);
  return h;
}
