import type { RuleId } from '../rules/ids.ts';
import type { Profile } from '../tcp/config.ts';
import type { SocketAddress } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Host, HostEvent, RngState } from '../tcp/types.ts';
import type { InFlight, ScriptedFault, Side, Wire, WireFate, WireSettings } from '../tcp/wire.ts';
import type { AllowedMove, Expected, Verdict } from './judge.ts';
import type { TimerKind } from './prompt.ts';
import type { Move } from './move.ts';
import type { AppStep } from './scenario.ts';
import type { TimelineRecord } from './timerRuns.ts';

export type Mode = 'coach' | 'consequences';
export type Controller = 'human' | 'bot';
export const BOT_PERSONALITIES = ['textbook', 'forgetful', 'rude', 'flooder'] as const;
export type BotPersonality = (typeof BOT_PERSONALITIES)[number];

export interface RoundSettings {
  scenarioId: string;
  mode: Mode;
  seed: number;
  controllers: Record<Side, Controller>;
  personality: BotPersonality;
  /** Overrides of the scenario's wire (a room's loss / delay settings). */
  wire?: WireSettings;
  faults?: ScriptedFault[];
  profile?: Profile;
  timeLimitMs?: number;
  /**
   * Replaying a recorded round (compare.ts): each segment the round sent meets the fate it met then
   * (found by its sender, control bits, seq, ack and data, and which copy of it this is); any other
   * segment meets the wire's own chances and the scenario's scripted faults.
   */
  fates?: RecordedFate[];
  /**
   * A beginner's room: each player also sees the wire's truth (every segment in flight, lost or
   * arrived) as it happens, more than its host could know. Off unless the room asks for it.
   */
  wireShown?: boolean;
  /**
   * How the application's pauses (AppStep `afterMs`) are counted. Absent, as in every new round:
   * from the moment the step's condition was met. 'previous-call': from the application's previous
   * call, as rounds were played before that rule; only rounds stored then carry it (the store's
   * schema version 3 wrote it into them), so that replaying their logs reproduces them.
   */
  afterMsFrom?: 'previous-call';
}

/** One segment's recorded fate, found again by what the segment is and which copy of it this is. */
export interface RecordedFate extends WireFate {
  from: Side;
  key: string;
  occurrence: number;
}

/** Something happened to a host and its player must answer. */
export interface Decision {
  id: number;
  side: Side;
  at: number;
  event: HostEvent;
  /** The remote socket the event concerns (the peer, or a flood's spoofed source). */
  concerns: SocketAddress;
  attempts: number;
  firstVerdict: Verdict | null;
  /** The right move was shown to the player (asked for, or after the second wrong try): it costs points. */
  revealed?: boolean;
  /** The delayed-ACK timer of an ACK this player held back: the ACK is owed now. */
  owedAck?: boolean;
}

export interface DecisionRecord {
  id: number;
  side: Side;
  by: Controller;
  at: number;
  answeredAt: number;
  event: HostEvent;
  expected: Expected;
  move: Move;
  verdict: Verdict;
  points: number;
  bonus: number;
  /** How many moves the player proposed (coach mode refuses wrong ones; the verdict is the first's); 0 for a bot. */
  attempts: number;
  /** Points taken for showing the right move (0 when it was not shown). */
  revealCost?: number;
  /** For a timer's decision: which timer fired. */
  timer?: TimerKind;
}

export interface AppProgress {
  steps: AppStep[];
  next: number;
  /** When the application last called (0 before its first call). */
  lastAt: number;
  /**
   * When the next step's condition was met, while that step was the next one, and has held since:
   * its `afterMs` counts from here (AppStep). null: not met (or no step is left).
   */
  conditionMetAt: number | null;
  /** What the application last did, for the player to see. */
  lastCall: string | null;
}

export interface HostSlot {
  side: Side;
  host: Host;
  peer: SocketAddress;
  controller: Controller;
  app: AppProgress;
  inbox: HostEvent[];
  decision: Decision | null;
  /** An ACK this host's player held back (a delayed ACK): due by `dueAt` unless a segment carries it first. */
  ackOwed: { conn: SocketAddress; dueAt: number } | null;
  score: number;
  streak: number;
  bestStreak: number;
  judged: number;
  correct: number;
}

/** A player's running totals, as a segment carries them (see FlightRecord.sender). */
export interface Counters {
  score: number;
  streak: number;
  judged: number;
  correct: number;
}

