/**
 * The round's opening card is for its start (client/scenes/liveInfo.ts roundUnderWay): a page that
 * comes back once a player's host has moved, whoever moved it, lands on the host as it is.
 */
import { describe, expect, it } from 'vitest';
import { roundUnderWay } from '../../client/scenes/liveInfo.ts';
import { createRound, hintFor, stepRound } from '../../shared/game/round.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Round } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';

function handshakeStarted(): Round {
  const made = createRound({ scenarioId: 'handshake', mode: 'consequences', seed: 1, personality: 'textbook', controllers: { client: 'human', server: 'human' } });
  if (!made.ok) throw new Error('no round');
  const started = stepRound(made.round, { kind: 'advance', at: 0 });
  if (!started.ok) throw new Error('not started');
  return started.round;
}

function played(round: Round, side: Side): Round {
  const decision = round.hosts[side].decision!;
  const next = stepRound(round, { kind: 'move', at: 0, side, decisionId: decision.id, move: hintFor(round, side)! });
  if (!next.ok) throw new Error('move refused');
  return next.round;
}

describe('a round under way for a player', () => {
  it('at the start, with each host’s first decision open, for neither player', () => {
    const round = handshakeStarted();
    expect(roundUnderWay(roundView(round, 'client'))).toBe(false);
    expect(roundUnderWay(roundView(round, 'server'))).toBe(false);
  });

  it('once the server’s host has done its passive OPEN (LISTEN): for the server’s player, not yet for the client’s', () => {
    const round = played(handshakeStarted(), 'server');
    expect(roundUnderWay(roundView(round, 'server'))).toBe(true);
    expect(roundUnderWay(roundView(round, 'client'))).toBe(false);
  });

  it('once the client’s host has sent its SYN (SYN-SENT)', () => {
    const round = played(played(handshakeStarted(), 'server'), 'client');
    expect(roundUnderWay(roundView(round, 'client'))).toBe(true);
  });
});
