/**
 * Rounds as practice plays them: one human host, the other the textbook bot, coach mode. The
 * human's decisions are answered with the engine's own move unless a test answers them itself.
 */
import { hintFor, nextEventAt, stepRound, createRound } from '../../shared/game/round.ts';
import { scenarioOf } from '../../shared/game/round.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round, RoundNotice, RoundSettings } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';

export function startRound(scenarioId: string, human: Side, extra: Partial<RoundSettings> = {}): Round {
  const controllers = { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' } as const;
  const created = createRound({ scenarioId, mode: 'coach', seed: 11, controllers, personality: 'textbook', ...extra });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

/**
 * Play to the end. At each decision of `human`, `inspect` looks at the open decision first; then
 * `answer` (default: the engine's move) is played. Every notice is passed to `onNotices`.
 */
export function playAgainstBot(
  round: Round,
  human: Side,
  inspect: (round: Round) => void = () => {},
  answer: (round: Round) => Move | null = (r) => hintFor(r, human),
  onNotices: (notices: RoundNotice[]) => void = () => {},
): Round {
  let r = round;
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const d = r.hosts[human].decision;
    if (d) {
      inspect(r);
      const move = answer(r) ?? hintFor(r, human)!;
      const res = stepRound(r, { kind: 'move', at: r.now, side: human, decisionId: d.id, move });
      if (!res.ok) throw new Error(res.rejection.detail);
      onNotices(res.notices);
      r = res.round;
      continue;
    }
    const t = nextEventAt(r);
    const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
    const res = stepRound(r, { kind: 'advance', at: t === null ? limit : Math.min(t, limit) });
    if (!res.ok) throw new Error(res.rejection.detail);
    onNotices(res.notices);
    r = res.round;
  }
  return r;
}
