import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRound } from '../../shared/game/round.ts';
import { endingOf, runWithTranscript } from '../../shared/game/transcript.ts';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import { SIDES, symmetricWire } from '../../shared/tcp/wire.ts';
import { illegalHistory } from './rfc9293-diagram.ts';

/** The scenarios whose applications exchange data (a request, a reply), then close, abort or crash. */
const DATA_SCENARIOS = ['active-close-client', 'active-close-server', 'data-on-third', 'abort-rst', 'half-open'] as const;

/** Long enough for every give-up timer of both profiles to run out: a round must end by itself. */
const FOUR_HOURS = 4 * 3_600_000;

export const lossyRound = fc.record({
  scenarioId: fc.constantFrom(...DATA_SCENARIOS),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  profile: fc.constantFrom('rfc9293' as const, 'linux' as const),
  loss: fc.double({ min: 0, max: 0.6, noNaN: true }),
  delayMs: fc.integer({ min: 0, max: 2_000 }),
  jitterMs: fc.integer({ min: 0, max: 500 }),
  duplicate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
});

export function settingsOf(p: (typeof lossyRound extends fc.Arbitrary<infer T> ? T : never)): RoundSettings {
  return {
    scenarioId: p.scenarioId,
    mode: 'consequences',
    seed: p.seed,
    controllers: { client: 'bot', server: 'bot' },
    personality: 'textbook',
    profile: p.profile,
    wire: symmetricWire({ delayMs: p.delayMs, jitterMs: p.jitterMs, loss: p.loss, duplicate: p.duplicate, reorder: p.reorder }),
    timeLimitMs: FOUR_HOURS,
  };
}

function play(settings: RoundSettings): ReturnType<typeof runWithTranscript> {
  const created = createRound(settings);
  if (!created.ok) throw new Error(created.rejection.detail);
  return runWithTranscript(created.round);
}

/** A side closed in order: its FIN was acknowledged and it received the peer's FIN (LAST-ACK or TIME-WAIT done). */
function closedInOrder(round: Round, side: 'client' | 'server'): boolean {
  const peer = round.hosts[side].peer;
  return round.states.some((c) => c.side === side && c.conn === peer && (c.rule === 'close.time-wait-expired' || c.rule === 'close.last-ack-closed'));
}

describe('two bots through a lossy, duplicating, reordering wire', () => {
  it('every recorded state change is an arrow of RFC 9293 Figure 5 or a reset, abort or timeout', () => {
    fc.assert(
      fc.property(lossyRound, (p) => {
        const { round } = play(settingsOf(p));
        expect(illegalHistory(round.states, (c) => `${c.side} ${c.conn}`)).toBeNull();
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('data is delivered exactly once and in order; an orderly close delivers every byte both ways', () => {
    fc.assert(
      fc.property(lossyRound, (p) => {
        const { round, transcript } = play(settingsOf(p));
        for (const side of SIDES) {
          const peer = side === 'client' ? 'server' : 'client';
          const t = transcript[side];
          expect(t.deliveryViolation).toBeNull();
          // Never a byte the peer did not send, never twice, never out of order: a prefix of its stream.
          expect(transcript[peer].sent.startsWith(t.delivered)).toBe(true);
          // Closing in order means both FINs were acknowledged, so both byte streams arrived whole.
          if (closedInOrder(round, side)) {
            expect(t.established).toBe(true);
            expect(t.delivered).toBe(transcript[peer].sent);
            expect(transcript[peer].delivered).toBe(t.sent);
          }
        }
        if (round.endReason === 'complete' && SIDES.every((s) => endingOf(round, s) === 'closed')) {
          expect(SIDES.every((s) => transcript[s].established)).toBe(true);
          expect(transcript.client.delivered).toBe(transcript.server.sent);
          expect(transcript.server.delivered).toBe(transcript.client.sent);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('never stuck: the round completes with both sides CLOSED, or a side gave up and the other waits idle', () => {
    fc.assert(
      fc.property(lossyRound, (p) => {
        const { round } = play(settingsOf(p));
        expect(round.finished).toBe(true);
        if (round.endReason === 'complete') {
          for (const side of SIDES) expect(round.hosts[side].host.connections).toEqual([]);
          return;
        }
        // RFC 9293 has no timer in ESTABLISHED, CLOSE-WAIT or FIN-WAIT-2 (keep-alives are optional, §3.8.4):
        // when the peer gave up or was reset, the survivor of a half-open connection waits forever, idle.
        expect(round.endReason).toBe('time-up');
        const open = SIDES.filter((s) => connectionTo(round.hosts[s].host, round.hosts[s].peer));
        expect(open.length).toBe(1);
        const survivor = open[0]!;
        const other = survivor === 'client' ? 'server' : 'client';
        expect(['gave-up', 'reset']).toContain(endingOf(round, other));
        const tcb = connectionTo(round.hosts[survivor].host, round.hosts[survivor].peer)!;
        expect(['ESTABLISHED', 'CLOSE-WAIT', 'FIN-WAIT-2']).toContain(tcb.state);
        expect(nextDeadline(round.hosts[survivor].host)).toBeNull();
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
