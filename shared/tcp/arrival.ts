import {
  type Ctx,
  armRetransmit,
  chooseIss,
  drop,
  emit,
  emitFrom,
  enterTimeWait,
  finAcked,
  removeConnection,
  sendAck,
  setState,
  signal,
  transmit,
} from './context.ts';
import { flags, segmentEnd, segmentLength, type Segment } from './segment.ts';
import { seqAdd, seqDiff, seqGt, seqInWindow, seqLe, seqLt } from './seq.ts';
import { newTcb } from './tcb.ts';
import type { Listener, Tcb } from './types.ts';
import type { TcpState } from './states.ts';
import { acceptQueueCapacity, synQueueCapacity, timeWaitMs } from './config.ts';
import { carriesCookie, synCookie } from './cookie.ts';
import type { RuleId } from '../rules/ids.ts';

/**
 * RFC 9293 §3.10.7.1, state CLOSED (no TCB): everything but a RST draws a RST, so the sender learns
 * that no connection exists here. A RST is never answered with a RST.
 */
export function arriveClosed(ctx: Ctx, seg: Segment): void {
  if (seg.flags.RST) return drop(ctx, null, 'closed.rst-ignored');
  const rule: RuleId = seg.flags.SYN && !seg.flags.ACK ? 'open.refused-rst' : 'closed.reset-reply';
  if (!seg.flags.ACK) {
    emit(ctx, { src: seg.dst, dst: seg.src, seq: 0, ack: segmentEnd(seg), flags: flags('RST', 'ACK'), wnd: 0, data: '' }, rule, null);
  } else {
    emit(ctx, { src: seg.dst, dst: seg.src, seq: seg.ack, ack: 0, flags: flags('RST'), wnd: 0, data: '' }, rule, null);
  }
}

/** The listener's children waiting in the SYN queue (half-open) and in the accept queue (established). */
function queueLengths(ctx: Ctx): { syn: number; accept: number } {
  let syn = 0;
  let accept = 0;
  for (const c of ctx.host.connections) {
    if (!c.passive) continue;
    if (c.queue === 'syn') syn += 1;
    else if (c.queue === 'accept') accept += 1;
  }
  return { syn, accept };
}

/** Linux sk_acceptq_is_full (count > backlog); never, where there is no accept queue (RFC 9293). */
export function acceptQueueFull(ctx: Ctx): boolean {
  return queueLengths(ctx).accept >= acceptQueueCapacity(ctx.host.config);
}

/**
 * RFC 9293 §3.10.7.2, state LISTEN: only a SYN can start something; the SYN and accept queues bound
 * how much (Linux tcp_conn_request checks them in this order: the SYN queue, with a cookie as the
 * way out, then the accept queue).
 */
export function arriveListen(ctx: Ctx, listener: Listener, seg: Segment): void {
  if (seg.flags.RST) return drop(ctx, null, 'open.listen-rst-ignored');
  if (seg.flags.ACK) {
    if (!seg.flags.SYN && cookieAck(ctx, listener, seg)) return;
    emit(ctx, { src: seg.dst, dst: seg.src, seq: seg.ack, ack: 0, flags: flags('RST'), wnd: 0, data: '' }, 'open.listen-ack-reset', null);
    return;
  }
  if (!seg.flags.SYN) return drop(ctx, null, 'open.listen-stray-segment');
  const cfg = ctx.host.config;
  let cookie = false;
  if (queueLengths(ctx).syn >= synQueueCapacity(cfg)) {
    if (!cfg.synCookies) return drop(ctx, null, 'open.syn-queue-full');
    cookie = true;
  }
  if (acceptQueueFull(ctx)) return drop(ctx, null, 'open.accept-queue-full');
  if (cookie) return sendSynCookie(ctx, listener, seg);

  const tcb = newTcb(cfg, listener.local, seg.src, chooseIss(ctx, ctx.host.fixedIss ?? undefined), true);
  tcb.state = 'LISTEN';
  tcb.irs = seg.seq;
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.sndWnd = seg.wnd;
  ctx.host.connections.push(tcb);
  setState(ctx, tcb, 'SYN-RECEIVED', 'open.listen-syn-ack');
  if (seg.data.length > 0) drop(ctx, tcb, 'open.syn-data-not-accepted');
  emitFrom(ctx, tcb, tcb.iss, flags('SYN', 'ACK'), '', 'open.listen-syn-ack');
  tcb.unacked.push({ seq: tcb.iss, flags: flags('SYN', 'ACK'), data: '', rule: 'open.listen-syn-ack' });
  tcb.sndNxt = seqAdd(tcb.iss, 1);
  armRetransmit(ctx, tcb);
}

