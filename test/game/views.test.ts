/**
 * What a player's view says about its timers: a retransmission timer carries the schedule the
 * engine runs under the round's profile (the timer panel shows it), and the round's inputs are
 * revealed only once it is over.
 */
import { describe, expect, it } from 'vitest';
import { createRound, runToEnd, stepRound } from '../../shared/game/round.ts';
import type { Round } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor, type Profile } from '../../shared/tcp/config.ts';

function start(profile: Profile): Round {
  const c = createRound({ scenarioId: 'lost-syn', mode: 'coach', seed: 3, controllers: { client: 'human', server: 'bot' }, personality: 'textbook', profile });
  if (!c.ok) throw new Error(c.rejection.detail);
  return c.round;
}

/** Answer the client's decisions with the right move until `n` have been answered. */
function answer(round: Round, n: number): Round {
  let r = round;
  for (let done = 0; done < n; ) {
    const d = r.hosts.client.decision;
    if (d) {
      r = runToEnd(r, undefined, 1);
      done += 1;
    } else {
      const res = stepRound(r, { kind: 'advance', at: r.now + 50 });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
    }
  }
  return r;
}

describe('the timer panel\'s schedule', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: the SYN's retransmission timer carries the schedule the engine runs, and how many resends were made`, () => {
      const afterConnect = answer(start(profile), 1);
      const [timer] = roundView(afterConnect, 'client').hosts.client.timers;
      const expected = retransmissionSchedule(configFor(profile), 'SYN');
      expect(timer).toEqual({ kind: 'retransmission', expiresAt: 1_000, durationMs: 1_000, schedule: { profile, segment: 'SYN', retries: 0, retransmitAt: expected.retransmitAt, giveUpAt: expected.giveUpAt } });
      // After the first resend (the scenario drops the first SYN), the count goes up.
      const afterResend = answer(afterConnect, 1);
      expect(roundView(afterResend, 'client').hosts.client.timers[0]?.schedule?.retries).toBe(1);
      // The peer's timers stay hidden from this player.
      expect(roundView(afterResend, 'client').hosts.server.timers).toEqual([]);
    });
  }

  it('a round\'s inputs (seed, wire fates) are in the view only once it is over', () => {
    const r = start('rfc9293');
    expect(roundView(r, 'client').inputs).toBeNull();
    const done = runToEnd(r);
    expect(done.finished).toBe(true);
    expect(roundView(done, 'client').inputs).toMatchObject({ scenarioId: 'lost-syn', profile: 'rfc9293', seed: 3 });
  });
});