export interface FlightRecord extends InFlight {
  fate: 'in-flight' | 'arrived' | 'lost';
  /** Put on the wire by an injection (old duplicate, flood), not by a host's TCP. */
  injected: boolean;
  rule: RuleId | null;
  /**
   * The sending player's totals when it put this segment on the wire (null for an injection). The
   * peer learns them only when the segment arrives: a score that moved the moment a player answered
   * would tell the other player that it had just answered, and whether rightly.
   */
  sender: Counters | null;
  /**
   * The arrival this segment answers (the id of the flight whose arrival opened the decision it was
   * sent by); absent for a send an application call or a timer made. The flow graph draws the
   * reply level with what it answers.
   */
  cause?: number;
}

export interface StateChange {
  at: number;
  side: Side;
  conn: SocketAddress;
  from: TcpState;
  to: TcpState;
  rule: RuleId;
  /**
   * The flight whose arrival made this change (RFC 9293 §3.10.7: each segment is processed on its
   * own); absent for an application call or a timer. Two segments arriving at one instant are two
   * steps, and the flow graph draws each change level with the segment that made it.
   */
  cause?: number;
}

export type RoundEvent =
  | { kind: 'advance'; at: number }
  | { kind: 'move'; at: number; side: Side; decisionId: number; move: Move }
  /** The player is gone for good (left, dropped past the reconnection window, removed): the bot plays their host on. */
  | { kind: 'takeover'; at: number; side: Side }
  /** The player the bot took the host over from is back: the host is theirs again, as it is now. */
  | { kind: 'handback'; at: number; side: Side }
  /** The player asks to see the right move for an open decision (it costs REVEAL_COST points). */
  | { kind: 'reveal'; at: number; side: Side; decisionId: number }
  | { kind: 'resign'; at: number; side: Side }
  /** Someone outside the round ends it (a teacher stops the class round): neither player resigned. */
  | { kind: 'stop'; at: number };

/**
 * 'ack-loop': the two hosts were left acknowledging each other's unacceptable ACKs (ackLoop.ts).
 * 'idle': nothing more can happen: a connection is left open with no timer running, nothing is on
 * the wire and no application will call again (round.ts nothingMoreCanHappen).
 */
export type EndReason = 'complete' | 'time-up' | 'resigned' | 'stopped' | 'ack-loop' | 'idle';

/**
 * A host changing hands during the round: the bot takes it over from its player ('bot'), or hands
 * it back to them ('human'). `state` is the host's state then (playedState), as the player's panel
 * read it: where the player stopped, and where they took it back.
 */
export interface Handover {
  at: number;
  side: Side;
  to: Controller;
  state: TcpState;
}

export interface Round {
  settings: RoundSettings;
  now: number;
  nextDecisionId: number;
  hosts: Record<Side, HostSlot>;
  wire: Wire;
  rng: RngState;
  flights: readonly FlightRecord[];
  states: readonly StateChange[];
  decisions: readonly DecisionRecord[];
  pendingInjections: number;
  strayRstSent: boolean;
  finished: boolean;
  endReason: EndReason | null;
  endedAt: number | null;
  log: RoundEvent[];
  /** Every change of hands, in order (takeover, handback): who played each host when, read from the log's own events. */
  handovers: readonly Handover[];
  /** Both hosts' timers and queues over time, recorded after every instant and every event (timerRuns.ts). */
  timeline: TimelineRecord;
}

export type RoundRejectionCode =
  | 'unknown-scenario'
  | 'bad-settings'
  | 'round-over'
  | 'not-your-decision'
  | 'stale-decision'
  | 'time-went-backwards'
  | 'invalid-move';

export interface RoundRejection {
  code: RoundRejectionCode;
  detail: string;
}

export type RoundNotice =
  | { kind: 'decision'; side: Side; decisionId: number }
  | { kind: 'verdict'; side: Side; decisionId: number; verdict: Verdict; accepted: boolean; points: number; bonus: number; attempt: number; revealed: boolean }
  /** The right moves for an open decision, shown to its player (asked for, or after the second wrong try). */
  | { kind: 'reveal'; side: Side; decisionId: number; allowed: AllowedMove[]; cost: number; reason: 'asked' | 'second-try' }
  | { kind: 'finished'; reason: EndReason };

export type RoundResult =
  | { ok: true; round: Round; notices: RoundNotice[] }
  | { ok: false; round: Round; rejection: RoundRejection };
