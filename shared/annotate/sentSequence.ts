/**
 * What each endpoint has sent, as the capture shows it: the highest sequence number (SND.MAX),
 * where each sequence number was first sent, and the kinds of SYN it sent, per ISN. A segment
 * that starts at a sequence number sent before is a retransmission.
 */
import { occupies, segEnd, seqGt } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/** Record a segment its sender's TCP sent (a new ISN starts a new sequence space). */
export function trackSent(c: Connection, s: CapturedSegment): void {
  if (!occupies(s)) return;
  if (s.flags.SYN && c.issSeen[s.src] !== s.seq) {
    // A new ISN: a new sequence space for this endpoint (its earlier attempt was reset).
    if (c.issSeen[s.src] !== undefined) {
      c.sndMax[s.src] = null;
      c.firstSent[s.src]?.clear();
      c.synsSent[s.src]?.clear();
      if (s.flags.ACK) c.synsSent[s.src]?.add('SYN-ACK');
    }
    c.issSeen[s.src] = s.seq;
  }
  const end = segEnd(s);
  const max = c.sndMax[s.src];
  if (max === null || max === undefined || seqGt(end, max)) c.sndMax[s.src] = end;
  const first = c.firstSent[s.src];
  if (first && !first.has(s.seq)) {
    first.set(s.seq, s.index);
    if (first.size > 512) first.delete(first.keys().next().value as number);
  }
}

/** A seq this endpoint has sent before: the segment starting there is a retransmission. */
export function sentBefore(c: Connection, ep: string, seq: number, f?: CapturedSegment): boolean {
  // A SYN-ACK repeating the ISN of an earlier SYN (simultaneous open) is not a resend of it.
  if (f?.flags.SYN && !(c.synsSent[ep]?.has(f.flags.ACK ? 'SYN-ACK' : 'SYN') ?? false)) return false;
  return c.firstSent[ep]?.has(seq) ?? false;
}
