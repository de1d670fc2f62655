/**
 * What a connection's handshake shows the annotator: each side's window scale option (RFC 7323
 * §2.2), and the round trip, with how long each host's answers take to show up where the capture
 * was taken (at either end of the path, one of the handshake's two gaps is a full round trip).
 */
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/** Learn from a SYN, a SYN-ACK, and the ACK that answers the SYN-ACK. */
export function learnHandshake(c: Connection, s: CapturedSegment): void {
  // The round trip is timed from the last SYN before the SYN-ACK and the last SYN-ACK before the
  // ACK: after a lost SYN or SYN-ACK the first ones are a retransmission timeout (1 s) apart.
  if (s.flags.SYN && !s.flags.ACK) {
    c.wscale[s.src] = s.options.wscale ?? null;
    if (c.rtt === null) {
      c.synAt = s.time;
      c.synAckAt = null;
    }
  }
  if (s.flags.SYN && s.flags.ACK) {
    c.wscale[s.src] = s.options.wscale ?? null;
    if (c.synAt !== null && c.rtt === null) {
      c.synAckAt = s.time;
      c.synAckTo = s.dst;
    }
  }
  if (!s.flags.SYN && s.flags.ACK && s.src === c.synAckTo && c.synAckAt !== null && c.rtt === null && c.synAt !== null) {
    // At either end of the path one of these two gaps is a full round trip; each is also how long
    // that host's answers take to show up where the capture was taken.
    c.rtt = Math.max(c.synAckAt - c.synAt, s.time - c.synAckAt);
    c.answerDelay[c.peer(s.src)] = c.synAckAt - c.synAt;
    c.answerDelay[s.src] = s.time - c.synAckAt;
  }
}

/** Before the handshake's last ACK has been processed, the round trip as the look-ahead shows it. */
export function rttAhead(c: Connection, future: readonly CapturedSegment[]): number {
  if (c.synAt === null) return 0;
  const first = c.synAckAt ?? future.find((f) => f.flags.SYN && f.flags.ACK)?.time ?? null;
  if (first === null) return 0;
  // As learnHandshake times it: the ACK, the last SYN-ACK before it, the last SYN before that.
  const ack = future.find((f) => !f.flags.SYN && f.flags.ACK && f.time >= first && f.src === (c.synAckTo ?? f.src));
  const synAck = ack ? (future.filter((f) => f.flags.SYN && f.flags.ACK && f.time <= ack.time).at(-1)?.time ?? first) : first;
  const syn = future.filter((f) => f.flags.SYN && !f.flags.ACK && f.time <= synAck).at(-1)?.time ?? c.synAt;
  return Math.max(synAck - syn, ack ? ack.time - synAck : 0);
}
