import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRound, hintFor, nextEventAt, replayRound, scenarioOf, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { BOT_PERSONALITIES, type Round, type RoundEvent, type RoundSettings } from '../../shared/game/types.ts';
import type { Move } from '../../shared/game/move.ts';
import { SIDES, symmetricWire, type Side } from '../../shared/tcp/wire.ts';
import { illegalHistory } from './rfc9293-diagram.ts';

const anyRound = fc.record({
  scenarioId: fc.constantFrom(...SCENARIOS.map((s) => s.id)),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  mode: fc.constantFrom('coach' as const, 'consequences' as const),
  client: fc.constantFrom('human' as const, 'bot' as const),
  server: fc.constantFrom('human' as const, 'bot' as const),
  personality: fc.constantFrom(...BOT_PERSONALITIES),
  profile: fc.constantFrom('rfc9293' as const, 'linux' as const),
  loss: fc.double({ min: 0, max: 0.6, noNaN: true }),
  delayMs: fc.integer({ min: 200, max: 1_500 }),
  duplicate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
  /** How the people answer, one choice per decision (cycled): right, or wrong in one of several ways. */
  answers: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 40 }),
});
type AnyRound = typeof anyRound extends fc.Arbitrary<infer T> ? T : never;

function settingsOf(p: AnyRound): RoundSettings {
  return {
    scenarioId: p.scenarioId,
    mode: p.mode,
    seed: p.seed,
    controllers: { client: p.client, server: p.server },
    personality: p.personality,
    profile: p.profile,
    wire: symmetricWire({ delayMs: p.delayMs, loss: p.loss, duplicate: p.duplicate, reorder: p.reorder }),
    // Short rounds: a wrong segment a person sends in SYN-SENT can start a RST ↔ challenge-ACK
    // ping-pong (RFC 5961 §7 asks for ACK throttling, which the engine does not have yet), and
    // every retransmitted SYN adds another chain; 10 s and a delay of at least 200 ms keep such a round small.
    timeLimitMs: 10_000,
  };
}

/** A person's answer: usually the right one, sometimes wrong in a way players really get it wrong. */
function personMove(right: Move, choice: number): Move {
  const first = right.segments[0];
  switch (choice) {
    case 0:
      return { ...right, segments: [] }; // forgot to answer
    case 1:
      return { ...right, state: right.state === 'CLOSED' ? 'TIME-WAIT' : 'CLOSED' }; // wrong state
    case 2:
      return first ? { ...right, segments: [{ ...first, seq: (first.seq + 1) % 2 ** 32 }] } : right; // off by one
    case 3:
      return first ? { ...right, segments: [{ ...first, flags: { ...first.flags, ACK: !first.flags.ACK } }] } : right;
    case 4:
      return { ...right, segments: [...right.segments, { flags: { SYN: false, ACK: false, FIN: false, RST: true }, seq: 0, ack: 0, data: '' }] };
    default:
      return right;
  }
}

/** Play a round to its end through stepRound only, recording nothing but what the round itself logs. */
function playLive(p: AnyRound): Round {
  const created = createRound(settingsOf(p));
  if (!created.ok) throw new Error(created.rejection.detail);
  let r = created.round;
  const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
  let n = 0;
  for (let i = 0; i < 3_000 && !r.finished; i++) {
    let event: RoundEvent;
    const waiting: Side | undefined = SIDES.find((s) => r.hosts[s].decision);
    if (waiting) {
      const d = r.hosts[waiting].decision!;
      const right = hintFor(r, waiting)!;
      const choice = p.answers[n++ % p.answers.length]!;
      // Now and then a person walks away and the bot takes over the host.
      if (choice === 9 && d.attempts === 0) event = { kind: 'takeover', at: r.now, side: waiting };
      else event = { kind: 'move', at: r.now, side: waiting, decisionId: d.id, move: d.attempts >= 2 ? right : personMove(right, choice) };
    } else {
      const at = nextEventAt(r);
      event = { kind: 'advance', at: at === null ? limit : Math.min(at, limit) };
    }
    const res = stepRound(r, event);
    if (!res.ok) {
      // A rejected event leaves the round exactly as it was.
      expect(res.round).toBe(r);
      break;
    }
    r = res.round;
  }
  return r;
}

describe('a round is its log', () => {
  it('the same settings and the same answers give the same round, log and flights', () => {
    fc.assert(
      fc.property(anyRound, (p) => {
        const a = playLive(p);
        const b = playLive(p);
        expect(b.log).toEqual(a.log);
        expect(b.flights).toEqual(a.flights);
        expect(b).toEqual(a);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('replayRound(settings, round.log) reproduces the live round exactly', () => {
    fc.assert(
      fc.property(anyRound, (p) => {
        const live = playLive(p);
        const replayed = replayRound(live.settings, live.log);
        expect(replayed).toEqual(live);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('wrong moves, takeovers and every scenario still leave both hosts in RFC 9293 states', () => {
    fc.assert(
      fc.property(anyRound, (p) => {
        const live = playLive(p);
        expect(illegalHistory(live.states, (c) => `${c.side} ${c.conn}`)).toBeNull();
      }),
      { seed: 42, numRuns: 40 },
    );
  });
});
