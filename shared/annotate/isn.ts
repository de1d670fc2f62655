/**
 * The ISN a listener picks is an input the capture reveals in its SYN-ACK (RFC 9293 §3.4.1): the
 * annotator has the listener's engine adopt it, and whether the SYN-ACK took the data the SYN
 * carried (TCP Fast Open, RFC 7413).
 */
import { seqAdd } from '../tcp/seq.ts';
import { segEnd } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/**
 * A listener picks a fresh ISN for each SYN it answers; the capture shows which, in the SYN-ACK.
 * The SYN-ACK also shows whether it took the data the SYN carried (TCP Fast Open, RFC 7413: its
 * ack covers the data) or only the SYN (ack = ISN + 1: no cookie, or Fast Open off).
 */
export function pickIss(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const y = s.dst;
  if (!s.flags.SYN || s.flags.ACK || !c.host(y).listener) return false;
  const answer = future.find((f) => f.src === y && f.flags.SYN && f.flags.ACK && (f.ack === segEnd(s) || f.ack === seqAdd(s.seq, 1)));
  if (!answer) return false;
  const tcb = c.tcb(y);
  if (tcb) {
    // It took this SYN before, when its SYN-ACK was beyond the look-ahead (the SYN dropped, and
    // resent a second later on a busy capture), and the engine picked an ISN of its own. Nothing
    // of this connection left the listener since: take the SYN again with the ISN the capture shows.
    if (!tcb.passive || tcb.state !== 'SYN-RECEIVED' || tcb.irs !== s.seq || tcb.iss === answer.seq || c.synsSent[y]?.has('SYN-ACK')) return false;
    const host = c.host(y);
    c.hosts[y] = { ...host, connections: host.connections.filter((c) => c !== tcb) };
    c.pending[y] = [];
  }
  c.hosts[y] = { ...c.host(y), fixedIss: answer.seq, fastOpen: s.len > 0 && answer.ack === segEnd(s) };
  return tcb !== undefined;
}
