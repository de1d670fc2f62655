/**
 * Does the capture show this path delivering one endpoint's segments out of order? A receiver's
 * cumulative ACK stops at the first byte it lacks, and SACK blocks (RFC 2018) say what it holds
 * beyond. When the ACK moves past such a hole and the segment that starts there was never sent
 * again, the original filled it: it arrived after segments sent later (RFC 8985 §2: reordering).
 * On a path that only drops, a hole is filled by a retransmission.
 */
import { occupies, seqGt, seqLt } from './segments.ts';
import { sentBefore } from './sentSequence.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

export interface PathOrder {
  /** Sequence numbers this endpoint sent again (bounded, as firstSent). */
  resent: Set<number>;
  /** The highest byte its receiver reported holding (ACK or SACK right edge), plus one. */
  high: number | null;
  /** The receiver's segment that showed an original filling a hole, if any yet. */
  shownBy: number | null;
}

const order = (c: Connection, ep: string): PathOrder => (c.pathOrder[ep] ??= { resent: new Set(), high: null, shownBy: null });

/**
 * Before `s` (of its sender's own TCP) is tracked as sent: note a resend, and read its ACK as news
 * of the path that carried the peer's data (`previous`: its sender's segment before it).
 */
export function learnPathOrder(c: Connection, s: CapturedSegment, previous: CapturedSegment | null | undefined): void {
  if (occupies(s) && !s.flags.SYN && sentBefore(c, s.src, s.seq, s)) {
    const mine = order(c, s.src);
    mine.resent.add(s.seq);
    if (mine.resent.size > 512) mine.resent.delete(mine.resent.values().next().value as number);
  }
  if (!s.flags.ACK || s.flags.SYN || s.flags.RST) return;
  const theirs = order(c, s.dst);
  const hole = previous?.flags.ACK ? previous.ack : null;
  if (theirs.shownBy === null && hole !== null && theirs.high !== null && seqLt(hole, theirs.high) && seqGt(s.ack, hole) && sentBefore(c, s.dst, hole) && !theirs.resent.has(hole)) {
    theirs.shownBy = s.index;
  }
  let high = theirs.high === null || seqGt(s.ack, theirs.high) ? s.ack : theirs.high;
  for (const [, right] of s.options.sack ?? []) if (seqGt(right, high)) high = right;
  theirs.high = high;
}

/** The receiver's segment by which the capture showed `ep`'s segments arriving out of order, or null. */
export function pathReorders(c: Connection, ep: string): number | null {
  return c.pathOrder[ep]?.shownBy ?? null;
}
