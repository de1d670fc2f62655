import type { RuleId } from '../rules/ids.ts';
import { timeWaitMs } from './config.ts';
import { nextUint32 } from './rng.ts';
import { flags, MAX_WINDOW, type ControlBits, type Segment } from './segment.ts';
import { seqAdd, seqDiff } from './seq.ts';
import type { TcpState } from './states.ts';
import type { Host, Output, Tcb, UserSignal } from './types.ts';

/** The mutable scratch of one engine step: a private copy of the host, the time, and what was emitted. */
export interface Ctx {
  host: Host;
  now: number;
  out: Output[];
}

/** The one place a connection changes state, so every change is an output that names its rule. */
export function setState(ctx: Ctx, tcb: Tcb, to: TcpState, rule: RuleId): void {
  if (tcb.state === to) return;
  ctx.out.push({ kind: 'state', conn: tcb.remote, from: tcb.state, to, rule });
  tcb.state = to;
}

export function signal(ctx: Ctx, tcb: Tcb, what: UserSignal, rule: RuleId, data?: string): void {
  ctx.out.push(data === undefined ? { kind: 'signal', conn: tcb.remote, signal: what, rule } : { kind: 'signal', conn: tcb.remote, signal: what, rule, data });
}

export function drop(ctx: Ctx, tcb: Tcb | null, rule: RuleId): void {
  ctx.out.push({ kind: 'drop', conn: tcb ? tcb.remote : null, rule });
}

export function emit(ctx: Ctx, segment: Segment, rule: RuleId, conn: Tcb | null, retransmission = false): void {
  ctx.out.push({ kind: 'segment', segment, rule, retransmission, conn: conn ? conn.remote : null });
}

/**
 * A segment from this connection; the ACK field carries RCV.NXT whenever the ACK bit is on, the
 * window field RCV.WND as 16 bits hold it (this TCP has no window scaling: a larger RCV.WND, which
 * the capture annotator gives an engine to take what a real receiver offered, is sent as 65,535).
 */
export function emitFrom(ctx: Ctx, tcb: Tcb, seq: number, bits: ControlBits, data: string, rule: RuleId, retransmission = false): void {
  emit(ctx, { src: tcb.local, dst: tcb.remote, seq, ack: bits.ACK ? tcb.rcvNxt : 0, flags: bits, wnd: Math.min(tcb.rcvWnd, MAX_WINDOW), data }, rule, tcb, retransmission);
}

/** <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: the reply RFC 9293 prescribes for many unacceptable segments. */
export function sendAck(ctx: Ctx, tcb: Tcb, rule: RuleId): void {
  emitFrom(ctx, tcb, tcb.sndNxt, flags('ACK'), '', rule);
}

/** A fresh ISN from the host's seeded generator (RFC 9293 §3.4.1: never a fixed number). */
export function chooseIss(ctx: Ctx, requested?: number): number {
  if (requested !== undefined) return requested;
  const [n, rng] = nextUint32(ctx.host.rng);
  ctx.host.rng = rng;
  return n;
}

export function armRetransmit(ctx: Ctx, tcb: Tcb): void {
  if (tcb.unacked.length === 0) {
    tcb.retransmitTimer = null;
    tcb.userTimeoutAt = null;
    return;
  }
  if (!tcb.retransmitTimer) tcb.retransmitTimer = { expiresAt: ctx.now + tcb.rtoMs };
  const cfg = ctx.host.config;
  if (cfg.userTimeoutMs > 0 && tcb.userTimeoutAt === null && tcb.state !== 'SYN-SENT' && tcb.state !== 'SYN-RECEIVED') {
    tcb.userTimeoutAt = ctx.now + cfg.userTimeoutMs;
  }
}

export function enterTimeWait(ctx: Ctx, tcb: Tcb, rule: RuleId): void {
  setState(ctx, tcb, 'TIME-WAIT', rule);
  tcb.unacked = [];
  tcb.retransmitTimer = null;
  tcb.userTimeoutAt = null;
  tcb.finWait2ExpiresAt = null;
  tcb.timeWaitExpiresAt = ctx.now + timeWaitMs(ctx.host.config);
}

/** Delete the TCB: the connection returns to CLOSED (or, for a half-open child, its listener forgets it). */
export function removeConnection(ctx: Ctx, tcb: Tcb, rule: RuleId, to: TcpState = 'CLOSED'): void {
  setState(ctx, tcb, to, rule);
  ctx.host.connections = ctx.host.connections.filter((c) => c !== tcb);
}

/** Bytes in flight: SND.NXT − SND.UNA. */
export function inFlight(tcb: Tcb): number {
  return seqDiff(tcb.sndNxt, tcb.sndUna);
}

function canSendData(tcb: Tcb): boolean {
  if (tcb.state === 'ESTABLISHED' || tcb.state === 'CLOSE-WAIT') return true;
  // CLOSE moved us on at once (RFC 9293 §3.10.4), but data queued before it is still sent, then the FIN.
  return (tcb.state === 'FIN-WAIT-1' || tcb.state === 'LAST-ACK') && !tcb.finSent;
}

/**
 * Send what the connection may send now: queued data within the peer's window, then a FIN if
 * CLOSE was called and the data is all out; otherwise a bare ACK if one is owed (`ackRule`).
 */
export function transmit(ctx: Ctx, tcb: Tcb, ackRule: RuleId | null): void {
  let sent = false;
  if (canSendData(tcb)) {
    while (tcb.sendBuffer.length > 0) {
      const room = tcb.sndWnd - inFlight(tcb);
      if (room <= 0) break;
      const size = Math.min(room, ctx.host.config.mss, tcb.sendBuffer.length);
      const data = tcb.sendBuffer.slice(0, size);
      tcb.sendBuffer = tcb.sendBuffer.slice(size);
      const rule: RuleId = ackRule === 'open.syn-sent-ack-of-syn-ack' && !sent ? 'data.piggyback-third-segment' : 'data.send';
      emitFrom(ctx, tcb, tcb.sndNxt, flags('ACK'), data, rule);
      tcb.unacked.push({ seq: tcb.sndNxt, flags: flags('ACK'), data, rule });
      tcb.sndNxt = seqAdd(tcb.sndNxt, size);
      sent = true;
    }
    if (tcb.finQueued && !tcb.finSent && tcb.sendBuffer.length === 0) {
      const rule: RuleId = tcb.state === 'LAST-ACK' ? 'close.close-wait-fin' : 'close.active-fin';
      emitFrom(ctx, tcb, tcb.sndNxt, flags('FIN', 'ACK'), '', rule);
      tcb.unacked.push({ seq: tcb.sndNxt, flags: flags('FIN', 'ACK'), data: '', rule });
      tcb.finSent = true;
      tcb.finSeq = tcb.sndNxt;
      tcb.sndNxt = seqAdd(tcb.sndNxt, 1);
      sent = true;
    }
  }
  if (!sent && ackRule) sendAck(ctx, tcb, ackRule);
  armRetransmit(ctx, tcb);
}

/** Our FIN has been acknowledged: SND.UNA has passed its sequence number. */
export function finAcked(tcb: Tcb): boolean {
  return tcb.finSent && seqDiff(tcb.sndUna, tcb.finSeq) >= 1;
}
