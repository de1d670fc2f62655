/**
 * What a decision tells its player, from its own host and nothing else: which timer fired (and,
 * for the retransmission timer, the RTO, the retries so far and the segment it resends), and the
 * host's own TCB for the connection the decision concerns, as it stood when the event came. The
 * composer's helpers are these TCB variables by name (ISS, IRS, SND.UNA, SND.NXT, RCV.NXT): a
 * player can build every right answer from them and from the segment that arrived.
 */
import { retransmittedKind, retryLimit } from '../tcp/backoff.ts';
import { finWait2Ms, timeWaitMs, type Profile } from '../tcp/config.ts';
import { connectionTo } from '../tcp/host.ts';
import type { SocketAddress } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Host, Tcb } from '../tcp/types.ts';
import { DELAYED_ACK_MS } from './allowed.ts';
import type { ProposedSegment } from './move.ts';

export type TimerKind = TimerPrompt['kind'];

/** Which timer expired, in the words the prompt needs. */
export type TimerPrompt =
  | {
      kind: 'retransmission';
      /** The RTO that just expired (it doubles if the segment is resent). */
      rtoMs: number;
      /** Retransmissions of this segment so far, and how many the host allows before giving up. */
      retries: number;
      retryLimit: number;
      /** The application closed the socket (close()), and Linux's tcp_orphan_retries sets the limit. */
      orphaned?: true;
      /** The oldest unacknowledged segment: what a retransmission resends, unchanged but for ack = RCV.NXT. */
      segment: ProposedSegment;
    }
  /**
   * The profile says what the wait is: RFC 9293's 2×MSL, or Linux's fixed TCP_TIMEWAIT_LEN (60 s,
   * compiled into the kernel; Linux has no MSL setting).
   */
  | { kind: 'time-wait'; durationMs: number; mslMs: number; profile: Profile }
  | { kind: 'user-timeout'; durationMs: number }
  /** Linux: an orphan's wait in FIN-WAIT-2 for the peer's FIN (tcp_fin_timeout) ran out. */
  | { kind: 'fin-wait-2'; durationMs: number }
  | { kind: 'delayed-ack'; delayMs: number };

/** The player's own TCB (RFC 9293 §3.3.1) for the connection a decision concerns; null = not set yet. */
export interface TcbView {
  remote: SocketAddress;
  state: TcpState | null;
  iss: number | null;
  irs: number | null;
  sndUna: number | null;
  sndNxt: number | null;
  rcvNxt: number | null;
  /** Bytes the application handed over that no segment has carried yet. */
  sendBuffer: string;
  /** Bytes that arrived and the application has not read yet. */
  unread: string;
  /** This very event made the TCP pick its ISS (a connect(), a SYN reaching a listener). */
  issJustPicked: boolean;
  /** The ISS is a SYN cookie (the SYN queue is full): the SYN-ACK carries it, and no TCB is kept. */
  synCookie?: boolean;
  /**
   * The application closed the socket with close() and will never read it again (an orphan; not
   * after shutdown(SHUT_WR)): under Linux new data that reaches it is answered with a RST.
   */
  orphaned?: true;
}

/** The timer that fires at `at` on this connection, checked in the order the engine fires them. */
export function firedTimer(host: Host, conn: SocketAddress, at: number): TimerPrompt | null {
  const tcb = connectionTo(host, conn);
  if (!tcb) return null;
  if (tcb.timeWaitExpiresAt !== null && tcb.timeWaitExpiresAt <= at) return { kind: 'time-wait', durationMs: timeWaitMs(host.config), mslMs: host.config.mslMs, profile: host.config.profile };
  if (tcb.userTimeoutAt !== null && tcb.userTimeoutAt <= at) return { kind: 'user-timeout', durationMs: host.config.userTimeoutMs };
  if (tcb.finWait2ExpiresAt != null && tcb.finWait2ExpiresAt <= at) return { kind: 'fin-wait-2', durationMs: finWait2Ms(host.config) };
  const oldest = tcb.unacked[0];
  if (tcb.retransmitTimer && tcb.retransmitTimer.expiresAt <= at && oldest) {
    return {
      kind: 'retransmission',
      rtoMs: tcb.rtoMs,
      retries: tcb.retries,
      // The engine's own limit (backoff.ts): Linux adds tcp_syn_linear_timeouts to a SYN's retries, and a
      // simultaneous open's SYN-ACK is that side's SYN.
      retryLimit: retryLimit(host.config, retransmittedKind(oldest.flags), tcb.passive, tcb.orphaned === true),
      // Linux bounds an orphan's retransmissions by tcp_orphan_retries, not tcp_retries2 (backoff.ts).
      ...(tcb.orphaned && host.config.orphanRetries != null ? { orphaned: true as const } : {}),
      segment: { flags: { ...oldest.flags }, seq: oldest.seq, ack: oldest.flags.ACK ? tcb.rcvNxt : 0, data: oldest.data },
    };
  }
  return null;
}

export function delayedAckTimer(): TimerPrompt {
  return { kind: 'delayed-ack', delayMs: DELAYED_ACK_MS };
}

/**
 * The TCB as the event found it. With no TCB yet, what the event itself set up and the host
 * therefore knows: the ISS its TCP just picked and the bytes its application queued.
 */
export function tcbView(before: Host, after: Host | null, conn: SocketAddress): TcbView {
  const tcb: Tcb | undefined = connectionTo(before, conn);
  if (tcb) {
    const received = tcb.state !== 'SYN-SENT';
    return {
      remote: conn,
      state: tcb.state,
      iss: tcb.iss,
      irs: received ? tcb.irs : null,
      sndUna: tcb.sndUna,
      sndNxt: tcb.sndNxt,
      rcvNxt: received ? tcb.rcvNxt : null,
      sendBuffer: tcb.sendBuffer,
      unread: tcb.unread,
      issJustPicked: false,
      ...(tcb.orphaned ? { orphaned: true as const } : {}),
    };
  }
  const born = after ? connectionTo(after, conn) : undefined;
  return { remote: conn, state: null, iss: born?.iss ?? null, irs: null, sndUna: null, sndNxt: null, rcvNxt: null, sendBuffer: born?.sendBuffer ?? '', unread: '', issJustPicked: !!born };
}
