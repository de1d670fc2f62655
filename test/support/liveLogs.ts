/**
 * A round as a player's page draws it while it plays: one log per view the room sends (one per step
 * of the round), each folded into the history the Game scene keeps (LiveRoundLog), from the first
 * view to the finished round's. The player's moves are the coach's, the other host the bot.
 */
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import type { RoundLog } from '../../client/model/view.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

export function liveLogs(scenarioId: string, you: Side, extra: Partial<RoundSettings> = {}): RoundLog[] {
  const history = new LiveRoundLog();
  const round = startRound(scenarioId, you, extra);
  const logs = [history.update(roundView(round, you))];
  playAgainstBot(round, you, () => {}, undefined, (_notices, r) => logs.push(history.update(roundView(r, you))));
  return logs;
}
