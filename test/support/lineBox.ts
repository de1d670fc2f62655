/**
 * The flow-graph tests' own measure of "an arrow runs through a label": the straight line, no
 * stroke width, against the label's box. Kept apart from the layout's strokeTouches (which grows
 * the box by the stroke's reach) so the tests do not judge the layout by its own arithmetic.
 */

/** Does the straight line from (x1, y1) to (x2, y2) enter the box (touching its edge does not count)? */
export function lineEntersBox(l: { x1: number; y1: number; x2: number; y2: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  // Clip the line's parameter range to the box's slab in x, then in y (Liang–Barsky).
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [[-(l.x2 - l.x1), l.x1 - b.x], [l.x2 - l.x1, b.x + b.w - l.x1], [-(l.y2 - l.y1), l.y1 - b.y], [l.y2 - l.y1, b.y + b.h - l.y1]] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    if (p < 0) t0 = Math.max(t0, q / p);
    else t1 = Math.min(t1, q / p);
  }
  return t0 < t1;
}
