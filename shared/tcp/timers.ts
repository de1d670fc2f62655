import { type Ctx, emitFrom, removeConnection, signal } from './context.ts';
import type { RuleId } from '../rules/ids.ts';
import type { SocketAddress } from './segment.ts';
import type { Host, Tcb } from './types.ts';
import { retransmittedKind, retryLimit, rtoAfterRetransmission } from './backoff.ts';

/** The earliest expiry among a connection's timers. */
function tcbDeadline(tcb: Tcb): number | null {
  // (No list of the three: the round asks this of every connection at every instant of every step.)
  let at: number | null = tcb.retransmitTimer?.expiresAt ?? null;
  const timeWait = tcb.timeWaitExpiresAt;
  if (timeWait !== null && (at === null || timeWait < at)) at = timeWait;
  const user = tcb.userTimeoutAt;
  if (user !== null && (at === null || user < at)) at = user;
  const finWait2 = tcb.finWait2ExpiresAt;
  if (finWait2 != null && (at === null || finWait2 < at)) at = finWait2;
  return at;
}

/** When the engine next needs to be woken (null: nothing will happen until something arrives). */
export function nextDeadline(host: Host): number | null {
  let at: number | null = null;
  // (Indexed: asked at every instant of every step, and a for-of made an iterator result per connection.)
  for (let i = 0; i < host.connections.length; i++) {
    const t = tcbDeadline(host.connections[i]!);
    if (t !== null && (at === null || t < at)) at = t;
  }
  return at;
}

function deadlineOf(host: Host, remote: SocketAddress): number | null {
  const tcb = host.connections.find((c) => c.remote === remote);
  return tcb ? tcbDeadline(tcb) : null;
}

function retransmitRule(tcb: Tcb): RuleId {
  const oldest = tcb.unacked[0];
  if (!oldest) return 'timer.retransmit-data';
  if (oldest.flags.SYN) return oldest.flags.ACK ? 'timer.retransmit-syn-ack' : 'timer.retransmit-syn';
  if (oldest.flags.FIN) return 'timer.retransmit-fin';
  return 'timer.retransmit-data';
}

/**
 * RFC 6298 §5.4-5.6: on expiry retransmit the earliest unacknowledged segment, back the RTO off
 * (backoff.ts), restart the timer. After the retry limit for that kind of segment, give up.
 */
function retransmissionTimeout(ctx: Ctx, tcb: Tcb): void {
  const oldest = tcb.unacked[0];
  if (!oldest) {
    tcb.retransmitTimer = null;
    return;
  }
  const cfg = ctx.host.config;
  const kind = retransmittedKind(oldest.flags);
  if (tcb.retries >= retryLimit(cfg, kind, tcb.passive, tcb.orphaned === true)) {
    if (kind === 'SYN-ACK' && tcb.passive) {
      signal(ctx, tcb, 'half-open-dropped', 'timer.syn-ack-give-up');
      return removeConnection(ctx, tcb, 'timer.syn-ack-give-up', 'LISTEN');
    }
    const rule: RuleId = kind === 'SYN' || kind === 'SYN-ACK' ? 'timer.syn-give-up' : 'timer.data-give-up';
    signal(ctx, tcb, 'connection-timed-out', rule);
    return removeConnection(ctx, tcb, rule);
  }
  tcb.retries += 1;
  tcb.rtoMs = rtoAfterRetransmission(cfg, kind, tcb.retries, tcb.rtoMs);
  emitFrom(ctx, tcb, oldest.seq, oldest.flags, oldest.data, retransmitRule(tcb), true);
  tcb.retransmitTimer = { expiresAt: ctx.now + tcb.rtoMs };
}

/** Fire every timer of this connection that is due at ctx.now. */
export function fireTimers(ctx: Ctx, tcb: Tcb): void {
  if (tcb.timeWaitExpiresAt !== null && tcb.timeWaitExpiresAt <= ctx.now) {
    signal(ctx, tcb, 'connection-closed', 'close.time-wait-expired');
    return removeConnection(ctx, tcb, 'close.time-wait-expired');
  }
  if (tcb.userTimeoutAt !== null && tcb.userTimeoutAt <= ctx.now) {
    signal(ctx, tcb, 'user-timeout', 'timer.user-timeout');
    return removeConnection(ctx, tcb, 'timer.user-timeout');
  }
  if (tcb.finWait2ExpiresAt != null && tcb.finWait2ExpiresAt <= ctx.now) {
    // Linux: the FIN-WAIT-2 timewait socket of an orphan dies silently (inet_twsk_kill): no RST,
    // and no application to tell. A segment that comes later finds no connection (a RST answers it).
    return removeConnection(ctx, tcb, 'close.fin-wait-2-timeout');
  }
  if (tcb.retransmitTimer && tcb.retransmitTimer.expiresAt <= ctx.now) retransmissionTimeout(ctx, tcb);
}

/** The connections with a timer due by `at`, the earliest first (the order the engine fires them in). */
export function connectionsDueBy(host: Host, at: number): Tcb[] {
  const due: { tcb: Tcb; at: number }[] = [];
  for (const tcb of host.connections) {
    const t = tcbDeadline(tcb);
    if (t !== null && t <= at) due.push({ tcb, at: t });
  }
  return due.sort((a, b) => a.at - b.at).map((d) => d.tcb);
}

/**
 * Run every deadline up to `until`, each at its own expiry time, so timing never depends on how
 * often we are woken. `only`: run that connection's deadlines alone; the others wait for a tick of
 * their own.
 */
export function runTimersUntil(ctx: Ctx, until: number, only?: SocketAddress): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const due = only === undefined ? nextDeadline(ctx.host) : deadlineOf(ctx.host, only);
    if (due === null || due > until) break;
    ctx.now = Math.max(ctx.now, due);
    const tcb = ctx.host.connections.find((c) => tcbDeadline(c) === due && (only === undefined || c.remote === only));
    if (!tcb) break;
    fireTimers(ctx, tcb);
  }
  ctx.now = until;
}
