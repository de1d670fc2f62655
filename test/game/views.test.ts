/**
 * What a player's view says about its timers: a retransmission timer carries the schedule the
 * engine runs under the round's profile (the timer panel shows it), and the round's inputs are
 * revealed only once it is over.
 */
import { describe, expect, it } from 'vitest';
import { allowedFor, createRound, nextEventAt, runToEnd, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round, RoundEvent } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor, type Profile } from '../../shared/tcp/config.ts';
import { SIDES, symmetricWire, type Side } from '../../shared/tcp/wire.ts';

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

describe('a view is made from what changed', () => {
  it('a player sees its own state changes and verdicts only, the same lists while the round\'s stay the same', () => {
    let r = answer(start('rfc9293'), 2);
    const before = roundView(r, 'client');
    expect(before.states.length).toBeGreaterThan(0);
    expect(before.states.every((s) => s.side === 'client')).toBe(true);
    expect(before.verdicts.map((v) => v.side)).toEqual(['client', 'client']);
    // A step that writes neither list (time passing with nothing arriving) keeps both.
    const idle = stepRound(r, { kind: 'advance', at: r.now });
    if (!idle.ok) throw new Error(idle.rejection.detail);
    expect(idle.round.states).toBe(r.states);
    const again = roundView(idle.round, 'client');
    expect(again.states).toBe(before.states);
    expect(again.verdicts).toBe(before.verdicts);
    // The next answer adds a verdict: a new list, with the old ones in it.
    r = answer(idle.round, 1);
    const after = roundView(r, 'client');
    expect(after.verdicts).not.toBe(before.verdicts);
    expect(after.verdicts.slice(0, 2)).toEqual(before.verdicts);
    expect(after.verdicts).toHaveLength(3);
  });
});

/**
 * A view is made from what it kept of the steps before (a panel, a decision, the host's segments
 * stand while what they read stands). Whatever it kept, it must say exactly what a view made
 * afresh from the same round says: a structured clone shares no object with the round, so its
 * view is made from nothing.
 */
describe('a view kept from the steps before says what a fresh one says', () => {
  /**
   * Step a round to its end, answering `humans`' decisions (a wrong try, a hint, a right move in
   * turn, each of the right moves in turn: a held-back ACK among them), checking every view at every step.
   */
  function playChecking(r: Round, humans: readonly Side[]): number {
    const viewers: (Side | null)[] = [...humans, null];
    let decisions = 0;
    for (let i = 0; i < 600 && !r.finished; i++) {
      const side = humans.find((s) => r.hosts[s].decision);
      const d = side ? r.hosts[side].decision : null;
      let event: RoundEvent;
      if (!side || !d) event = { kind: 'advance', at: nextEventAt(r) ?? r.now + 1_000 };
      else if (decisions % 3 === 1 && d.attempts === 0) event = { kind: 'move', at: r.now, side, decisionId: d.id, move: { state: 'CLOSED', segments: [] } };
      else if (decisions % 3 === 2 && !d.revealed) event = { kind: 'reveal', at: r.now, side, decisionId: d.id };
      else {
        const allowed = allowedFor(r, side)!;
        event = { kind: 'move', at: r.now, side, decisionId: d.id, move: allowed[decisions % allowed.length]!.move };
        decisions += 1;
      }
      const res = stepRound(r, event);
      if (!res.ok) throw new Error(`${event.kind}: ${res.rejection.detail}`);
      r = res.round;
      for (const who of viewers) expect(roundView(r, who)).toEqual(roundView(structuredClone(r), who));
    }
    return decisions;
  }

  for (const scenario of SCENARIOS) {
    for (const human of SIDES) {
      it(`${scenario.id}, played as the ${human} against the bot on a lossy wire, with wrong tries and hints`, () => {
        const controllers = { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' } as const;
        const created = createRound({ scenarioId: scenario.id, mode: 'coach', seed: 5, controllers, personality: 'textbook', wire: symmetricWire({ delayMs: 250, loss: 0.25 }) });
        if (!created.ok) throw new Error(created.rejection.detail);
        expect(playChecking(created.round, [human])).toBeGreaterThan(0);
      });
    }
    it(`${scenario.id}, two players (each sees the other's totals only as its segments carry them)`, () => {
      const created = createRound({ scenarioId: scenario.id, mode: 'coach', seed: 6, controllers: { client: 'human', server: 'human' }, personality: 'textbook', wire: symmetricWire({ delayMs: 200, loss: 0.2 }) });
      if (!created.ok) throw new Error(created.rejection.detail);
      expect(playChecking(created.round, SIDES)).toBeGreaterThan(0);
    });
  }
});
