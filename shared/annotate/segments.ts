/** Sequence-space facts about captured segments (RFC 9293 §3.4), shared by the inference rules. */
import { seqAdd, seqGe, seqGt, seqLe, seqLt } from '../tcp/seq.ts';
import type { CapturedSegment } from './types.ts';

/** SEG.LEN: payload plus one each for SYN and FIN. */
export function segLen(s: CapturedSegment): number {
  return s.len + (s.flags.SYN ? 1 : 0) + (s.flags.FIN ? 1 : 0);
}

export function segEnd(s: CapturedSegment): number {
  return seqAdd(s.seq, segLen(s));
}

export function occupies(s: CapturedSegment): boolean {
  return segLen(s) > 0;
}

/** `later`, from the same sender, sends again the first sequence number `s` occupies. */
export function resends(later: CapturedSegment, s: CapturedSegment): boolean {
  if (!occupies(later)) return false;
  // A SYN-ACK repeating our ISN (simultaneous open) answers the peer's SYN; only the same kind of segment is a resend.
  if (s.flags.SYN) return later.flags.SYN && later.flags.ACK === s.flags.ACK && later.seq === s.seq;
  if (s.len === 0 && s.flags.FIN) return later.flags.FIN && segEnd(later) === segEnd(s);
  return seqLe(later.seq, s.seq) && seqGt(segEnd(later), s.seq);
}

/** `reply` (from the receiver of `s`) shows that `s` arrived: it acknowledges all of it, or SACKs it, or refuses the SYN. */
export function acknowledges(reply: CapturedSegment, s: CapturedSegment): boolean {
  const end = segEnd(s);
  if (reply.flags.ACK && seqGe(reply.ack, end)) return true;
  // A SYN-ACK that takes only the SYN of a SYN carrying data (no Fast Open: RFC 9293 lets a
  // listener drop that data, RFC 7413 §4.2.2 has the client send it again) still answers it.
  if (s.flags.SYN && !s.flags.ACK && s.len > 0 && reply.flags.SYN && reply.flags.ACK && reply.ack === seqAdd(s.seq, 1)) return true;
  // A reset that answers it (RFC 9293 §3.10.7: <SEQ=SEG.ACK><CTL=RST>, or <ACK=SEG.SEQ+SEG.LEN> to a segment without ACK).
  if (reply.flags.RST && (s.flags.ACK ? reply.seq === s.ack : reply.flags.ACK && reply.ack === end)) return true;
  for (const [left, right] of reply.options.sack ?? []) if (seqLe(left, s.seq) && seqGe(right, end)) return true;
  return false;
}

/**
 * `later` (from the receiver of `s`) left its sender before `s` had reached it: its timestamp
 * echo is older than `s`'s own timestamp (RFC 7323 §4.3: TSecr echoes the newest TSval its sender
 * had received, on Linux with every in-order segment, bare ACKs included). Behind a queue a
 * segment can take many handshake round trips to cross, so only the clocks say it was on its way.
 */
export function leftBeforeArrivalOf(later: CapturedSegment, s: CapturedSegment): boolean {
  const sent = s.options.timestamp;
  const echo = later.options.timestamp;
  return sent !== undefined && echo !== undefined && later.flags.ACK && seqLt(echo.echo, sent.value);
}

/** `later` (from the receiver of `s`) echoes a newer timestamp than `s`'s: a segment its sender sent after `s` had arrived. */
export function echoesNewer(later: CapturedSegment, s: CapturedSegment): boolean {
  const sent = s.options.timestamp;
  const echo = later.options.timestamp;
  return sent !== undefined && echo !== undefined && later.flags.ACK && seqGt(echo.echo, sent.value);
}

/**
 * `reply` (from the receiver of `s`) reports a duplicate within `s`'s range: a D-SACK (RFC 2883
 * §4), its first SACK block below the cumulative ACK or inside the second block. Two copies
 * arrived there.
 */
export function reportsDuplicateOf(reply: CapturedSegment, s: CapturedSegment): boolean {
  const [first, second] = reply.options.sack ?? [];
  if (!first || !reply.flags.ACK) return false;
  const [left, right] = first;
  const duplicate = seqLt(left, reply.ack) || (second !== undefined && seqGe(left, second[0]) && seqLe(right, second[1]));
  return duplicate && seqLt(left, segEnd(s)) && seqGt(right, s.seq);
}

/**
 * `ack` reports a hole (RFC 2018): a SACK block above its cumulative ACK, the bytes between not
 * received. (A D-SACK block, below the ACK, reports a duplicate, not a hole.)
 */
export function reportsHole(ack: CapturedSegment): boolean {
  return ack.flags.ACK && (ack.options.sack ?? []).some(([left]) => seqGt(left, ack.ack));
}

/** `ack` reported the bytes of `f` missing: its cumulative ACK stops at or before them and it SACKs data after them. */
export function reportedMissing(ack: CapturedSegment, f: CapturedSegment): boolean {
  return seqLe(ack.ack, f.seq) && (ack.options.sack ?? []).some(([left]) => seqGe(left, segEnd(f)));
}

/** Two captures of one datagram (a wire duplicate): every field equal. */
export function identical(a: CapturedSegment, b: CapturedSegment): boolean {
  return (
    a.src === b.src &&
    a.seq === b.seq &&
    a.ack === b.ack &&
    a.len === b.len &&
    a.window === b.window &&
    a.flags.SYN === b.flags.SYN &&
    a.flags.ACK === b.flags.ACK &&
    a.flags.FIN === b.flags.FIN &&
    a.flags.RST === b.flags.RST
  );
}

export { seqGe, seqGt, seqLe, seqLt };

/** Flag names in the order Wireshark prints them. */
export function flagNames(s: CapturedSegment): string[] {
  const order = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;
  return order.filter((f) => s.flags[f]);
}

/** Payload preview as text: printable Latin-1 kept, other bytes as dots. */
export function previewText(bytes: Uint8Array, max = 64): string {
  let out = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) {
    const b = bytes[i] ?? 0;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '↵' : '.';
  }
  return out;
}
