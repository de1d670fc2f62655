/**
 * A class round's default time limit lets TIME-WAIT run out (RFC 9293 §3.3.2: the 2×MSL timer
 * expires, the connection goes to CLOSED), so a class plays TIME-WAIT's last decision: every
 * scenario, played right as a class pair plays it (two students, the class's default wire and time
 * limit, server/classroom/ClassPairRoom.ts roundSettings), under RFC 9293 (2×MSL = 240 s) and
 * under Linux (TIME-WAIT 60 s). A class round's clock is game time: TIME-WAIT's wait costs the
 * class no real time (shared/classroom/timeLimit.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASS_SETTINGS } from '../../server/classroom/settings.ts';
import { CLASS_TIME_LIMIT_MIN_S } from '../../shared/classroom/timeLimit.ts';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round } from '../../shared/game/types.ts';
import { configFor, timeWaitMs, type Profile } from '../../shared/tcp/config.ts';

/** A class pair's round on the class's settings, both hosts a student's, played right to its end. */
function classRound(scenarioId: string, profile: Profile, timeLimitMs = DEFAULT_CLASS_SETTINGS.timeLimitMs): Round {
  const s = DEFAULT_CLASS_SETTINGS;
  const direction = { delayMs: s.delayMs, jitterMs: 0, loss: s.loss, duplicate: 0, reorder: 0 };
  const made = createRound({ scenarioId, mode: s.mode, seed: 1, personality: 'textbook', profile, controllers: { client: 'human', server: 'human' }, wire: { toServer: direction, toClient: { ...direction } }, timeLimitMs });
  if (!made.ok) throw new Error(made.rejection.detail);
  return runToEnd(made.round);
}

/** Each TIME-WAIT a host entered, and whether the 2×MSL timer took it to CLOSED by a student's answer. */
function timeWaits(round: Round): { side: string; ranOut: boolean }[] {
  return round.states
    .filter((c) => c.to === 'TIME-WAIT')
    .map((entered) => ({
      side: entered.side,
      ranOut: round.states.some((c) => c.side === entered.side && c.conn === entered.conn && c.from === 'TIME-WAIT' && c.to === 'CLOSED' && c.rule === 'close.time-wait-expired' && c.at >= entered.at + timeWaitMs(configFor(round.hosts[entered.side].host.config.profile)) - 1),
    }));
}

describe('a class round’s default time limit', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`lets TIME-WAIT run out in every scenario under ${profile} (2×MSL = ${timeWaitMs(configFor(profile)) / 1000} s): the round ends complete with both hosts CLOSED`, () => {
      let played = 0;
      for (const scenario of SCENARIOS) {
        const round = classRound(scenario.id, profile);
        const waits = timeWaits(round);
        if (waits.length === 0) continue;
        played++;
        expect(round.endReason, scenario.id).toBe('complete');
        expect(waits, `${scenario.id}: every TIME-WAIT ran out`).toEqual(waits.map((w) => ({ ...w, ranOut: true })));
        // The last move of the round is a student's: the host that waited in TIME-WAIT goes to CLOSED when its timer expires.
        const last = round.decisions.at(-1)!;
        expect([last.event.kind, last.expected.state], scenario.id).toEqual(['tick', 'CLOSED']);
      }
      expect(played, 'scenarios that pass through TIME-WAIT').toBeGreaterThanOrEqual(12);
    });
  }

  it('is longer than RFC 9293’s TIME-WAIT with room for the connection before it; the form’s least is Linux’s TIME-WAIT', () => {
    expect(DEFAULT_CLASS_SETTINGS.timeLimitMs).toBeGreaterThan(timeWaitMs(configFor('rfc9293')));
    expect(CLASS_TIME_LIMIT_MIN_S * 1000).toBe(timeWaitMs(configFor('linux')));
  });

  it('shorter, as a teacher may choose it, ends the round with TIME-WAIT still running (Results say so: client/model/endStates.ts)', () => {
    const round = classRound('handshake', 'rfc9293', 120_000);
    expect(round.endReason).toBe('complete');
    expect(timeWaits(round)).toEqual([{ side: 'client', ranOut: false }]);
  });
});
