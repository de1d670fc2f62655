import type { TcpConfig } from './config.ts';
import type { RuleId } from '../rules/ids.ts';
import type { ControlBits, Segment, SocketAddress } from './segment.ts';
import type { TcpState } from './states.ts';

/** The state of a seeded generator (pure-rand xoroshiro128+), plain data so it can be stored and replayed. */
export type RngState = readonly number[];

/** Timers are data: an expiry time on the engine's clock (ms). RFC 9293 §3.8.1. */
export interface RetransmissionTimer {
  expiresAt: number;
}

/** One entry of the retransmission queue: a segment sent but not yet acknowledged. */
export interface Unacknowledged {
  seq: number;
  flags: ControlBits;
  data: string;
  /** Why it was sent first (the rule), so a retransmission can name it. */
  rule: RuleId;
}

/**
 * The Transmission Control Block of one connection (RFC 9293 §3.3.1), with the variables named as
 * the RFC names them (SND.UNA → sndUna).
 */
export interface Tcb {
  /** The remote socket: identifies this connection on its host. */
  remote: SocketAddress;
  local: SocketAddress;
  state: TcpState;
  /** Opened by a passive OPEN (a listener's child) rather than an active one. */
  passive: boolean;
  /** For a listener's child: waiting in the SYN (half-open) queue, in the accept queue, or accepted. */
  queue: 'syn' | 'accept' | 'accepted';
  iss: number;
  sndUna: number;
  sndNxt: number;
  sndWnd: number;
  irs: number;
  rcvNxt: number;
  rcvWnd: number;
  /** Bytes the application asked to send, not yet put in a segment. */
  sendBuffer: string;
  /** CLOSE was called: a FIN follows the last queued byte. */
  finQueued: boolean;
  /**
   * The application closed the socket with close() and will never read or write it again: the
   * connection is an orphan (Linux sock_orphan in tcp_close, SOCK_DEAD), finished by the TCP alone.
   * Not after shutdown(SHUT_WR), which closes only the sending half. Absent in older rounds: false.
   */
  orphaned?: boolean;
  /** Our FIN has been sent (its sequence number is finSeq). */
  finSent: boolean;
  finSeq: number;
  /** The retransmission queue, oldest first. */
  unacked: Unacknowledged[];
  /** Current RTO, doubled on each timeout (RFC 6298 §5.5). */
  rtoMs: number;
  /** Consecutive retransmission timeouts of the oldest unacknowledged segment. */
  retries: number;
  retransmitTimer: RetransmissionTimer | null;
  /** When TIME-WAIT ends (2×MSL after it began or was restarted). */
  timeWaitExpiresAt: number | null;
  /** When the user timeout fires (RFC 9293 §3.10.8), if armed. */
  userTimeoutAt: number | null;
  /**
   * When an orphan gives up waiting in FIN-WAIT-2 for the peer's FIN (Linux tcp_fin_timeout), if
   * armed. Absent in older rounds: none.
   */
  finWait2ExpiresAt?: number | null;
  /**
   * When the last challenge ACK went out (RFC 5961 §7 throttling); under Linux's
   * tcp_invalid_ratelimit also the last duplicate ACK for an out-of-window segment (Linux keeps one
   * clock for both, tp->last_oow_ack_time).
   */
  lastChallengeAckAt: number | null;
  /**
   * The out-of-order (reassembly) queue: in-window segments that start beyond RCV.NXT, held until
   * the gap before them fills (RFC 9293 §3.10.7.4: "may be held for later processing"), oldest
   * sequence number first. A held FIN is processed once every byte before it has arrived.
   */
  reassembly: HeldSegment[];
  /** Data received in order but not yet read by the application. */
  unread: string;
  /** Everything delivered to the application, in order, exactly once. */
  delivered: string;
}

/** One out-of-order segment's text (and FIN), kept in the reassembly queue. */
export interface HeldSegment {
  seq: number;
  data: string;
  fin: boolean;
}

/** A passive OPEN: a listening socket with its SYN queue and accept queue (children are Tcbs with `queue`). */
export interface Listener {
  local: SocketAddress;
  /** When a SYN last found the SYN queue full (Linux validates SYN cookies only for a while after). */
  lastSynQueueOverflowAt: number | null;
}

