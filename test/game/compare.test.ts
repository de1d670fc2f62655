/**
 * "What would Linux do? / What does the RFC say?": a round's inputs replayed under both profiles,
 * and the points where the two stacks answer differently, each explained by a catalogue rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProfiles, inputsOf, replayUnder, type ProfileComparison, type RoundInputs } from '../../shared/game/compare.ts';
import { createRound, runToEnd, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { symmetricWire, type ScriptedFault } from '../../shared/tcp/wire.ts';

function played(scenarioId: string, extra: Partial<RoundSettings> = {}): Round {
  const c = createRound({ scenarioId, mode: 'coach', seed: 5, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', ...extra });
  if (!c.ok) throw new Error(c.rejection.detail);
  return runToEnd(c.round);
}

function compare(round: Round): ProfileComparison {
  const r = compareProfiles(inputsOf(round));
  if (!r.ok) throw new Error(r.reason);
  return r.comparison;
}

const points = (c: ProfileComparison) => c.differences.map((d) => `${d.side} ${d.kind} ${d.rule}`);

describe('replaying a round\'s inputs', () => {
  it('under its own profile, the replay reproduces the round\'s wire exactly: same segments, same fates, even with loss, duplicates and reordering', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS.map((s) => s.id)),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('rfc9293' as const, 'linux' as const),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (scenarioId, seed, profile, loss, reorder) => {
          const round = played(scenarioId, { seed, profile, wire: symmetricWire({ delayMs: 300, jitterMs: 100, loss, duplicate: 0.1, reorder }) });
          const again = replayUnder(inputsOf(round), profile);
          expect(again.ok).toBe(true);
          if (!again.ok) return;
          const flight = (f: Round['flights'][number]) => [f.from, f.segment, f.sentAt, f.arrivesAt, f.lostAt, f.duplicate];
          expect(again.round.flights.map(flight)).toEqual(round.flights.map(flight));
          expect(again.round.states).toEqual(round.states);
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });

  it('under the other profile, a segment lost in the round is lost again (the same copy of the same segment)', () => {
    const round = played('lost-syn-ack');
    const { other } = compare(round);
    const lostHere = round.flights.filter((f) => f.lost).map((f) => [f.from, f.segment.seq, f.segment.ack]);
    expect(lostHere).toHaveLength(2);
    const lostThere = other.round.flights.filter((f) => f.lost).map((f) => [f.from, f.segment.seq, f.segment.ack]);
    expect(lostThere).toEqual(lostHere);
  });

  it('a round stopped early (resigned): the segments it never sent meet the wire\'s own chances and the level\'s scripted faults', () => {
    const c = createRound({ scenarioId: 'lost-syn-ack', mode: 'coach', seed: 5, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!c.ok) throw new Error(c.rejection.detail);
    // The client connects and resends its SYN once; at 1.3 s the second SYN-ACK is lost too; then the player resigns.
    let r = runToEnd(c.round, undefined, 3);
    for (let i = 0; i < 50 && r.now < 2_000; i++) {
      if (r.hosts.client.decision) {
        r = runToEnd(r, undefined, 1);
        continue;
      }
      const next = stepRound(r, { kind: 'advance', at: r.now + 100 });
      if (!next.ok) throw new Error(next.rejection.detail);
      r = next.round;
    }
    const resigned = stepRound(r, { kind: 'resign', at: r.now, side: 'client' });
    if (!resigned.ok) throw new Error(resigned.rejection.detail);
    expect(resigned.round.flights.filter((f) => f.lost)).toHaveLength(2);
    const { base, other } = compare(resigned.round);
    for (const run of [base.round, other.round]) {
      // The level drops two SYN-ACKs, no more: the third gets through in both replays, and the round completes.
      expect(run.flights.filter((f) => f.lost).map((f) => f.segment.flags.SYN && f.segment.flags.ACK)).toEqual([true, true]);
      expect(run.endReason).toBe('complete');
      expect(run.states.some((x) => x.side === 'client' && x.to === 'ESTABLISHED')).toBe(true);
    }
  });

  it('bad inputs are refused with a reason, never thrown', () => {
    const good = inputsOf(played('handshake'));
    const cases: [unknown, RegExp][] = [
      [{ ...good, scenarioId: 'no-such-level' }, /no scenario/],
      [{ ...good, profile: 'bsd' }, /profile/],
      [{ ...good, timeLimitMs: -1 }, /timeLimitMs/],
      [{ ...good, fates: [{ ...good.fates[0], travelMs: Number.NaN }] }, /fate 0/],
      [{ ...good, fates: 'x' }, /not the inputs/],
      [{ ...good, faults: [{ action: 'explode' }] }, /faults/],
      [null, /profile/],
    ];
    for (const [inputs, reason] of cases) {
      const r = compareProfiles(inputs as RoundInputs);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });
});

describe('where RFC 9293 and Linux answer differently', () => {
  it('TIME-WAIT: 2×MSL = 240 s under rfc9293, 60 s under linux', () => {
    const c = compare(played('handshake'));
    expect(points(c)).toEqual(['client timing close.time-wait-expired']);
    const d = c.differences[0]!;
    expect(d.n).toBe(1);
    expect(d.other[0]!.at - d.base[0]!.at).toBe(60_000 - 240_000);
  });

  it('the SYN schedule: with every SYN lost, RFC 6298 doubling against Linux\'s linear first timeouts, and when connect() gives up', () => {
    const faults: ScriptedFault[] = [{ action: 'drop', from: 'client', withFlags: ['SYN'], exact: true, count: 50 }];
    const c = compare(played('lost-syn', { faults }));
    expect(points(c)).toEqual(['client timing timer.retransmit-syn', 'client timing timer.syn-give-up']);
    const [syn, giveUp] = c.differences;
    expect(syn!.base.map((a) => a.at)).toEqual([3_000, 7_000, 15_000, 31_000, 63_000, 123_000, 183_000]);
    expect(syn!.other.map((a) => a.at)).toEqual([2_000, 3_000, 4_000, 5_000, 7_000, 11_000, 19_000, 35_000, 67_000]);
    expect([giveUp!.base[0]!.at, giveUp!.other[0]!.at]).toEqual([243_000, 131_000]);
  });

  it('a retransmitted SYN in SYN-RECEIVED: a bare ACK (RFC 9293) against the SYN-ACK again (Linux)', () => {
    const c = compare(played('lost-syn-ack'));
    const d = c.differences.find((x) => x.rule === 'open.syn-received-dup-syn')!;
    expect(d).toMatchObject({ side: 'server', kind: 'answer' });
    expect(d.base[0]!.segments.map((s) => s.flags)).toEqual([{ SYN: false, ACK: true, FIN: false, RST: false }]);
    expect(d.other[0]!.segments.map((s) => s.flags)).toEqual([{ SYN: true, ACK: true, FIN: false, RST: false }]);
  });

  it('the extra ACK of a simultaneous open', () => {
    const c = compare(played('simultaneous-open'));
    const d = c.differences.filter((x) => x.rule === 'open.simultaneous-extra-ack');
    expect(d.map((x) => [x.side, x.base[0]!.segments.length, x.other[0]!.segments.length])).toEqual([['client', 0, 1], ['server', 0, 1]]);
  });

  it('a full accept queue: Linux drops the last ACK, RFC 9293 (no accept queue) completes the handshake', () => {
    const c = compare(played('accept-queue-full'));
    expect(c.base.profile).toBe('linux');
    expect(c.other.profile).toBe('rfc9293');
    const d = c.differences[0]!;
    expect(d).toMatchObject({ n: 1, side: 'server', kind: 'answer', rule: 'open.accept-queue-full' });
    expect(d.base.map((a) => a.state)).toEqual(['SYN-RECEIVED', 'SYN-RECEIVED']);
    expect(d.other.map((a) => a.state)).toEqual(['ESTABLISHED']);
  });

  it('a SYN flood: RFC 9293 drops what the full SYN queue cannot hold, Linux answers with SYN cookies and builds the connection from the returning ACK', () => {
    const c = compare(played('syn-flood'));
    expect(points(c).slice(0, 2)).toEqual(['server answer open.syn-queue-full', 'server only-other open.syn-cookie-ack']);
  });

  it('every difference is explained by a catalogue rule that describes both profiles, numbered in time order', () => {
    for (const s of SCENARIOS) {
      const c = compare(played(s.id, { wire: symmetricWire({ delayMs: 300, loss: 0.2 }) }));
      c.differences.forEach((d, i) => {
        expect(d.n, s.id).toBe(i + 1);
        expect(RULES[d.rule].profiles ?? (d.kind === 'timing' ? RULES[d.rule] : undefined), `${s.id} ${d.rule}`).toBeDefined();
        expect(d.base.length + d.other.length, s.id).toBeGreaterThan(0);
      });
      const firsts = c.differences.map((d) => Math.min(...[...d.base, ...d.other].map((a) => a.at)));
      expect(firsts, s.id).toEqual([...firsts].sort((a, b) => a - b));
    }
  });

  it('a round with nothing profile-specific shows no difference', () => {
    expect(compare(played('connection-refused')).differences).toEqual([]);
  });
});
