/**
 * A SYN its sender sent again: was the SYN lost, or the SYN-ACK that answered it? A capture taken
 * where the SYN-ACK would have been seen only after the loss (at the client, or anywhere on the
 * path between the loss and the client) never shows a lost SYN-ACK, so the retransmission alone
 * cannot tell the two apart. What the server sends afterwards can:
 * - its SYN-ACK's timestamp echo is the TSval of the first SYN it took: a repeated SYN does not
 *   update TS.Recent (RFC 7323 §4.3 (2): SEG.SEQ <= Last.ACK.sent < SEG.SEQ + SEG.LEN fails for it),
 *   and Linux keeps it so while SYN-RECEIVED (recorded: scripts/handshake-captures.sh);
 * - without timestamps, two SYN-ACKs with the same ISN close together after one repeated SYN: one
 *   answers that SYN, the other is the server's own retransmission timer, which only runs once it
 *   has taken an earlier SYN and answered it.
 */
import { seqAdd } from '../tcp/seq.ts';
import { seqLe } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

export interface SynAckMissed {
  /** The first SYN the server's answers show it took. */
  syn: number;
  /** Its sender's retransmission, sent without having seen a SYN-ACK. */
  resent: number;
  /** The first SYN-ACK the capture shows: the server's answer to `syn`, sent again. */
  synAck: number;
  by: 'echo' | 'twice';
}

/** RFC 6298 (2.1): the retransmission timeout before any round trip was measured, in seconds. */
const FIRST_RTO = 1;

const isSyn = (f: CapturedSegment): boolean => f.flags.SYN && !f.flags.ACK && !f.flags.RST;
const isSynAck = (f: CapturedSegment): boolean => f.flags.SYN && f.flags.ACK && !f.flags.RST;

/**
 * The SYN `s` (or an earlier copy of it) reached the server although its sender sent it again
 * (`resent`) before the capture showed any answer: the server's first SYN-ACK is what was lost
 * (or it crossed the retransmission).
 */
export function synAnswered(c: Connection, s: CapturedSegment, resent: CapturedSegment, future: readonly CapturedSegment[]): SynAckMissed | null {
  if (!isSyn(s)) return null;
  const y = s.dst;
  const answers = (f: CapturedSegment): boolean => f.src === y && isSynAck(f) && f.ack === seqAdd(s.seq, 1);
  const first = future.find(answers);
  if (!first || first.index < resent.index) return null;
  const syn = c.firstSent[s.src]?.get(s.seq) ?? s.index;
  const stamp = s.options.timestamp;
  const echo = first.options.timestamp;
  if (stamp && echo) {
    // It echoes a SYN sent no later than this one, not the retransmission: the server took an earlier copy.
    const again = resent.options.timestamp;
    return again && echo.echo !== again.value && seqLe(echo.echo, stamp.value) ? { syn, resent: resent.index, synAck: first.index, by: 'echo' } : null;
  }
  if (stamp || echo) return null;
  const between = future.filter((f) => f.index > first.index);
  const second = between.find((f) => f.src === y && isSynAck(f));
  // Sooner than a retransmission timer could have sent it again (RFC 6298 (2.1): the first RTO is
  // 1 s, Linux's SYN-ACK timer too): the two answer two things, the repeated SYN and an earlier one.
  if (!second || second.seq !== first.seq || second.time - first.time >= FIRST_RTO / 2) return null;
  // One repeated SYN answers one SYN-ACK; a second needs a SYN that arrived before.
  const syns = future.filter((f) => f.src === s.src && isSyn(f) && f.seq === s.seq && f.index < second.index).length;
  return syns === 1 ? { syn, resent: resent.index, synAck: first.index, by: 'twice' } : null;
}

/**
 * A capture that would have shown the server's SYN-ACK had it been sent: taken on the loopback
 * (both ends on one machine, every segment seen), or at the server (it answers a SYN at once,
 * its SYN-ACK's answer takes a round trip).
 */
export function seesServerSend(s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const loopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';
  if (loopback(s.srcIp) && loopback(s.dstIp)) return true;
  const synAck = future.find((f) => f.src === s.dst && isSynAck(f));
  if (!synAck) return false;
  const syn = [s, ...future].filter((f) => f.src === s.src && isSyn(f) && f.time <= synAck.time).at(-1);
  const ack = future.find((f) => f.src === s.src && f.index > synAck.index && f.flags.ACK && !f.flags.SYN);
  if (!syn || !ack) return false;
  return 4 * (synAck.time - syn.time) < ack.time - synAck.time;
}

/** The timestamp echoes show the SYN never reached the server's TCP: its first SYN-ACK echoes a later SYN's TSval. */
export function synNotTaken(s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const stamp = s.options.timestamp;
  const first = future.find((f) => f.src === s.dst && isSynAck(f) && f.ack === seqAdd(s.seq, 1));
  const echo = first?.options.timestamp;
  return stamp !== undefined && echo !== undefined && !seqLe(echo.echo, stamp.value);
}
