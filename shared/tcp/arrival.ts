import {
  type Ctx,
  armRetransmit,
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
import { seqAdd, seqGt, seqInWindow, seqLe, seqLt } from './seq.ts';
import type { Tcb } from './types.ts';
import { finWait2Ms, timeWaitMs } from './config.ts';
import { acceptQueueFull } from './listen.ts';
import { receiveText } from './receive.ts';
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

/** Remove from the retransmission queue every segment SEG.ACK covers. */
function acknowledge(ctx: Ctx, tcb: Tcb, ack: number): void {
  tcb.sndUna = ack;
  tcb.unacked = tcb.unacked.filter((u) => seqGt(segmentEnd(u), ack));
  // RFC 6298 §5.3: restart the timer on new data acknowledged. The backed-off RTO returns to the
  // base here: this TCP takes no round-trip samples, and with one RFC 6298 §5 (after 5.7) would
  // recompute the RTO from it, which Linux does (rule ack.new-data-acked says so).
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
    signal(ctx, tcb, 'connection-refused', 'open.syn-sent-rst-refused');
    return removeConnection(ctx, tcb, 'open.syn-sent-rst-refused');
  }
  // Fifth: neither SYN nor RST. Even an ACK of our SYN is dropped: the peer's ISN is still unknown.
  if (!seg.flags.SYN) return drop(ctx, tcb, 'open.syn-sent-stray-segment');

  tcb.irs = seg.seq;
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.sndWnd = seg.wnd;
  if (seg.data.length > 0) drop(ctx, tcb, 'open.syn-data-not-accepted');
  if (ackAcceptable) acknowledge(ctx, tcb, seg.ack);
  // RFC 7413 §4.2.2: our SYN carried data (Fast Open) and the SYN-ACK acknowledged only the SYN.
  const synData = tcb.unacked[0];
  const resend = seqGt(tcb.sndUna, tcb.iss) && synData?.flags.SYN && synData.data.length > 0 ? synData.data : '';
  if (resend !== '') tcb.unacked[0] = { seq: seqAdd(tcb.iss, 1), flags: flags('ACK'), data: resend, rule: 'open.fast-open-data-resent' };
  if (seqGt(tcb.sndUna, tcb.iss)) {
    setState(ctx, tcb, 'ESTABLISHED', 'open.syn-sent-ack-of-syn-ack');
    signal(ctx, tcb, 'connection-established', 'open.syn-sent-ack-of-syn-ack');
    transmit(ctx, tcb, 'open.syn-sent-ack-of-syn-ack');
    if (resend !== '') emitFrom(ctx, tcb, seqAdd(tcb.iss, 1), flags('ACK'), resend, 'open.fast-open-data-resent', true);
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
 * connection (Linux's per-socket tcp_invalid_ratelimit is 500 ms). The ACK of data never sent is
 * one too (RFC 5961 §5.2; Linux 6.18.y tcp_ack sends it with tcp_send_challenge_ack).
 */
function challengeAck(ctx: Ctx, tcb: Tcb, rule: 'rst.in-window-challenge-ack' | 'syn.synchronized-challenge-ack' | 'ack.future-ack'): void {
  const last = tcb.lastChallengeAckAt;
  if (last !== null && ctx.now - last < ctx.host.config.challengeAckIntervalMs) return drop(ctx, tcb, 'ack.challenge-throttled');
  tcb.lastChallengeAckAt = ctx.now;
  sendAck(ctx, tcb, rule);
}

/**
 * Linux tcp_oow_rate_limited (net.ipv4.tcp_invalid_ratelimit): the duplicate ACK for a segment
 * that failed the sequence check is left out when one (or a challenge ACK) went out on this
 * connection less than the interval ago. A segment with data or a FIN is always answered ("Data
 * packets without SYNs are not likely part of an ACK loop"); a SYN or a bare ACK may be limited.
 */
function outOfWindowAckLimited(ctx: Ctx, tcb: Tcb, seg: Segment): boolean {
  const cfg = ctx.host.config;
  const interval = cfg.invalidAckRatelimitMs ?? 0;
  if (segmentLength(seg) > 0 && !seg.flags.SYN) return false;
  const last = tcb.lastChallengeAckAt;
  if (interval > 0 && last !== null && ctx.now - last >= 0 && ctx.now - last < interval) return true;
  // The ACK goes out: Linux restarts its one clock (also when a player sent the ACK the limit
  // would have held back, the judge's other reading: the connection goes on as having sent it).
  if (interval > 0 || cfg.profile === 'linux') tcb.lastChallengeAckAt = ctx.now;
  return false;
}

/**
 * Linux, tcp_rcv_state_process step 7 (net/ipv4/tcp_input.c): "RFC 793 says to queue data in these
 * states, RFC 1122 says we MUST send a reset. BSD 4.4 also does reset." Once the receive side is
 * shut (RCV_SHUTDOWN: the application called close(), or the peer's FIN came), a segment with data
 * running past RCV.NXT (`after(end_seq - th->fin, rcv_nxt)`), or a FIN beyond it, resets the
 * connection (LINUX_MIB_TCPABORTONDATA). CLOSE-WAIT, CLOSING and LAST-ACK check only a segment that
 * starts below RCV.NXT (one at or past it is skipped, §3.10.7.4 seventh), and CLOSING and LAST-ACK
 * none once their FIN is acknowledged (the segment was consumed going to TIME-WAIT or CLOSED). In
 * FIN-WAIT-1 and FIN-WAIT-2 only an orphan's receive side is shut (shutdown(SHUT_WR) leaves it open);
 * its FIN-WAIT-1 does the same when the ACK of its FIN comes with the data ("Receive out of order
 * FIN after close()"), and its FIN-WAIT-2 timewait socket too (tcp_timewait_state_process: "If new
 * data arrive after half-duplex close, reset").
 */
function abortsOnData(tcb: Tcb, seg: Segment): boolean {
  if (segmentLength(seg) === 0 || !seqGt(seqAdd(seg.seq, seg.data.length), tcb.rcvNxt)) return false;
  switch (tcb.state) {
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
      return tcb.orphaned === true;
    case 'CLOSE-WAIT':
    case 'CLOSING':
    case 'LAST-ACK':
      return seqLt(seg.seq, tcb.rcvNxt) && !finAcked(tcb);
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
    case 'TIME-WAIT':
    case 'CLOSED':
    case 'LISTEN':
    case 'SYN-SENT':
      return false;
    default: {
      const unreachable: never = tcb.state;
      return unreachable;
    }
  }
}

/**
 * The reset Linux sends for it is tcp_v4_send_reset's answer to the segment (tcp_v4_do_rcv, when
 * tcp_rcv_state_process returns SKB_DROP_REASON_TCP_ABORT_ON_DATA): the segment has an ACK, so
 * <SEQ=SEG.ACK><CTL=RST>. The TCB is deleted (tcp_reset, tcp_done); an orphan has no one to tell.
 */
function abortOnData(ctx: Ctx, tcb: Tcb, seg: Segment): void {
  emit(ctx, { src: tcb.local, dst: tcb.remote, seq: seg.ack, ack: 0, flags: flags('RST'), wnd: 0, data: '' }, 'close.abort-on-data', tcb);
  if (!tcb.orphaned) signal(ctx, tcb, 'connection-reset', 'close.abort-on-data');
  removeConnection(ctx, tcb, 'close.abort-on-data');
}

/** RFC 9293 §3.10.7.4: SYN-RECEIVED and every synchronized state, checks in the RFC's order. */
export function arriveSynchronized(ctx: Ctx, tcb: Tcb, seg: Segment): void {
  const cfg = ctx.host.config;

  // Simultaneous open: the peer's SYN-ACK repeats the SYN we already took, but acknowledges ours.
  const peersSynAck = tcb.state === 'SYN-RECEIVED' && !tcb.passive && seg.flags.SYN && seg.flags.ACK && !seg.flags.RST && seg.seq === tcb.irs;
  if (peersSynAck && !cfg.simultaneousOpenSeqCheck) {
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
        // tcp_check_req: the SYN-ACK goes again unless tcp_oow_rate_limited (the request's
        // last_oow_ack_time) finds one sent that way less than 500 ms ago.
        if (tcb.passive && outOfWindowAckLimited(ctx, tcb, seg)) return drop(ctx, tcb, 'ack.out-of-window-rate-limited');
        emitFrom(ctx, tcb, tcb.iss, flags('SYN', 'ACK'), '', 'open.syn-received-dup-syn', true);
      } else {
        sendAck(ctx, tcb, 'open.syn-received-dup-syn');
      }
      return;
    }
    if (seg.flags.RST) return drop(ctx, tcb, 'rst.out-of-window-ignored');
    // Read word for word, §3.10.7.4 finds the peer's SYN-ACK old (see simultaneousOpenSeqCheck).
    if (peersSynAck) return sendAck(ctx, tcb, 'open.simultaneous-syn-ack-seq-check');
    if (outOfWindowAckLimited(ctx, tcb, seg)) return drop(ctx, tcb, 'ack.out-of-window-rate-limited');
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
      // Linux (tcp_check_req, "fourth, check the SYN bit": embryonic_reset) also answers the SYN
      // with a reset, as tcp_v4_send_reset builds one for a segment with no connection.
      if (cfg.profile === 'linux') {
        const rst = seg.flags.ACK
          ? { seq: seg.ack, ack: 0, flags: flags('RST') }
          : { seq: 0, ack: segmentEnd(seg), flags: flags('RST', 'ACK') };
        emit(ctx, { src: tcb.local, dst: tcb.remote, ...rst, wnd: 0, data: '' }, 'open.old-duplicate-syn-reset', tcb);
      }
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
    // A bare ACK at RCV.NXT carries nothing new: dropped without reply (Linux
    // tcp_timewait_state_process: "it may be only reset or bare ack"), where Linux also restarts
    // the TIME-WAIT timer (inet_twsk_reschedule; TcpConfig.timeWaitBareAckRestarts). Anything else that passed the first check (data, a FIN beyond the
    // one taken, a segment past RCV.NXT) is answered: §3.10.7.4 TIME-WAIT "The only thing that can
    // arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the
    // 2 MSL timeout" (Linux: "All the segments are ACKed immediately", and the timer rescheduled).
    if (seg.seq === tcb.rcvNxt && segmentLength(seg) === 0) {
      if (cfg.timeWaitBareAckRestarts) tcb.timeWaitExpiresAt = ctx.now + timeWaitMs(cfg);
      return drop(ctx, tcb, 'wait.duplicate-ignored');
    }
    tcb.timeWaitExpiresAt = ctx.now + timeWaitMs(cfg);
    // Linux tcp_timewait_check_oow_rate_limit: the same limit as an established connection's
    // (tw_last_oow_ack_time); TIME-WAIT restarts either way.
    if (outOfWindowAckLimited(ctx, tcb, seg)) return drop(ctx, tcb, 'ack.out-of-window-rate-limited');
    sendAck(ctx, tcb, 'close.time-wait-segment-acked');
    return;
  } else if (seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndNxt)) {
    acknowledge(ctx, tcb, seg.ack);
    tcb.sndWnd = seg.wnd;
    // A child closed while still half-open (SYN-RECEIVED -> FIN-WAIT-1) leaves the SYN queue once
    // its SYN-ACK is acknowledged, so it stops holding a half-open slot.
    if (tcb.passive && tcb.queue === 'syn' && seqGt(tcb.sndUna, tcb.iss)) tcb.queue = 'accept';
  } else if (seqGt(seg.ack, tcb.sndNxt)) {
    return challengeAck(ctx, tcb, 'ack.future-ack');
  } else if (seg.ack === tcb.sndUna) {
    tcb.sndWnd = seg.wnd;
  }

  if (cfg.profile === 'linux' && abortsOnData(tcb, seg)) return abortOnData(ctx, tcb, seg);

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

  // Seventh and eighth: the segment's text, then its FIN, in sequence order (receive.ts).
  const ackRule = receiveText(ctx, tcb, seg);
  // Fifth check, FIN-WAIT-1: our FIN acknowledged → FIN-WAIT-2. Applied after the FIN (eighth
  // check) so a FIN that also acknowledges ours goes straight to TIME-WAIT (rule
  // close.fin-wait-1-fin-ack-time-wait) instead of passing through FIN-WAIT-2.
  if (tcb.state === 'FIN-WAIT-1' && finAcked(tcb)) {
    setState(ctx, tcb, 'FIN-WAIT-2', 'close.fin-wait-1-ack');
    // Linux: an orphan (close(), no application left to wait for) is given tcp_fin_timeout to
    // receive the peer's FIN (tcp_rcv_state_process: tcp_time_wait(sk, TCP_FIN_WAIT2, tmo)).
    const wait = finWait2Ms(cfg);
    if (tcb.orphaned && wait > 0) tcb.finWait2ExpiresAt = ctx.now + wait;
  }
  transmit(ctx, tcb, ackRule);
}
