/**
 * How long the retransmission timer waits, and how many times it retries, for each kind of segment
 * (RFC 6298 §5.5 backoff, RFC 9293 §3.8.3 thresholds, Linux's linear SYN timeouts). The engine's
 * timer and the schedules shown to players (timer panel, catalogue) come from these same functions.
 */
import type { Profile, TcpConfig } from './config.ts';
import type { ControlBits } from './segment.ts';
import type { Tcb } from './types.ts';

/** What the oldest unacknowledged segment is: the retry limit and the backoff depend on it. */
export type RetransmittedKind = 'SYN' | 'SYN-ACK' | 'data' | 'FIN';

export function retransmittedKind(flags: ControlBits): RetransmittedKind {
  if (flags.SYN) return flags.ACK ? 'SYN-ACK' : 'SYN';
  return flags.FIN ? 'FIN' : 'data';
}

/**
 * Retransmissions allowed before giving up. A SYN-ACK of an active open (simultaneous open) is that
 * side's SYN: it gets the SYN's limit (RFC 9293 §3.8.3 MUST-23; Linux uses tcp_syn_retries in
 * SYN_RECV), without the linear phase, which Linux applies in SYN_SENT only.
 */
export function retryLimit(cfg: TcpConfig, kind: RetransmittedKind, passive: boolean, orphaned = false): number {
  switch (kind) {
    case 'SYN':
      return cfg.synRetries + cfg.synLinearTimeouts;
    case 'SYN-ACK':
      return passive ? cfg.synAckRetries : cfg.synRetries;
    case 'data':
    case 'FIN':
      if (orphaned && cfg.orphanRetries !== null && cfg.orphanRetries !== undefined) return orphanRetryLimit(cfg);
      return cfg.dataRetriesByTime ? timedRetryLimit(cfg, () => cfg.dataRetries) : cfg.dataRetries;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** Linux TCP_RTO_MIN (200 ms): the RTO tcp_model_timeout turns a retry count into a time with. */
export const LINUX_RTO_MIN_MS = 200;

/**
 * Linux tcp_model_timeout(sk, boundary, TCP_RTO_MIN): how long `boundary` retransmissions would
 * take, doubling from TCP_RTO_MIN up to TCP_RTO_MAX (net/ipv4/tcp_timer.c). Linux gives up on a
 * synchronized connection by this time, not by counting (retransmits_timed_out).
 */
export function linuxModelTimeoutMs(boundary: number, rtoMaxMs: number): number {
  const linearBackoffThresh = Math.floor(Math.log2(rtoMaxMs / LINUX_RTO_MIN_MS));
  if (boundary <= linearBackoffThresh) return (2 ** (boundary + 1) - 1) * LINUX_RTO_MIN_MS;
  return (2 ** (linearBackoffThresh + 1) - 1) * LINUX_RTO_MIN_MS + (boundary - linearBackoffThresh) * rtoMaxMs;
}

/**
 * Retransmissions an orphaned connection makes before Linux drops it (tcp_timer.c
 * tcp_write_timeout, SOCK_DEAD branch). At each expiry of the retransmission timer, before
 * resending: alive = the RTO that expired is below TCP_RTO_MAX; tcp_orphan_retries(sk, alive)
 * reads net.ipv4.tcp_orphan_retries, 0 becoming 8 while alive ("8 corresponds to >100 seconds with
 * minimal RTO of 200msec"); and retransmits_timed_out gives up once the time since the segment's
 * first transmission (tp->retrans_stamp) reaches tcp_model_timeout of that count, if it has been
 * retransmitted at all. With this game's 1 s initial RTO that is the expiry at 127 s, after 6
 * retransmissions (8 → 102.2 s). A count, so the timer panel and the prompt can show it.
 */
export function orphanRetryLimit(cfg: TcpConfig): number {
  const setting = cfg.orphanRetries ?? 0;
  return timedRetryLimit(cfg, (alive) => (setting === 0 && alive ? 8 : setting));
}

/**
 * Retransmissions made before Linux gives up on a synchronized connection, whose retry count it
 * reads as a time (tcp_write_timeout: retransmits_timed_out(sk, boundary, 0) once the segment has
 * been retransmitted): the first expiry of the timer at which the time since the segment's first
 * transmission reaches tcp_model_timeout(boundary). `boundaryAt(alive)`: the count at that expiry,
 * alive meaning the RTO that expired is below TCP_RTO_MAX. tcp_retries2 = 15 is 924.6 s: with this
 * game's 1 s first RTO the expiry at 967 s, after 13 retransmissions.
 */
export function timedRetryLimit(cfg: TcpConfig, boundaryAt: (alive: boolean) => number): number {
  let elapsed = 0;
  let rto = cfg.initialRtoMs;
  for (let retries = 0; retries < 64; retries++) {
    elapsed += rto; // the timer expires with `retries` retransmissions made so far
    if (retries > 0 && elapsed >= linuxModelTimeoutMs(boundaryAt(rto < cfg.maxRtoMs), cfg.maxRtoMs)) return retries;
    rto = Math.min(rto * 2, cfg.maxRtoMs);
  }
  return 64;
}

/**
 * The RTO after the `retries`-th retransmission: doubled (RFC 6298 §5.5) up to maxRtoMs — except a
 * SYN's first synLinearTimeouts retransmissions, which keep the initial RTO (Linux
 * tcp_syn_linear_timeouts: the RTO stays 1 s while retransmissions ≤ the setting).
 */
export function rtoAfterRetransmission(cfg: TcpConfig, kind: RetransmittedKind, retries: number, rtoMs: number): number {
  if (kind === 'SYN' && retries <= cfg.synLinearTimeouts) return cfg.initialRtoMs;
  return Math.min(rtoMs * 2, cfg.maxRtoMs);
}

export interface RetransmissionSchedule {
  kind: RetransmittedKind;
  /** When each retransmission goes out, in ms after the first transmission, if nothing answers. */
  retransmitAt: number[];
  /** When the attempt is abandoned (ms after the first transmission). */
  giveUpAt: number;
}

/** The whole schedule of one segment that is never acknowledged, from the first send to giving up. */
export function retransmissionSchedule(cfg: TcpConfig, kind: RetransmittedKind, passive = kind === 'SYN-ACK', orphaned = false): RetransmissionSchedule {
  const limit = retryLimit(cfg, kind, passive, orphaned);
  const retransmitAt: number[] = [];
  let t = 0;
  let rto = cfg.initialRtoMs;
  for (let retries = 0; retries < limit; ) {
    t += rto;
    retransmitAt.push(t);
    retries += 1;
    rto = rtoAfterRetransmission(cfg, kind, retries, rto);
  }
  return { kind, retransmitAt, giveUpAt: t + rto };
}

/** The waits between transmissions (ms): the first RTO, then each one after a retransmission, then the final wait. */
export function scheduleIntervals(s: RetransmissionSchedule): number[] {
  const times = [0, ...s.retransmitAt, s.giveUpAt];
  return times.slice(1).map((t, i) => t - (times[i] ?? 0));
}

/**
 * What a retransmission timer panel says of a connection's armed timer: the segment it guards (the
 * oldest unacknowledged), how many times it was resent so far, and its whole schedule under the
 * host's settings. null when no segment is waiting for its ACK. The live panel (views.ts) and the
 * replay of a finished round (timeline.ts) both read it, so they say the same.
 */
export interface TimerSchedule {
  profile: Profile;
  segment: RetransmittedKind;
  /** Resends already made of the segment this timer guards. */
  retries: number;
  /** When each resend comes, and the give-up, in ms after the first transmission. */
  retransmitAt: number[];
  giveUpAt: number;
}

export function timerSchedule(cfg: TcpConfig, tcb: Pick<Tcb, 'unacked' | 'retries' | 'passive' | 'orphaned'>): TimerSchedule | null {
  const oldest = tcb.unacked[0];
  if (!oldest) return null;
  const segment = retransmittedKind(oldest.flags);
  // A schedule depends on the settings, the segment, the side that opened, whether the application
  // has let go of the connection (an orphan's limit, Linux) and the resends so far:
  // made once and shared (frozen), not remade at every step that reads a host's timers (the
  // round's timeline and the Timers panel read them after every event).
  let made = schedulesMade.get(cfg);
  if (made === undefined) schedulesMade.set(cfg, (made = []));
  const orphaned = tcb.orphaned === true;
  const byRetries = (made[(KIND_INDEX[segment] * 2 + (tcb.passive ? 1 : 0)) * 2 + (orphaned ? 1 : 0)] ??= []);
  let schedule = byRetries[tcb.retries];
  if (schedule === undefined) {
    const { retransmitAt, giveUpAt } = retransmissionSchedule(cfg, segment, tcb.passive, orphaned);
    schedule = Object.freeze({ profile: cfg.profile, segment, retries: tcb.retries, retransmitAt: Object.freeze(retransmitAt) as number[], giveUpAt });
    byRetries[tcb.retries] = schedule;
  }
  return schedule;
}

const KIND_INDEX: Readonly<Record<RetransmittedKind, number>> = { SYN: 0, 'SYN-ACK': 1, data: 2, FIN: 3 };
/** Schedules made so far, by settings, then by (segment, passive, orphaned), then by resends made. */
const schedulesMade = new WeakMap<TcpConfig, TimerSchedule[][]>();
