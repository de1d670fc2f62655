/**
 * The rude bot's promise (README, menu): in a round where its host reaches ESTABLISHED it sends one
 * stray RST, in the player's window but not exactly RCV.NXT, so the player meets RFC 5961's rule
 * (RFC 9293 §3.10.7.4): answer with a challenge ACK, do not reset. Whatever the seed: a learner
 * who picks this bot to practise that answer gets the chance in every such round.
 */
import { describe, expect, it } from 'vitest';
import { predictDecision } from '../../shared/game/expected.ts';
import type { Round } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const asksForChallengeAck = (r: Round, human: Side): boolean => {
  const d = r.hosts[human].decision;
  if (!d || d.event.kind !== 'segment' || !d.event.segment.flags.RST) return false;
  return predictDecision(r.hosts[human], d)?.expected.segments.some((s) => s.rule === 'rst.in-window-challenge-ack') ?? false;
};

describe('the rude bot sends its stray RST in every round its host reaches ESTABLISHED', () => {
  for (const [scenarioId, human] of [['handshake', 'server'], ['handshake', 'client'], ['active-close-client', 'client'], ['data-on-third', 'server']] as const) {
    it(`${scenarioId}, the player as the ${human}: seeds 1-20 each bring one in-window RST answered with a challenge ACK`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        let met = 0;
        const round = playAgainstBot(startRound(scenarioId, human, { personality: 'rude', seed }), human, (r) => {
          if (asksForChallengeAck(r, human)) met++;
        });
        expect(round.strayRstSent, `seed ${seed}`).toBe(true);
        expect(met, `seed ${seed}`).toBe(1);
        expect(round.endReason, `seed ${seed}`).toBe('complete');
      }
    });
  }
});
