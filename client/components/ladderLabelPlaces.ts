/**
 * A flow-graph label's possible shapes, and the geometry that keeps arrows out of labels; pure,
 * used by the flow graph's layout (ladderArrange.ts, ladderLabelField.ts).
 *
 * A one-line label ("FIN, ACK seq=… ack=… len=0 · DUPLICATE") is most of the room between the two
 * axes wide, and the arrows slant: laid on its own arrow, it also covers the arrow sent a sub-row
 * later beside it, and the one crossing it from the other host. Narrower shapes (flags and seq
 * over ack and len, then three lines) fit beside their arrow where the one-line one cannot, so a
 * crowded instant needs the rows pulled less far apart. A label's place is then the nearest free
 * stretch of height beside its arrow (strokeSpan, nearestFreeTop).
 */
import type { LabelBox, MeasureText } from './ladderLayout.ts';

export interface LabelShape {
  lines: string[];
  size: number;
  /** The widest line at `size` (px, text only). */
  w: number;
}

/**
 * The summary ("FIN, ACK seq=1 ack=2 len=0") cut before its fields, words kept in order: the flags
 * and seq, then "ack=… len=…"; or the flags, "seq=…", "ack=… len=…".
 */
function summaryCuts(summary: string, fieldPerLine: boolean): string[][] {
  const seqAt = summary.indexOf(' seq=');
  if (seqAt < 0) return [];
  const flags = summary.slice(0, seqAt);
  const fields = summary.slice(seqAt + 1);
  const next = fields.search(/ (ack|len)=/);
  if (next < 0) return [[flags, fields]];
  const seq = fields.slice(0, next);
  const rest = fields.slice(next + 1);
  const cuts = [[`${flags} ${seq}`, rest], [flags, seq, rest]];
  if (fieldPerLine && rest.includes(' ')) cuts.push([flags, seq, ...rest.split(' ')]);
  return cuts;
}

/**
 * The shapes a label may take, widest first: one line; the tags on a second line; each tag on a
 * line of its own; then the summary itself in two lines (flags and seq; ack and len), then three,
 * then (`fieldPerLine`, raised text on a tablet) each field on a line of its own. Each at the
 * largest size from `size` down to `minSize` that fits `room`; a shape that fits at no size is left
 * out, unless none fits (then the narrowest at `minSize`, its too-wide lines broken between words).
 */
export function labelShapes(summary: string, tags: string[], room: number, measure: MeasureText, size: number, minSize: number, fieldPerLine = false): LabelShape[] {
  const tagLines = tags.length ? [tags.join(' · ')] : [];
  const candidates = [
    [[summary, ...tags].join(' · ')],
    ...(tags.length ? [[summary, ...tagLines]] : []),
    ...(tags.length > 1 ? [[summary, ...tags]] : []),
    ...summaryCuts(summary, fieldPerLine).flatMap((cut) => [[...cut, ...tagLines], ...(tags.length > 1 ? [[...cut, ...tags]] : [])]),
  ];
  const widest = (lines: string[], s: number): number => Math.max(...lines.map((l) => measure(l, s)));
  const out: LabelShape[] = [];
  const seen = new Set<string>();
  for (const lines of candidates) {
    const key = lines.join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    for (let s = size; s >= minSize; s--) {
      const w = widest(lines, s);
      if (w <= room) {
        out.push({ lines, size: s, w });
        break;
      }
    }
  }
  if (out.length === 0) {
    // Nothing fits even at the smallest size (raised text on a tablet, a tag with a long address):
    // the narrowest shape, each line too wide broken between its words.
    const narrowest = candidates.reduce((a, b) => (widest(b, minSize) < widest(a, minSize) ? b : a));
    const lines = narrowest.flatMap((line) => wrapWords(line, room, measure, minSize));
    out.push({ lines, size: minSize, w: widest(lines, minSize) });
  }
  return out;
}

/** A word, its spaces, or one CJK character (a line may break before any of them). */
const WORDS = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g;

/** How wide the widest thing `line` cannot be broken inside is (a word; a CJK character breaks anywhere). */
export function widestWord(line: string, measure: MeasureText, size: number): number {
  return Math.max(0, ...(line.match(WORDS) ?? []).filter((t) => t.trim() !== '').map((t) => measure(t, size)));
}

