/**
 * What the client draws, as plain data. The demo timeline produces these today; the room state will
 * produce the same shapes later, so components never learn where their data came from.
 */
import type { InjectionKind } from '../../shared/game/scenario.ts';
import type { TimerSchedule } from '../../shared/tcp/backoff.ts';
import type { Segment } from '../../shared/tcp/segment.ts';
import type { RuleId } from '../../shared/rules/ids.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import type { TcpState } from '../../shared/tcp/states.ts';

export type HostRole = 'client' | 'server';

export function peerOf(role: HostRole): HostRole {
  return role === 'client' ? 'server' : 'client';
}

/**
 * How much of a segment's trip the player on screen knows during a live round (see
 * shared/game/hostKnowledge.ts): its own segment was 'sent', or 'acknowledged' once an ACK covering
 * it arrived (at `ackedAt`); the peer's was 'received' (known from its arrival). Absent or null:
 * the whole trip is known (a replay, a spectator, the demo, a room that shows the wire).
 */
export type FlightKnowledge = 'sent' | 'acknowledged' | 'received';

/** Why a segment that reached its receiver's host went no further (a capture's annotation, dropped-at-host). */
export type HostDrop = 'accept-queue' | 'host';

/** One segment's trip across the wire, times on the round's clock (ms). */
export interface Flight {
  id: string;
  from: HostRole;
  segment: Segment;
  sentAt: number;
  /** null: not known to the player on screen (its own segment, during the round). */
  arrivesAt: number | null;
  /** The wire dropped it: it dies at `lostAt` (between sentAt and arrivesAt). */
  lostAt: number | null;
  /** Sent again by the retransmission timer. */
  retransmission: boolean;
  /** A copy the wire made of another flight (its id). */
  duplicateOf: string | null;
  /** Arrived before a segment sent earlier in the same direction. */
  reordered: boolean;
  /**
   * It reached its receiver's host, which dropped it before its TCP took it (a capture taken at that
   * host saw it arrive): `accept-queue` for a SYN a Linux listener with a full accept queue drops,
   * `host` for anything else (a bad checksum, no memory, a firewall rule). It arrives at
   * `arrivesAt` like any segment and changes nothing there. A round's wire never does this.
   */
  dropped?: HostDrop;
  known?: FlightKnowledge | null;
  /** The flight whose arrival this one answers (a finished round's log). */
  cause?: string;
  /** When an ACK covering it reached its sender ('acknowledged' only). */
  ackedAt?: number | null;
  /**
   * Put on the wire by neither host's TCP: an old duplicate of an earlier connection, a segment
   * forged by a third party, or another client of the same server. The flow graph draws it from
   * its own lifeline, not the sender's.
   */
  injected?: InjectionKind;
}

export interface StateChange {
  host: HostRole;
  at: number;
  state: TcpState;
  /** The rule behind the change, when the log knows it (a live or finished round; not a capture or the demo). */
  rule?: RuleId;
  /** The flight whose arrival made the change (a round's log; not a capture or the demo). */
  cause?: string;
}

/** The timers the Timers panel draws: the TCB's two, and the delayed-ACK timer of an ACK held back. */
export type TimerKind = 'retransmission' | 'time-wait' | 'delayed-ack' | 'fin-wait-2';

export interface TimerSpan {
  id: string;
  host: HostRole;
  kind: TimerKind;
  startedAt: number;
  expiresAt: number;
  /** Stopped early (the segment was acknowledged); null if it ran out. */
  cancelledAt: number | null;
  /** A retransmission timer's schedule, as the server sent it (shared/game/views.ts). */
  schedule?: TimerSchedule;
  /** Another of the host's connections, by its remote socket (a listener's half-open one); absent for the played connection. */
  conn?: string;
  /** TIME-WAIT's profile: Linux's is a fixed 60 s (TCP_TIMEWAIT_LEN), RFC 9293's 2×MSL. */
  profile?: Profile;
}

/** A retransmission timer's schedule: the engine's own type (shared/tcp/backoff.ts timerSchedule). */
export type { TimerSchedule } from '../../shared/tcp/backoff.ts';

/** A listener's two queues from `at` on, as its host knows them (remote sockets, oldest first). */
export interface QueueSample {
  host: HostRole;
  at: number;
  syn: string[];
  accept: string[];
  synMax: number;
  acceptMax: number;
}

/** The application's calls on a host ("connect()", "close()"), shown under the host. */
export interface AppCall {
  host: HostRole;
  at: number;
  /** An i18n key of the call's description, plus its parameters. */
  key: string;
  params?: Record<string, string | number>;
}

export interface HostInfo {
  role: HostRole;
  address: string;
}

/** A whole round as the client knows it. */
export interface RoundLog {
  hosts: Record<HostRole, HostInfo>;
  flights: Flight[];
  states: StateChange[];
  timers: TimerSpan[];
  calls: AppCall[];
  duration: number;
  /** The MSL this round runs with (ms): TIME-WAIT lasts twice this. */
  msl: number;
  /** The listeners' SYN and accept queues over time (absent: no listener seen). */
  queues?: QueueSample[];
  /**
   * A capture's own span (ms from its connection's first packet to its last). A capture plays one
   * packet per step, so `duration` is the replay's length, not a time the file holds.
   */
  capturedMs?: number;
  /** A capture's own clock: the time (ms since its first packet) each replay step's packet was captured at. */
  clock?: Record<number, number>;
  /** A long capture's connection counted whole, where the replay draws only part of it (client/capture/captureLog.ts). */
  captureTotals?: FlightTotals;
}

/** Results' counts of a connection (client/model/endStates.ts flightTotals). */
export interface FlightTotals {
  segments: number;
  lost: number;
  /** Reached the receiving host and dropped there (a capture taken at that host; never a round). */
  dropped: number;
  retransmissions: number;
}
