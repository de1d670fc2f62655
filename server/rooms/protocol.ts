/**
 * What a round room says to its clients (what they say to it is messages.ts): the `seat`,
 * `verdict`/`refused`, `hint` and `notice` messages, and how a round's rejection reads as a
 * protocol error. Shapes and pure translations only; when they are sent is outbox.ts's business.
 * The client reads these types with `import type`.
 */
import type { AllowedMove, Verdict } from '../../shared/game/judge.ts';
import type { Move } from '../../shared/game/move.ts';
import type { BotPersonality, RoundNotice, RoundRejection } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { ProtocolErrorCode } from '../validate.ts';
import { refusal, type Refusal } from '../../shared/refusals.ts';

export type RoomKind = 'duel' | 'practice' | 'challenge';

/** What a client learns about itself on joining (and after a reconnection or a swap). */
export interface SeatMessage {
  side: Side | null;
  spectator: boolean;
  kind: RoomKind;
  roundId: string;
  /**
   * This player's key back to its seat (only in its own `seat` message): a player who leaves a
   * live duel may join again by the room's code with it within `holdSeconds`, before a bot takes
   * the host over. '' for spectators and rooms that do not hold seats.
   */
  rejoinKey: string;
  holdSeconds: number;
  /**
   * How long the room holds this seat after its connection drops (the reconnection window, in
   * every kind of room, whether or not it holds the seat of a player who left): the page's
   * reconnection retries that long (client/net/reconnection.ts).
   */
  reconnectSeconds: number;
  /**
   * The room's clock as it is now: the public anchor (`clock`, `speed`) and how many real ms ago
   * it was set, so a client that joins a running clock runs it on from the right moment.
   */
  clock: { clock: number; speed: number; ageMs: number };
  /**
   * A timed challenge's real-time clock, which its time bonus is scored on (game time waits while
   * the player decides; this does not): the par, and how long the round has been played, or null
   * before it starts. Absent in other rooms.
   */
  challenge?: { parTimeMs: number; elapsedMs: number | null };
}

/** `verdict` (accepted) / `refused` (coach mode, try again). */
export interface VerdictMessage {
  decisionId: number;
  accepted: boolean;
  points: number;
  bonus: number;
  verdict: Verdict;
  /** Which try at this decision this was (1, 2, …): a resubmitted move is visibly judged again. */
  attempt: number;
  /** The right move had been shown for this decision (its cost is in `points`). */
  revealed: boolean;
}

/** `hint`: the right move(s) for an open decision, asked for or shown after the second wrong try; `cost` points. */
export interface HintMessage {
  decisionId: number;
  /** The engine's own answer (the first of `allowed`). */
  move: Move;
  allowed: AllowedMove[];
  cost: number;
  reason: 'asked' | 'second-try';
}

export type NoticeMessage =
  | { kind: 'opponent-dropped'; side: Side; seconds: number }
  /** A player left a live duel on purpose; its seat is held `seconds` for it to come back by the code. */
  | { kind: 'opponent-left'; side: Side; seconds: number }
  | { kind: 'opponent-back'; side: Side }
  | { kind: 'bot-took-over'; side: Side; personality: BotPersonality }
  /** The player the bot took `side` over from came back (a class round): they play their host again. */
  | { kind: 'bot-handed-back'; side: Side }
  /** `swapped`: the players changed hosts for this round (a swap, or a teacher's next class round). */
  | { kind: 'round-started'; roundId: string; roundNumber: number; swapped: boolean }
  | { kind: 'round-finished'; roundId: string; reason: string }
  /** To the player who is deciding: its opponent, waiting, nudged it. */
  | { kind: 'nudge'; side: Side };

export const REJECTION_CODES: Record<RoundRejection['code'], ProtocolErrorCode> = {
  'unknown-scenario': 'internal_error',
  'bad-settings': 'internal_error',
  'round-over': 'round_over',
  'not-your-decision': 'not_your_decision',
  'stale-decision': 'stale_decision',
  'time-went-backwards': 'internal_error',
  'invalid-move': 'invalid_move',
};

/**
 * What the player reads for a round's rejection: the detail (the engine's words) stays in the
 * English message; the page says the gist in its language.
 */
export function rejectionRefusal(rejection: RoundRejection): Refusal {
  const why = ((): Refusal => {
    switch (rejection.code) {
      case 'round-over':
        return refusal('round_over');
      case 'not-your-decision':
        return refusal('nothing_to_decide');
      case 'stale-decision':
        return refusal('stale_decision');
      case 'invalid-move':
        return refusal('invalid_move');
      case 'unknown-scenario':
      case 'bad-settings':
      case 'time-went-backwards':
        return refusal('internal_error', { type: 'move' });
    }
  })();
  return { ...why, message: `${why.message} (${rejection.detail})` };
}

/**
 * A refused move must not hand the player the answer: keep which fields are wrong and the rule
 * that explains each (and why more than one answer is right, if so), drop the expected values
 * and the right moves. Those come with the accepted verdict, or with a `hint` at its stated cost.
 */
export function withoutAnswers(verdict: Verdict): Verdict {
  return {
    ...verdict,
    fields: verdict.fields.map((f) => ({ ...f, expected: '' })),
    allowed: verdict.allowed.map((a) => ({ ...a, move: { state: a.move.state, segments: [] } })),
  };
}

/** The message a verdict notice makes: a refused move keeps its answers to itself (withoutAnswers). */
export function verdictMessage(notice: Extract<RoundNotice, { kind: 'verdict' }>): VerdictMessage {
  return {
    decisionId: notice.decisionId,
    accepted: notice.accepted,
    points: notice.points,
    bonus: notice.bonus,
    verdict: notice.accepted || notice.revealed ? notice.verdict : withoutAnswers(notice.verdict),
    attempt: notice.attempt,
    revealed: notice.revealed,
  };
}

/** The `hint` a reveal notice makes: the engine's own answer first. */
export function hintMessage(notice: Extract<RoundNotice, { kind: 'reveal' }>): HintMessage {
  return { decisionId: notice.decisionId, move: notice.allowed[0]!.move, allowed: notice.allowed, cost: notice.cost, reason: notice.reason };
}