export interface Host {
  config: TcpConfig;
  /** This host's IP address ("10.0.0.1"). */
  address: string;
  rng: RngState;
  /** The last time the engine was stepped to; events must not go back in time. */
  now: number;
  listener: Listener | null;
  /** Every connection the host holds: its own active opens and a listener's children. */
  connections: Tcb[];
  /** Ephemeral port for the next active open. */
  nextPort: number;
  /** An ISN chosen by a test or a scenario (e.g. just below 2^32); null: drawn from `rng`. */
  fixedIss: number | null;
  /** The host's key for SYN cookies (a real kernel keeps a random secret; here it comes from the seed). */
  cookieSecret: number;
  /** A listener that takes the data a SYN carries (RFC 7413 TCP Fast Open, the client's cookie valid); absent: it discards it. */
  fastOpen?: boolean;
}

/** What can happen to a host: user calls (RFC 9293 §3.10.1-6), a segment arriving (§3.10.7), time passing (§3.10.8). */
export type HostEvent =
  | { kind: 'listen'; at: number; port: number }
  /** `fastOpen`: the data rides on the SYN (RFC 7413 TCP Fast Open, a client holding a cookie); otherwise it waits for ESTABLISHED. */
  | { kind: 'connect'; at: number; remote: SocketAddress; iss?: number; data?: string; fastOpen?: boolean }
  | { kind: 'send'; at: number; remote: SocketAddress; data: string }
  | { kind: 'receive'; at: number; remote: SocketAddress }
  /**
   * CLOSE (RFC 9293 §3.10.4). `shutdown`: the application closes only its sending half
   * (shutdown(SHUT_WR)) and keeps the socket to read; otherwise it is close(), and the connection
   * is left to the TCP alone (an orphan: Linux's tcp_orphan_retries then bounds its retransmissions).
   */
  | { kind: 'close'; at: number; remote: SocketAddress; shutdown?: boolean }
  | { kind: 'abort'; at: number; remote: SocketAddress }
  | { kind: 'unlisten'; at: number }
  | { kind: 'accept'; at: number }
  | { kind: 'segment'; at: number; segment: Segment }
  /**
   * Time passes to `at`, firing the timers due. `conn`: of the timers due at `at` itself, fire only
   * that connection's (two connections' timers that run out at one instant are two events, each
   * answered on its own); timers due before `at` fire as always.
   */
  | { kind: 'tick'; at: number; conn?: SocketAddress };

export type HostEventKind = HostEvent['kind'];

/** What the application is told (RFC 9293 §3.10: "signal the user ..."). */
export type UserSignal =
  | 'connection-established'
  | 'connection-refused'
  | 'connection-reset'
  | 'connection-timed-out'
  | 'user-timeout'
  | 'peer-closed'
  | 'connection-closed'
  | 'data-delivered'
  | 'data-read'
  | 'half-open-dropped';

export type Output =
  | { kind: 'segment'; segment: Segment; rule: RuleId; retransmission: boolean; conn: SocketAddress | null }
  | { kind: 'state'; conn: SocketAddress; from: TcpState; to: TcpState; rule: RuleId }
  | { kind: 'signal'; conn: SocketAddress; signal: UserSignal; rule: RuleId; data?: string }
  | { kind: 'drop'; conn: SocketAddress | null; rule: RuleId };

export type RejectionCode =
  | 'invalid-segment'
  | 'not-addressed-to-host'
  | 'time-went-backwards'
  | 'connection-does-not-exist'
  | 'connection-already-exists'
  | 'connection-closing'
  | 'already-listening'
  | 'not-listening'
  | 'nothing-to-accept'
  | 'invalid-argument';

export interface Rejection {
  code: RejectionCode;
  detail: string;
}

/** One step of the engine: the next host, what it emitted, or a rejection that left it unchanged. */
export type StepResult =
  | { ok: true; host: Host; outputs: Output[] }
  | { ok: false; host: Host; rejection: Rejection };
