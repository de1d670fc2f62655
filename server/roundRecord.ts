/**
 * What the database keeps of a round: built from the round itself (a game is its log) and the few
 * facts only the room knows (the round's id, the players' names, wall-clock times). The room calls
 * it when a round ends; recovery calls it for a round a crashed server left unfinished.
 */
import { scoreboard } from '../shared/game/views.ts';
import type { Round, RoundSettings } from '../shared/game/types.ts';
import { SIDES, type Side } from '../shared/tcp/wire.ts';
import type { FinishedRound } from './store.ts';

/** What a live round's head holds besides its id (store.ts, LiveRoundHead.head). */
export interface RoundHead {
  readonly kind: string;
  readonly roundNumber: number;
  readonly settings: RoundSettings;
  /** The names of the people at the start (a bot's side: its label). */
  readonly names: Record<Side, string>;
}

export interface RecordFacts extends RoundHead {
  readonly roundId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The outcome when it is not the round's own end reason ('interrupted', 'stopped'). */
  readonly outcome?: string;
  /** More result fields (a challenge's score and rank, why a round was interrupted). */
  readonly extras?: Record<string, unknown>;
}

/** Engine time at which a bot took each side over from a player who left (from the log). */
export function takeoversOf(round: Round): Partial<Record<Side, number>> {
  const out: Partial<Record<Side, number>> = {};
  for (const event of round.log) if (event.kind === 'takeover' && out[event.side] === undefined) out[event.side] = event.at;
  return out;
}

export function botLabel(settings: RoundSettings): string {
  return `bot (${settings.personality})`;
}

export function roundRecord(round: Round, facts: RecordFacts): FinishedRound {
  const takeovers = takeoversOf(round);
  const outcome = facts.outcome ?? round.endReason ?? 'interrupted';
  return {
    roundId: facts.roundId,
    mode: facts.kind,
    scenarioId: round.settings.scenarioId,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    outcome,
    players: SIDES.map((side) => {
      const takenOverAt = takeovers[side];
      return {
        role: side,
        playerName: facts.names[side],
        score: round.hosts[side].score,
        isBot: round.hosts[side].controller === 'bot',
        ...(takenOverAt === undefined ? {} : { takenOverAtMs: takenOverAt }),
      };
    }),
    decisions: round.decisions.map((d, seq) => ({
      seq,
      role: d.side,
      playerName: d.by === 'bot' ? botLabel(round.settings) : facts.names[d.side],
      atMs: d.answeredAt,
      correct: d.verdict.correct,
      points: d.points + d.bonus,
      ruleIds: [...new Set(d.verdict.fields.filter((f) => !f.ok).map((f) => f.rule))],
      verdict: { decisionId: d.id, by: d.by, at: d.at, event: d.event, move: d.move, expected: d.expected, verdict: d.verdict, points: d.points, bonus: d.bonus },
    })),
    result: {
      kind: facts.kind,
      roundNumber: facts.roundNumber,
      settings: round.settings,
      endReason: round.endReason,
      endedAt: round.endedAt,
      scores: scoreboard(round),
      takeovers,
      ...facts.extras,
    },
    log: round.log,
  };
}
