/**
 * Whether a player's message may act on the round room now, ruled as data: what it may do, or a
 * refusal with its code and the words the player reads (bad input never throws across the room's
 * boundary; it comes back as a refusal). Pure: the room's handlers (RoundRoom) send the refusal,
 * or step the round and answer.
 */
import { allowedFor } from '../../shared/game/round.ts';
import { REVEAL_COST } from '../../shared/game/scoring.ts';
import { humanDeciding } from '../../shared/game/pace.ts';
import type { QuizCard, Scenario } from '../../shared/game/scenario.ts';
import type { Round } from '../../shared/game/types.ts';
import { otherSide, type Side } from '../../shared/tcp/wire.ts';
import type { ProtocolErrorCode } from '../validate.ts';
import type { HintMessage, RoomKind } from './protocol.ts';
import { refusal, type Refusal } from '../../shared/refusals.ts';

/** Real ms between two nudges from one player. */
export const NUDGE_EVERY_MS = 5_000;

export type Ruling<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ProtocolErrorCode; readonly why: Refusal };

/** Who is behind a connection: a side, a spectator, or nobody the room knows. */
export type Occupant = Side | 'spectator' | undefined;

const allow = <T>(value: T): Ruling<T> => ({ ok: true, value });
const refuse = (code: ProtocolErrorCode, why: Refusal): Ruling<never> => ({ ok: false, code, why });

/** The side a player acts for in the round being played: only a human host's player acts. */
export function actRuling(occupant: Occupant, round: Round | null, phase: string): Ruling<Side> {
  if (occupant === undefined || occupant === 'spectator') return refuse('not_a_player', refusal('players_only'));
  if (!round || phase === 'waiting') return refuse('not_playing', refusal('round_not_started'));
  if (round.finished) return refuse('round_over', refusal('round_over'));
  if (round.hosts[occupant].controller !== 'human') return refuse('not_your_decision', refusal('bot_plays_host'));
  return allow(occupant);
}

/**
 * A practice player asks for the right move of its open decision. Shown already (and paid for):
 * `again` is the hint to show again, and nothing new happens in the round.
 */
export function hintRuling(kind: RoomKind, round: Round, side: Side): Ruling<{ decisionId: number; again: HintMessage | null }> {
  if (kind !== 'practice') return refuse('not_allowed', refusal('hints_practice_only'));
  const decision = round.hosts[side].decision;
  if (!decision) return refuse('not_your_decision', refusal('nothing_to_decide'));
  const allowed = decision.revealed ? allowedFor(round, side) : null;
  const again: HintMessage | null = allowed ? { decisionId: decision.id, move: allowed[0]!.move, allowed, cost: REVEAL_COST, reason: 'asked' } : null;
  return allow({ decisionId: decision.id, again });
}

/** A quiz card answered after the round, once per card and player. */
export function quizRuling(occupant: Occupant, phase: string, scenario: Scenario, answered: ReadonlySet<string> | undefined, cardId: string, choice: number): Ruling<{ side: Side; card: QuizCard }> {
  if (occupant === undefined || occupant === 'spectator') return refuse('not_a_player', refusal('quiz_players_only'));
  if (phase !== 'finished') return refuse('not_allowed', refusal('quiz_after_round'));
  const card = scenario.quiz.find((c) => c.id === cardId);
  if (!card) return refuse('unknown_card', refusal('unknown_card', { card: cardId }));
  if (choice >= card.choices.length) return refuse('invalid_message', refusal('quiz_choice', { choices: card.choices.length }));
  if (answered?.has(cardId)) return refuse('not_allowed', refusal('card_answered'));
  return allow({ side: occupant, card });
}

/** A player asks for the next round (same roles, or swapped) once this one is over. */
export function rematchRuling(occupant: Occupant, phase: string): Ruling<Side> {
  if (occupant === undefined || occupant === 'spectator') return refuse('not_a_player', refusal('rematch_players_only'));
  if (phase !== 'finished') return refuse('not_allowed', refusal('rematch_after_round'));
  return allow(occupant);
}

/**
 * "Your opponent is waiting for you": from a player with nothing to decide, while game time
 * stands still for a decision (turns), to the one deciding. What lets a nudge through is what the
 * nudging player can already read: its own decision, the room's clock standing still. The value
 * is the side nudged. `lastAt` and `now` are the room's real time (this.clock).
 */
export function nudgeRuling(round: Round, side: Side, pauseWhileDeciding: boolean, lastAt: number | undefined, now: number): Ruling<Side> {
  if (!pauseWhileDeciding) return refuse('not_allowed', refusal('nudge_real_time'));
  if (round.hosts[side].decision) return refuse('not_allowed', refusal('nudge_your_move'));
  const peer = otherSide(side);
  if (!humanDeciding(round) || round.hosts[peer].controller !== 'human') return refuse('not_allowed', refusal('nudge_nobody_deciding'));
  if (lastAt !== undefined && now - lastAt < NUDGE_EVERY_MS) return refuse('rate_limited', refusal('nudge_too_soon'));
  return allow(peer);
}