/**
 * The SYN queue is full and SYN cookies are on: answer <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK>
 * and keep nothing: no TCB, no timer, so this SYN-ACK is never retransmitted, and the listener
 * stays in LISTEN for this client.
 */
function sendSynCookie(ctx: Ctx, listener: Listener, seg: Segment): void {
  listener.lastSynQueueOverflowAt = ctx.now;
  if (seg.data.length > 0) drop(ctx, null, 'open.syn-data-not-accepted');
  const iss = synCookie(ctx.host, listener.local, seg.src, seg.seq);
  emit(ctx, { src: listener.local, dst: seg.src, seq: iss, ack: seqAdd(seg.seq, 1), flags: flags('SYN', 'ACK'), wnd: ctx.host.config.receiveWindow, data: '' }, 'open.syn-cookie', null);
}

/**
 * An ACK at the listener that carries one of its SYN cookies (Linux cookie_v4_check, only shortly
 * after a SYN queue overflow): the cookie stands in for the SYN-RECEIVED state that was never kept,
 * so the connection is created and completed at once, straight into the accept queue — unless the
 * accept queue is full, when the ACK is dropped and, with no state, nothing is ever retransmitted.
 * Returns false when the ACK is not a cookie's (the caller answers it with a RST).
 */
function cookieAck(ctx: Ctx, listener: Listener, seg: Segment): boolean {
  const cfg = ctx.host.config;
  const overflow = listener.lastSynQueueOverflowAt;
  if (!cfg.synCookies || overflow === null || ctx.now - overflow > cfg.synCookieValidMs) return false;
  if (!carriesCookie(ctx.host, listener.local, seg.src, seg.seq, seg.ack)) return false;
  if (acceptQueueFull(ctx)) {
    drop(ctx, null, 'open.accept-queue-full');
    return true;
  }
  const tcb = newTcb(cfg, listener.local, seg.src, seqAdd(seg.ack, -1), true);
  tcb.state = 'LISTEN';
  tcb.irs = seqAdd(seg.seq, -1);
  tcb.rcvNxt = seg.seq;
  tcb.sndUna = seg.ack;
  tcb.sndNxt = seg.ack;
  tcb.sndWnd = seg.wnd;
  tcb.queue = 'accept';
  ctx.host.connections.push(tcb);
  setState(ctx, tcb, 'SYN-RECEIVED', 'open.syn-cookie-ack');
  setState(ctx, tcb, 'ESTABLISHED', 'open.syn-cookie-ack');
  signal(ctx, tcb, 'connection-established', 'open.syn-cookie-ack');
  // Data or a FIN on the same segment is processed as in ESTABLISHED (the segment starts at RCV.NXT).
  if (seg.data.length > 0 || seg.flags.FIN) arriveSynchronized(ctx, tcb, seg);
  return true;
}

/** Remove from the retransmission queue every segment SEG.ACK covers. */
function acknowledge(ctx: Ctx, tcb: Tcb, ack: number): void {
  tcb.sndUna = ack;
  tcb.unacked = tcb.unacked.filter((u) => seqGt(segmentEnd(u), ack));
  // RFC 6298 §5.3: restart the timer on new data acknowledged; the backed-off RTO returns to the base.
  tcb.retries = 0;
  tcb.rtoMs = ctx.host.config.initialRtoMs;
  tcb.retransmitTimer = null;
  if (tcb.unacked.length === 0) tcb.userTimeoutAt = null;
  armRetransmit(ctx, tcb);
}

