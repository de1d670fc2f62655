/**
 * Rounds as practice plays them: one human host, the other the textbook bot, coach mode. The
 * human's decisions are answered with the engine's own move unless a test answers them itself.
 */
import { hintFor, nextEventAt, stepRound, createRound } from '../../shared/game/round.ts';
import { scenarioOf } from '../../shared/game/round.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round, RoundNotice, RoundSettings } from '../../shared/game/types.ts';
import { symmetricWire, type Side } from '../../shared/tcp/wire.ts';
import type { BotPersonality } from '../../shared/game/types.ts';
import { roundView, type DecisionView, type VerdictView } from '../../shared/game/views.ts';

export function startRound(scenarioId: string, human: Side, extra: Partial<RoundSettings> = {}): Round {
  const controllers = { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' } as const;
  const created = createRound({ scenarioId, mode: 'coach', seed: 11, controllers, personality: 'textbook', ...extra });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

/**
 * A round on a lossy wire (loss, duplication, reordering) with one human host and one bot, its time
 * limit short: the round the purity and finished-view tests play every scenario in.
 */
export function lossyRound(scenarioId: string, human: Side, personality: BotPersonality, mode: 'coach' | 'consequences', seed: number): Round {
  const created = createRound({
    scenarioId,
    mode,
    seed,
    controllers: { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' },
    personality,
    wire: symmetricWire({ delayMs: 300, loss: 0.2, duplicate: 0.1, reorder: 0.1 }),
    timeLimitMs: 20_000,
  });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

/** The `n`th answer a player gives, from the right move: right, then wrong in the ways players are (no segment, wrong state, seq off by one). */
export function playersAnswer(right: Move, n: number): Move {
  const first = right.segments[0];
  switch (n % 5) {
    case 1:
      return { ...right, segments: [] };
    case 2:
      return { ...right, state: right.state === 'CLOSED' ? 'TIME-WAIT' : 'CLOSED' };
    case 3:
      return first ? { ...right, segments: [{ ...first, seq: (first.seq + 1) % 2 ** 32 }] } : right;
    default:
      return right;
  }
}

/**
 * Play to the end. At each decision of `human`, `inspect` looks at the open decision first; then
 * `answer` (default: the engine's move) is played. Every step's notices are passed to `onNotices`,
 * with the round that step made (what the room sends its players a view of).
 */
export function playAgainstBot(
  round: Round,
  human: Side,
  inspect: (round: Round) => void = () => {},
  answer: (round: Round) => Move | null = (r) => hintFor(r, human),
  onNotices: (notices: RoundNotice[], round: Round) => void = () => {},
): Round {
  let r = round;
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const d = r.hosts[human].decision;
    if (d) {
      inspect(r);
      const move = answer(r) ?? hintFor(r, human)!;
      const res = stepRound(r, { kind: 'move', at: r.now, side: human, decisionId: d.id, move });
      if (!res.ok) throw new Error(res.rejection.detail);
      onNotices(res.notices, res.round);
      r = res.round;
      continue;
    }
    const t = nextEventAt(r);
    const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
    const res = stepRound(r, { kind: 'advance', at: t === null ? limit : Math.min(t, limit) });
    if (!res.ok) throw new Error(res.rejection.detail);
    onNotices(res.notices, res.round);
    r = res.round;
  }
  return r;
}

/**
 * A learner's one wrong try: `scenarioId` played as `human` against the bot with the engine's
 * moves, except at the first decision where `wrong` (shown the open decision as the player sees
 * it, and the right move) returns a move of its own. That decision's verdict as the player's view
 * shows it, with the right move; null if no decision drew one.
 */
export function wrongTry(scenarioId: string, human: Side, wrong: (decision: DecisionView, right: Move, round: Round) => Move | null): { verdict: VerdictView; right: Move } | null {
  let tried: { decisionId: number; right: Move } | null = null;
  const round = playAgainstBot(startRound(scenarioId, human), human, () => {}, (r) => {
    const right = hintFor(r, human)!;
    if (tried !== null) return right;
    const decision = roundView(r, human).decision!;
    const move = wrong(decision, right, r);
    if (move === null) return right;
    tried = { decisionId: decision.id, right };
    return move;
  });
  if (tried === null) return null;
  const { decisionId, right } = tried;
  return { verdict: roundView(round, human).verdicts.find((v) => v.decisionId === decisionId)!, right };
}
