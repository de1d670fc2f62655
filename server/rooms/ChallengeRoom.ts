/**
 * A timed round of one scenario against the textbook bot. Score = judged fields + streak bonuses
 * (both counted by the round) + a bonus for beating the par in real time (the scenario's, for that role: challengeParMs). A
 * complete round goes on the scenario's leaderboard and the player is told its rank.
 */
import type { Round } from '../../shared/game/types.ts';
import { challengeParMs, challengeScore } from '../../shared/game/pace.ts';
import { leaderboardId } from '../../shared/game/leaderboard.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { RoomOptions } from './messages.ts';
import type { RoomKind, SeatMessage } from './protocol.ts';
import { RoundRoom } from './RoundRoom.ts';

export interface ChallengeResult {
  scenarioId: string;
  /** The board the round went on: one per scenario and role (shared/game/leaderboard.ts). */
  boardId: string;
  role: Side;
  points: number;
  timeBonus: number;
  score: number;
  timeMs: number;
  /** Place on the scenario's board (1 = top); null when the round was not completed. */
  rank: number | null;
}

export class ChallengeRoom extends RoundRoom {
  readonly kind: RoomKind = 'challenge';
  protected readonly pauseWhileDeciding = true;

  protected configure(options: RoomOptions): void {
    this.state.mode = 'consequences';
    this.personality = 'textbook';
    const human: Side = options.role !== undefined && this.scenario.roles.includes(options.role) ? options.role : (this.scenario.roles[0] ?? 'client');
    for (const side of ['client', 'server'] as const) this.seat(side).controller = side === human ? 'human' : 'bot';
    this.seat(human === 'client' ? 'server' : 'client').name = 'bot (textbook)';
  }

  /** The par, and the real time played so far (a page that joins or comes back runs the clock on from there). */
  protected override seatExtras(): Partial<SeatMessage> {
    const playing = this.state.phase === 'playing' && !!this.round && !this.round.finished;
    return { challenge: { parTimeMs: challengeParMs(this.scenario, this.humanSide()), elapsedMs: playing ? Math.max(0, this.services.now() - this.journal.startedAtMs) : null } };
  }

  /** The host the player plays (the other is the bot's from the start). */
  private humanSide(): Side {
    return this.seat('server').controller === 'human' ? 'server' : 'client';
  }

  protected pickSide(): Side | null {
    for (const side of ['client', 'server'] as const) if (this.seat(side).controller === 'human' && !this.seat(side).taken) return side;
    return null;
  }

  protected override onRoundFinished(round: Round): Record<string, unknown> {
    const side = (['client', 'server'] as const).find((s) => round.settings.controllers[s] === 'human');
    if (!side) return {};
    const timeMs = Math.max(0, this.services.now() - this.journal.startedAtMs);
    const points = round.hosts[side].score;
    // Only a completed round, still played by its human, earns the time bonus and goes on the
    // board: a resigned one is quick, not fast. A round the game ended in an ACK loop was played
    // to its last possible decision (shared/game/ackLoop.ts), or left idle with nothing more to
    // happen (a connection open, no timer running): completed too.
    const completed = (round.endReason === 'complete' || round.endReason === 'ack-loop' || round.endReason === 'idle') && round.hosts[side].controller === 'human';
    const { total, timeBonus } = completed ? challengeScore(points, timeMs, challengeParMs(this.scenario, side)) : { total: points, timeBonus: 0 };
    const boardId = leaderboardId(this.scenario.id, side);
    let rank: number | null = null;
    if (completed) {
      const playerName = this.seat(side).name;
      this.services.store.addLeaderboardEntry({ scenarioId: boardId, playerName, score: total, timeMs, roundId: this.state.roundId, achievedAt: this.services.now() });
      rank = this.services.store.rankOf(boardId, total, timeMs);
      this.log.info({ playerName, score: total, timeMs, rank }, 'leaderboard entry');
    }
    const result: ChallengeResult = { scenarioId: this.scenario.id, boardId, role: side, points, timeBonus, score: total, timeMs, rank };
    this.seating.clientOf(side)?.send('challenge-result', result);
    return { challenge: result };
  }
}