/** RFC 9293 §3.10.7.3, state SYN-SENT. */
export function arriveSynSent(ctx: Ctx, tcb: Tcb, seg: Segment): void {
  let ackAcceptable = false;
  if (seg.flags.ACK) {
    // First: an ACK that does not acknowledge our SYN belongs to some other (old) connection.
    if (seqLe(seg.ack, tcb.iss) || seqGt(seg.ack, tcb.sndNxt)) {
      if (seg.flags.RST) return drop(ctx, tcb, 'closed.rst-ignored');
      emit(ctx, { src: tcb.local, dst: tcb.remote, seq: seg.ack, ack: 0, flags: flags('RST'), wnd: 0, data: '' }, 'open.syn-sent-bad-ack-reset', tcb);
      return;
    }
    ackAcceptable = seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndNxt);
  }
  if (seg.flags.RST) {
    // RFC 5961 §3.2: in SYN-SENT a RST counts only if it acknowledges our SYN.
    if (!ackAcceptable) return drop(ctx, tcb, 'rst.out-of-window-ignored');
    signal(ctx, tcb, 'connection-refused', 'open.refused-rst');
    return removeConnection(ctx, tcb, 'open.refused-rst');
  }
  if (!seg.flags.SYN) return drop(ctx, tcb, 'open.listen-stray-segment');

  tcb.irs = seg.seq;
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.sndWnd = seg.wnd;
  if (seg.data.length > 0) drop(ctx, tcb, 'open.syn-data-not-accepted');
  if (ackAcceptable) acknowledge(ctx, tcb, seg.ack);
  if (seqGt(tcb.sndUna, tcb.iss)) {
    setState(ctx, tcb, 'ESTABLISHED', 'open.syn-sent-ack-of-syn-ack');
    signal(ctx, tcb, 'connection-established', 'open.syn-sent-ack-of-syn-ack');
    transmit(ctx, tcb, 'open.syn-sent-ack-of-syn-ack');
    return;
  }
  // Simultaneous open: the peer's SYN crossed ours. Answer with SYN-ACK (our same ISS).
  setState(ctx, tcb, 'SYN-RECEIVED', 'open.simultaneous-syn');
  tcb.unacked = [{ seq: tcb.iss, flags: flags('SYN', 'ACK'), data: '', rule: 'open.simultaneous-syn' }];
  emitFrom(ctx, tcb, tcb.iss, flags('SYN', 'ACK'), '', 'open.simultaneous-syn');
  armRetransmit(ctx, tcb);
}

/** RFC 9293 §3.10.7.4 first check: is any part of the segment inside the receive window? */
export function acceptable(tcb: Tcb, seg: Segment): boolean {
  const len = segmentLength(seg);
  const lo = tcb.rcvNxt;
  const hi = seqAdd(tcb.rcvNxt, tcb.rcvWnd);
  if (len === 0) return tcb.rcvWnd === 0 ? seg.seq === lo : seqInWindow(seg.seq, lo, hi);
  if (tcb.rcvWnd === 0) return false;
  return seqInWindow(seg.seq, lo, hi) || seqInWindow(seqAdd(seg.seq, len - 1), lo, hi);
}

/**
 * RFC 5961 §7: challenge ACKs SHOULD be throttled, or a peer that keeps answering them with
 * inexact RSTs turns two hosts into a ping-pong. At most one per `challengeAckIntervalMs` per
 * connection (Linux's per-socket tcp_invalid_ratelimit is 500 ms).
 */
function challengeAck(ctx: Ctx, tcb: Tcb, rule: 'rst.in-window-challenge-ack' | 'syn.synchronized-challenge-ack'): void {
  const last = tcb.lastChallengeAckAt;
  if (last !== null && ctx.now - last < ctx.host.config.challengeAckIntervalMs) return drop(ctx, tcb, 'ack.challenge-throttled');
  tcb.lastChallengeAckAt = ctx.now;
  sendAck(ctx, tcb, rule);
}

