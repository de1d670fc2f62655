/**
 * What a connection's handshake shows the annotator: each side's window scale option (RFC 7323
 * §2.2), and the round trip, with how long each host's answers take to show up where the capture
 * was taken (at either end of the path, one of the handshake's two gaps is a full round trip).
 */
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/** Learn from a SYN, a SYN-ACK, and the ACK that answers the SYN-ACK. */
export function learnHandshake(c: Connection, s: CapturedSegment): void {
  if (s.flags.SYN && !s.flags.ACK) {
    c.wscale[s.src] = s.options.wscale ?? null;
    c.synAt ??= s.time;
  }
  if (s.flags.SYN && s.flags.ACK) {
    c.wscale[s.src] = s.options.wscale ?? null;
    if (c.synAt !== null && c.synAckAt === null) {
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
  const synAck = c.synAckAt ?? future.find((f) => f.flags.SYN && f.flags.ACK)?.time ?? null;
  if (synAck === null) return 0;
  const ack = future.find((f) => !f.flags.SYN && f.flags.ACK && f.time >= synAck && f.src === (c.synAckTo ?? f.src));
  return Math.max(synAck - c.synAt, ack ? ack.time - synAck : 0);
}
