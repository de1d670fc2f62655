/**
 * The flow graph's sizes (stage px): its columns, its rows' spacing, its labels' type, and how wide
 * and tall a label's words are (measured by the caller, or estimated without a canvas).
 */
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

/** Width in px of `text` at `size` px in the labels' monospace font. */
export type MeasureText = (text: string, size: number) => number;

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Without a canvas (unit tests): a monospace Latin glyph is 0.6 em, a CJK one 1 em. */
export const estimateMonoWidth: MeasureText = (text, size) => {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? size : 0.6 * size;
  return w;
};

export const defaultLineHeight = (size: number): number => Math.ceil(size * 1.25);
