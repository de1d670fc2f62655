/**
 * RFC 9293 §3.10.7.4, seventh and eighth checks: a synchronized connection takes in the segment's
 * text and then its FIN, strictly in sequence order. A segment that starts beyond RCV.NXT "may be
 * held for later processing": its text and FIN wait in the reassembly queue (its ACK field was
 * already processed) until the gap before them fills; then everything that follows without a gap
 * is delivered, and a held FIN is processed last.
 */
import type { RuleId } from '../rules/ids.ts';
import { type Ctx, drop, enterTimeWait, finAcked, setState, signal } from './context.ts';
import type { Segment } from './segment.ts';
import { seqAdd, seqDiff, seqGt, seqLe } from './seq.ts';
import type { TcpState } from './states.ts';
import type { Tcb } from './types.ts';

/** Take in the segment's text and FIN; returns the rule behind the ACK this calls for (null: none). */
export function receiveText(ctx: Ctx, tcb: Tcb, seg: Segment): RuleId | null {
  if (seg.data.length === 0 && !seg.flags.FIN) return null;
  if (!receivesText(tcb.state)) {
    // CLOSE-WAIT: the peer's FIN already marked the end of its data.
    if (seg.data.length > 0) drop(ctx, tcb, 'data.after-fin-ignored');
    return null;
  }
  if (seqGt(seg.seq, tcb.rcvNxt)) {
    hold(tcb, seg);
    return 'data.out-of-order-dup-ack';
  }
  let ackRule: RuleId | null = null;
  const finReached = deliverFrom(ctx, tcb, seg.seq, seg.data, seg.flags.FIN, 'data.in-order-ack');
  if (seg.data.length > 0) ackRule = 'data.in-order-ack';
  const drained = finReached ? { delivered: false, fin: false } : drainReassembly(ctx, tcb);
  if (drained.delivered) ackRule = 'data.reassembled';
  if (finReached || drained.fin) {
    receiveFin(ctx, tcb);
    ackRule = 'close.ack-of-fin';
  }
  return ackRule;
}

/** RFC 9293 §3.10.7.4 seventh check: the states in which segment text is delivered. */
function receivesText(state: TcpState): boolean {
  return state === 'ESTABLISHED' || state === 'FIN-WAIT-1' || state === 'FIN-WAIT-2';
}

/**
 * Deliver the part of `data` (starting at sequence number `seq` ≤ RCV.NXT) that is new and inside
 * the receive window, advancing RCV.NXT. Returns whether a FIN after it is now next in sequence.
 */
function deliverFrom(ctx: Ctx, tcb: Tcb, seq: number, data: string, fin: boolean, rule: 'data.in-order-ack' | 'data.reassembled'): boolean {
  const offset = seqDiff(tcb.rcvNxt, seq);
  if (offset > data.length) return false;
  const fresh = data.slice(offset, offset + tcb.rcvWnd);
  if (fresh.length > 0) {
    tcb.rcvNxt = seqAdd(tcb.rcvNxt, fresh.length);
    tcb.unread += fresh;
    tcb.delivered += fresh;
    signal(ctx, tcb, 'data-delivered', rule, fresh);
  }
  return fin && offset + fresh.length === data.length;
}

/**
 * Keep an out-of-order segment's text (trimmed to the receive window) and its FIN, if the FIN is in
 * the window too. A repeat of what is already held is not kept twice.
 */
function hold(tcb: Tcb, seg: Segment): void {
  const room = seqDiff(seqAdd(tcb.rcvNxt, tcb.rcvWnd), seg.seq);
  const data = seg.data.slice(0, Math.max(0, room));
  const held = { seq: seg.seq, data, fin: seg.flags.FIN && seg.data.length < room };
  const same = tcb.reassembly.findIndex((h) => h.seq === held.seq);
  if (same >= 0) {
    const old = tcb.reassembly[same]!;
    if (old.data.length >= held.data.length && (old.fin || !held.fin)) return;
    tcb.reassembly.splice(same, 1);
  }
  tcb.reassembly.push(held);
  tcb.reassembly.sort((a, b) => seqDiff(a.seq, tcb.rcvNxt) - seqDiff(b.seq, tcb.rcvNxt));
}

/** The gap before held segments has filled: deliver them in order, up to the next gap or a held FIN. */
function drainReassembly(ctx: Ctx, tcb: Tcb): { delivered: boolean; fin: boolean } {
  let delivered = false;
  for (;;) {
    const next = tcb.reassembly.findIndex((h) => seqLe(h.seq, tcb.rcvNxt));
    if (next < 0) return { delivered, fin: false };
    const [h] = tcb.reassembly.splice(next, 1);
    const before = tcb.rcvNxt;
    const finReached = deliverFrom(ctx, tcb, h!.seq, h!.data, h!.fin, 'data.reassembled');
    if (tcb.rcvNxt !== before) delivered = true;
    if (finReached) return { delivered, fin: true };
  }
}

/** RFC 9293 §3.10.7.4 eighth check: the FIN is next in sequence; it consumes one sequence number. */
function receiveFin(ctx: Ctx, tcb: Tcb): void {
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, 1);
  tcb.reassembly = [];
  const state = tcb.state as TcpState;
  switch (state) {
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
      setState(ctx, tcb, 'CLOSE-WAIT', 'close.passive-close-wait');
      signal(ctx, tcb, 'peer-closed', 'close.passive-close-wait');
      return;
    case 'FIN-WAIT-1':
      if (finAcked(tcb)) enterTimeWait(ctx, tcb, 'close.fin-wait-1-fin-ack-time-wait');
      else setState(ctx, tcb, 'CLOSING', 'close.simultaneous-closing');
      signal(ctx, tcb, 'peer-closed', 'close.ack-of-fin');
      return;
    case 'FIN-WAIT-2':
      enterTimeWait(ctx, tcb, 'close.fin-wait-2-time-wait');
      signal(ctx, tcb, 'peer-closed', 'close.ack-of-fin');
      return;
    case 'CLOSE-WAIT':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
    case 'CLOSED':
    case 'LISTEN':
    case 'SYN-SENT':
      return;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
