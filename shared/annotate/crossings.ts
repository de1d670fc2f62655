/**
 * Which crossings are worth a note. A segment arrives after the receiver's segments that were
 * already on their way (losses.ts plans when); in a bulk transfer that is every data segment, since
 * the receiver's ACKs of the earlier ones are always in flight while the sender keeps sending
 * (the window is the data in flight, RFC 9293 §3.8.6). Saying so on every row says nothing. A
 * crossing is worth saying where the receiver's crossed segment, read alone, seems to answer this
 * one wrongly: a duplicate ACK still asking for these bytes, the receiver sending again what this
 * segment acknowledged, or a SYN, FIN or RST whose state change comes before this one's; and where
 * this one's own arrival changes the receiver's state (a SYN, FIN or RST; connection.ts says so too
 * when a data segment's ACK does it).
 */
import { seqLe, seqLt, segEnd, occupies } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/** `s` arrives after the receiver's segments up to `after`: does one of them need the crossing to be read right? */
export function crossingMatters(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], after: number): boolean {
  // Its own arrival changes the receiver's state, on a row of the receiver's: say why there.
  if (s.flags.SYN || s.flags.FIN || s.flags.RST) return true;
  const y = s.dst;
  let previous = c.lastFrom[y] ?? null;
  for (const f of future) {
    if (f.index > after) break;
    if (f.src !== y) continue;
    const control = f.flags.SYN || f.flags.FIN || f.flags.RST || !f.flags.ACK;
    // An ACK that does not move on from the receiver's previous one, still asking for this segment's bytes.
    const asksForThis = f.len === 0 && seqLe(s.seq, f.ack) && seqLt(f.ack, segEnd(s)) && previous !== null && previous.flags.ACK && previous.ack === f.ack;
    // The receiver sends again bytes this segment acknowledges, as if its ACK had not arrived.
    const resendsAcked = s.flags.ACK && occupies(f) && seqLt(f.seq, s.ack) && c.sndMax[y] !== null && c.sndMax[y] !== undefined && seqLt(f.seq, c.sndMax[y]);
    if (control || asksForThis || resendsAcked) return true;
    previous = f;
  }
  return false;
}
