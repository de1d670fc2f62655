/**
 * The answer to a decision, from the in-process room's round (the test's TCP knowledge, via the
 * engine). Needed because a host's ISN is drawn by the engine and no page shows it before the SYN
 * is sent; everything else the test could read off the page. The answer is typed through the UI.
 */
import { matchMaker } from '@colyseus/core';
import { hintFor } from '../../shared/game/round.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';

export function correctAnswer(roomId: string, side: Side, decisionId: number): Move | null {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as { round: Round | null } | undefined;
  const round = room?.round;
  if (!round || round.hosts[side].decision?.id !== decisionId) return null;
  return hintFor(round, side);
}
