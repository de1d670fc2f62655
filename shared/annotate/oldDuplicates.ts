/**
 * Segments their source's TCP did not send, told from the capture: an old duplicate SYN (RFC 9293
 * §3.5, figure 8), a segment outside its source's sequence space, and a reset or SYN its supposed
 * sender contradicts by going on with the connection (a blind attack, RFC 5961, or a middlebox).
 * They are only arrivals for the other host.
 */
import { seqDiff } from '../tcp/seq.ts';
import { segEnd, seqGt } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/**
 * RFC 9293 §3.5, figure 8: an old duplicate SYN. The SYN-ACK that answers it is reset by its
 * supposed sender with <SEQ=SEG.ACK><CTL=RST>: that host's TCP never sent this SYN.
 */
export function oldDuplicateSyn(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const answer = future.findIndex((f) => f.src === s.dst && f.flags.SYN && f.flags.ACK && f.ack === segEnd(s));
  if (answer < 0) return false;
  const reply = future.slice(answer + 1).find((f) => f.src === s.src);
  return !!reply && reply.flags.RST && !reply.flags.ACK && reply.seq === segEnd(s);
}

/**
 * A segment that cannot be its source's own: its seq is before the ISN of the connection its
 * source's TCP holds, or past what that TCP has sent (further than a capture's missing packets
 * could explain; in SYN-SENT, past ISS+1 at all), and, for a RST, it does not answer the peer's
 * last segment with <SEQ=SEG.ACK>. Whatever sent it (an old connection's segment, a blind forger
 * guessing numbers), it is only an arrival for the other host (RFC 9293 §3.4.1: a random ISN
 * keeps such segments out).
 */
export function outsideSequenceSpace(c: Connection, s: CapturedSegment): boolean {
  if (s.flags.SYN) return false;
  const tcb = c.tcb(s.src);
  const iss = c.issSeen[s.src];
  const max = c.sndMax[s.src];
  if (!tcb || iss === undefined || max === null || max === undefined) return false;
  const outside = seqDiff(s.seq, iss) < 0 || seqDiff(s.seq, max) > (tcb.state === 'SYN-SENT' ? 0 : 1 << 24);
  if (!outside) return false;
  return !s.flags.RST || s.seq !== c.lastFrom[c.peer(s.src)]?.ack;
}

/**
 * A reset (or a SYN with another ISN) its supposed sender contradicts: later it acknowledges more
 * of its peer's data than it had before, so its TCP still had this connection and took segments
 * afterwards. A TCP that resets a connection keeps nothing to acknowledge with, and one that opens
 * a new connection on the 4-tuple acknowledges the new one; so this segment was not its own (an
 * attacker's blind reset or SYN, RFC 5961 §3-4, or a middlebox's).
 */
export function keepsGoing(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[]): CapturedSegment | null {
  const before = c.lastFrom[s.src];
  if (!before || !before.flags.ACK) return null;
  return future.find((f) => f.src === s.src && !f.flags.RST && !f.flags.SYN && f.flags.ACK && seqGt(f.ack, before.ack)) ?? null;
}