/** RFC 9293 §3.10.7.4: SYN-RECEIVED and every synchronized state, checks in the RFC's order. */
export function arriveSynchronized(ctx: Ctx, tcb: Tcb, seg: Segment): void {
  const cfg = ctx.host.config;

  // Simultaneous open: the peer's SYN-ACK repeats the SYN we already took, but acknowledges ours.
  if (tcb.state === 'SYN-RECEIVED' && !tcb.passive && seg.flags.SYN && seg.flags.ACK && !seg.flags.RST && seg.seq === tcb.irs) {
    if (seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndNxt)) {
      acknowledge(ctx, tcb, seg.ack);
      tcb.sndWnd = seg.wnd;
      setState(ctx, tcb, 'ESTABLISHED', 'open.simultaneous-syn-ack');
      signal(ctx, tcb, 'connection-established', 'open.simultaneous-syn-ack');
      transmit(ctx, tcb, cfg.profile === 'linux' ? 'open.simultaneous-extra-ack' : null);
      return;
    }
  }

  // First: the sequence number.
  if (!acceptable(tcb, seg)) {
    if (tcb.state === 'TIME-WAIT' && seg.flags.FIN && !seg.flags.RST && segmentEnd(seg) === tcb.rcvNxt) {
      // Our last ACK was lost and the peer retransmitted its FIN: ACK it again and restart 2×MSL.
      sendAck(ctx, tcb, 'close.time-wait-fin-reacked');
      tcb.timeWaitExpiresAt = ctx.now + timeWaitMs(cfg);
      return;
    }
    if (tcb.state === 'SYN-RECEIVED' && seg.flags.SYN && !seg.flags.ACK && !seg.flags.RST && seg.seq === tcb.irs) {
      // The peer retransmitted its SYN: our SYN-ACK was lost (or is slow).
      if (cfg.profile === 'linux') {
        emitFrom(ctx, tcb, tcb.iss, flags('SYN', 'ACK'), '', 'open.syn-received-dup-syn', true);
      } else {
        sendAck(ctx, tcb, 'open.syn-received-dup-syn');
      }
      return;
    }
    if (seg.flags.RST) return drop(ctx, tcb, 'rst.out-of-window-ignored');
    sendAck(ctx, tcb, 'seq.unacceptable-ack');
    return;
  }

  // Second: RST (RFC 5961 §3.2: only an exact match resets; in-window draws a challenge ACK).
  if (seg.flags.RST) {
    if (seg.seq !== tcb.rcvNxt) return challengeAck(ctx, tcb, 'rst.in-window-challenge-ack');
    switch (tcb.state) {
      case 'SYN-RECEIVED':
        if (tcb.passive) return removeConnection(ctx, tcb, 'open.syn-received-rst-back-to-listen', 'LISTEN');
        signal(ctx, tcb, 'connection-refused', 'open.syn-received-rst-refused');
        return removeConnection(ctx, tcb, 'open.syn-received-rst-refused');
      case 'TIME-WAIT':
        if (cfg.rfc1337) return drop(ctx, tcb, 'rst.time-wait-rfc1337');
        return removeConnection(ctx, tcb, 'rst.time-wait-assassination');
      case 'ESTABLISHED':
      case 'FIN-WAIT-1':
      case 'FIN-WAIT-2':
      case 'CLOSE-WAIT':
      case 'CLOSING':
      case 'LAST-ACK':
        signal(ctx, tcb, 'connection-reset', 'reset.connection-reset');
        return removeConnection(ctx, tcb, 'reset.connection-reset');
      case 'CLOSED':
      case 'LISTEN':
      case 'SYN-SENT':
        return drop(ctx, tcb, 'rst.out-of-window-ignored');
      default: {
        const unreachable: never = tcb.state;
        return unreachable;
      }
    }
  }

  // Fourth: SYN in a synchronized state (RFC 5961 §4.2: challenge ACK, never a reset).
  if (seg.flags.SYN) {
    if (tcb.state === 'SYN-RECEIVED' && tcb.passive) {
      return removeConnection(ctx, tcb, 'open.old-duplicate-syn', 'LISTEN');
    }
    return challengeAck(ctx, tcb, 'syn.synchronized-challenge-ack');
  }

  // Fifth: ACK. A segment without it carries nothing a synchronized TCP can use.
  if (!seg.flags.ACK) return drop(ctx, tcb, 'ack.missing-ack-dropped');

  if (tcb.state === 'SYN-RECEIVED') {
    if (!(seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndNxt))) {
      emit(ctx, { src: tcb.local, dst: tcb.remote, seq: seg.ack, ack: 0, flags: flags('RST'), wnd: 0, data: '' }, 'open.syn-received-bad-ack-reset', tcb);
      return;
    }
    if (tcb.passive && tcb.queue === 'syn') {
      // Linux (tcp_abort_on_overflow = 0): a full accept queue drops the whole segment, ACK and all;
      // the connection stays SYN-RECEIVED and its SYN-ACK timer retries (tcp_v4_syn_recv_sock).
      if (acceptQueueFull(ctx)) return drop(ctx, tcb, 'open.accept-queue-full');
      tcb.queue = 'accept';
    }
    acknowledge(ctx, tcb, seg.ack);
    tcb.sndWnd = seg.wnd;
    setState(ctx, tcb, 'ESTABLISHED', 'open.syn-received-established');
    signal(ctx, tcb, 'connection-established', 'open.syn-received-established');
  } else if (tcb.state === 'TIME-WAIT') {
    // Only a retransmitted FIN matters in TIME-WAIT (handled above as "unacceptable").
    return drop(ctx, tcb, 'wait.duplicate-ignored');
  } else if (seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndNxt)) {
    acknowledge(ctx, tcb, seg.ack);
    tcb.sndWnd = seg.wnd;
    // A child closed while still half-open (SYN-RECEIVED -> FIN-WAIT-1) leaves the SYN queue once
    // its SYN-ACK is acknowledged, so it stops holding a half-open slot.
    if (tcb.passive && tcb.queue === 'syn' && seqGt(tcb.sndUna, tcb.iss)) tcb.queue = 'accept';
  } else if (seqGt(seg.ack, tcb.sndNxt)) {
    return sendAck(ctx, tcb, 'ack.future-ack');
  } else if (seg.ack === tcb.sndUna) {
    tcb.sndWnd = seg.wnd;
  }

  if (tcb.state === 'CLOSING') {
    if (finAcked(tcb)) enterTimeWait(ctx, tcb, 'close.closing-ack-time-wait');
    return;
  }
  if (tcb.state === 'LAST-ACK') {
    if (finAcked(tcb)) {
      signal(ctx, tcb, 'connection-closed', 'close.last-ack-closed');
      removeConnection(ctx, tcb, 'close.last-ack-closed');
    }
    return;
  }

  // Seventh and eighth: the segment's text, then its FIN, strictly in sequence order. The ACK field
  // was processed above whatever the order; the text and FIN of a segment that starts beyond
  // RCV.NXT wait in the reassembly queue until the gap before them fills.
  let ackRule: RuleId | null = null;
  if (seg.data.length > 0 || seg.flags.FIN) {
    if (!receivesText(tcb.state)) {
      // CLOSE-WAIT: the peer's FIN already marked the end of its data.
      if (seg.data.length > 0) drop(ctx, tcb, 'data.after-fin-ignored');
    } else if (seqGt(seg.seq, tcb.rcvNxt)) {
      hold(tcb, seg);
      ackRule = 'data.out-of-order-dup-ack';
    } else {
      const finReached = deliverFrom(ctx, tcb, seg.seq, seg.data, seg.flags.FIN, 'data.in-order-ack');
      if (seg.data.length > 0) ackRule = 'data.in-order-ack';
      const drained = finReached ? { delivered: false, fin: false } : drainReassembly(ctx, tcb);
      if (drained.delivered) ackRule = 'data.reassembled';
      if (finReached || drained.fin) {
        receiveFin(ctx, tcb);
        ackRule = 'close.ack-of-fin';
      }
    }
  }
  // Fifth check, FIN-WAIT-1: our FIN acknowledged → FIN-WAIT-2. Applied after the FIN (eighth
  // check) so a FIN that also acknowledges ours goes straight to TIME-WAIT (rule
  // close.fin-wait-1-fin-ack-time-wait) instead of passing through FIN-WAIT-2.
  if (tcb.state === 'FIN-WAIT-1' && finAcked(tcb)) setState(ctx, tcb, 'FIN-WAIT-2', 'close.fin-wait-1-ack');
  transmit(ctx, tcb, ackRule);
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
