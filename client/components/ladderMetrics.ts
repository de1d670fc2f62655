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

/** The longest state name the columns beside the axes write (RFC 9293 spelling). */
const WIDEST_STATE = 'SYN-RECEIVED';

/**
 * The graph's sizes where none of its text may be smaller than `textFloor` stage px (a tablet's
 * or a small laptop's shrunk stage, client/components/text.ts canvasTextFloor; 0: no floor, the
 * graph's own sizes, LADDER's). Raised text takes room: the time and state columns are as wide as
 * the widest they write (`widestTime`, a time of the round in the UI's words), and the rows' spacing,
 * the pushes that part them and the labels' plates grow with the labels' size, so a crowded moment
 * gets the same room for its bigger words as at the graph's own size.
 */
export interface LadderMetrics {
  textFloor: number;
  /** How much bigger than LADDER's the labels are (1 with no floor): the vertical spacing grows by it. */
  stretch: number;
  labelSize: number;
  labelMinSize: number;
  /** The lane's title. */
  laneTitleSize: number;
  /** The time and state columns' words. */
  columnSize: number;
  timeColW: number;
  stateColW: number;
  topPad: number;
  bottomPad: number;
  subRowGap: number;
  minGap: number;
  maxGap: number;
  pxPerMs: number;
}

export function ladderMetrics(textFloor: number, measure: MeasureText, widestTime: string): LadderMetrics {
  const labelSize = Math.max(LADDER.labelSize, textFloor);
  const stretch = labelSize / LADDER.labelSize;
  const columnSize = Math.max(LADDER.labelSize, textFloor);
  const grow = (px: number): number => Math.round(px * stretch);
  return {
    textFloor,
    stretch,
    labelSize,
    labelMinSize: Math.max(LADDER.labelMinSize, textFloor),
    laneTitleSize: Math.max(11, textFloor),
    columnSize,
    // (With no floor the columns' words shrink to fit them, as they always did.)
    timeColW: textFloor > 0 ? Math.max(LADDER.timeColW, Math.ceil(measure(widestTime, columnSize)) + 12) : LADDER.timeColW,
    stateColW: textFloor > 0 ? Math.max(LADDER.stateColW, Math.ceil(measure(WIDEST_STATE, columnSize)) + 16) : LADDER.stateColW,
    topPad: grow(LADDER.topPad),
    bottomPad: grow(LADDER.bottomPad),
    subRowGap: grow(LADDER.subRowGap),
    minGap: grow(LADDER.minGap),
    maxGap: grow(LADDER.maxGap),
    pxPerMs: LADDER.pxPerMs * stretch,
  };
}