/** `line` broken into lines no wider than `room` where it can be: between words, or between CJK characters. */
export function wrapWords(line: string, room: number, measure: MeasureText, size: number): string[] {
  if (measure(line, size) <= room) return [line];
  const out: string[] = [];
  let current = '';
  for (const token of line.match(WORDS) ?? [line]) {
    const next = current + token;
    if (current.trim() && measure(next.trimEnd(), size) > room) {
      out.push(current.trimEnd());
      current = /^\s+$/.test(token) ? '' : token;
    } else current = next;
  }
  if (current.trim()) out.push(current.trimEnd());
  return out;
}

/** A straight stretch of a drawn arrow, and how far (px) either side of it the drawing reaches. */
export interface Stroke {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  reach: number;
}

/**
 * Does the stroke come within its reach of the box? The box is grown by the reach and the centre
 * line clipped to it (Liang–Barsky): exact for a rectangle, a little generous at its corners.
 */
export function strokeTouches(s: Stroke, b: LabelBox): boolean {
  const left = b.x - s.reach;
  const right = b.x + b.w + s.reach;
  const top = b.y - s.reach;
  const bottom = b.y + b.h + s.reach;
  if (Math.max(s.x1, s.x2) <= left || Math.min(s.x1, s.x2) >= right || Math.max(s.y1, s.y2) <= top || Math.min(s.y1, s.y2) >= bottom) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  for (const [p, q] of [[-dx, s.x1 - left], [dx, right - s.x1], [-dy, s.y1 - top], [dy, bottom - s.y1]] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return true;
}

/**
 * The y-range a stroke's drawing covers over x from xl to xr (grown by its reach), or null where
 * it does not come that near: what a label spanning xl..xr must keep above or below.
 */
export function strokeSpan(s: Stroke, xl: number, xr: number): [number, number] | null {
  const a = xl - s.reach;
  const b = xr + s.reach;
  const minX = Math.min(s.x1, s.x2);
  const maxX = Math.max(s.x1, s.x2);
  if (maxX < a || minX > b) return null;
  if (s.x2 === s.x1) return [Math.min(s.y1, s.y2) - s.reach, Math.max(s.y1, s.y2) + s.reach];
  const yAt = (x: number): number => s.y1 + ((s.y2 - s.y1) * (x - s.x1)) / (s.x2 - s.x1);
  const ya = yAt(Math.max(a, minX));
  const yb = yAt(Math.min(b, maxX));
  return [Math.min(ya, yb) - s.reach, Math.max(ya, yb) + s.reach];
}

/** Far beyond rounding in sums of pixels, far below a pixel. */
const SLACK = 1e-6;

/**
 * The top of an h-tall box nearest `want` within minTop..maxTop that overlaps none of the
 * `blocked` y-ranges (touching one is fine), or null when there is none.
 */
export function nearestFreeTop(blocked: readonly [number, number][], h: number, minTop: number, maxTop: number, want: number): number | null {
  if (maxTop < minTop) return null;
  // Most asks in a crowded graph find no room at all: said at once when the ranges (each grown by
  // the box's height above it) cover minTop..maxTop, every top well inside one of them (by more
  // than SLACK, far beyond rounding), so the search below would find none either.
  let reach = minTop;
  for (let moved = true; moved && reach <= maxTop; ) {
    moved = false;
    for (const [b1, b2] of blocked) {
      if (b1 - h + SLACK < reach && b2 - SLACK > reach) {
        reach = b2 - SLACK;
        moved = true;
      }
    }
  }
  if (reach > maxTop) return null;
  const free = (top: number): boolean => top >= minTop && top <= maxTop && blocked.every(([b1, b2]) => top + h <= b1 || top >= b2);
  let best: number | null = null;
  for (const top of [Math.min(Math.max(want, minTop), maxTop), ...blocked.flatMap(([b1, b2]) => [b1 - h, b2])]) {
    if (free(top) && (best === null || Math.abs(top - want) < Math.abs(best - want))) best = top;
  }
  return best;
}
