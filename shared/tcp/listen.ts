/**
 * RFC 9293 §3.10.7.2, a segment arrives at a listening socket, and the two queues a listener keeps:
 * the SYN queue (half-open children in SYN-RECEIVED) and the accept queue (ESTABLISHED children not
 * yet taken by accept()). The bounds, SYN cookies and what a full accept queue does are settings
 * (config.ts), because this is where the RFC's text and Linux differ most.
 */
import { acceptQueueCapacity, synQueueCapacity } from './config.ts';
import { type Ctx, armRetransmit, chooseIss, drop, emit, emitFrom, setState, signal, transmit } from './context.ts';
import { carriesCookie, synCookie } from './cookie.ts';
import { receiveText } from './receive.ts';
import { flags, type Segment } from './segment.ts';
import { seqAdd } from './seq.ts';
import { newTcb } from './tcb.ts';
import type { Listener } from './types.ts';

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
  let rule: 'open.listen-syn-ack' | 'open.fast-open-syn-data' = 'open.listen-syn-ack';
  if (seg.data.length > 0 && ctx.host.fastOpen) {
    // RFC 7413 §4.2: the cookie checked, the data goes to the application now, and the SYN-ACK acknowledges it.
    const data = seg.data.slice(0, tcb.rcvWnd);
    tcb.rcvNxt = seqAdd(tcb.rcvNxt, data.length);
    tcb.unread += data;
    tcb.delivered += data;
    rule = 'open.fast-open-syn-data';
    signal(ctx, tcb, 'data-delivered', rule, data);
  } else if (seg.data.length > 0) {
    drop(ctx, tcb, 'open.syn-data-not-accepted');
  }
  emitFrom(ctx, tcb, tcb.iss, flags('SYN', 'ACK'), '', rule);
  tcb.unacked.push({ seq: tcb.iss, flags: flags('SYN', 'ACK'), data: '', rule });
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
  if (seg.data.length > 0 || seg.flags.FIN) transmit(ctx, tcb, receiveText(ctx, tcb, seg));
  return true;
}
