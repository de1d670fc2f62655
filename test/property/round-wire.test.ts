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
        // when the peer gave up or was reset, the survivor of a half-open connection waits forever,
        // idle, and the game ends the round as soon as nothing more can happen.
        expect(round.endReason).toBe('idle');
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

/** A wire that reorders and duplicates but never loses, with round trips shorter than the 1 s RTO. */
const reorderingRound = fc.record({
  scenarioId: fc.constantFrom(...DATA_SCENARIOS),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  profile: fc.constantFrom('rfc9293' as const, 'linux' as const),
  delayMs: fc.integer({ min: 1, max: 200 }),
  duplicate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  reorder: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
});

describe('two bots through a wire that reorders but loses nothing', () => {
  it('every byte arrives exactly once and in order, and no data or FIN is ever retransmitted: held segments fill the gaps', () => {
    let overtaken = 0;
    fc.assert(
      fc.property(reorderingRound, (p) => {
        // A reordered segment travels delay + delay + 1 ms, so no round trip reaches the RTO.
        const { round, transcript } = play(settingsOf({ ...p, loss: 0, jitterMs: 0 }));
        const resent = round.flights.filter((f) => f.rule === 'timer.retransmit-data' || f.rule === 'timer.retransmit-fin' || f.rule === 'timer.retransmit-syn' || f.rule === 'timer.retransmit-syn-ack');
        expect(resent).toEqual([]);
        for (const side of SIDES) {
          const peer = side === 'client' ? 'server' : 'client';
          expect(transcript[side].deliveryViolation).toBeNull();
          expect(transcript[peer].sent.startsWith(transcript[side].delivered)).toBe(true);
          if (closedInOrder(round, side)) expect(transcript[side].delivered).toBe(transcript[peer].sent);
        }
        // Count the rounds where a segment carrying data or a FIN really was overtaken.
        const carrying = round.flights.filter((f) => !f.injected && (f.segment.data.length > 0 || f.segment.flags.FIN) && f.fate === 'arrived');
        if (carrying.some((f) => carrying.some((g) => g.from === f.from && g.sentAt > f.sentAt && g.arrivesAt < f.arrivesAt))) overtaken += 1;
      }),
      { seed: 42, numRuns: 150 },
    );
    // The property is not vacuous: in some rounds a later segment did overtake an earlier one.
    expect(overtaken).toBeGreaterThan(2);
  });

  it('the server\'s FIN overtakes its reply: the client holds the FIN, delivers the reply when it comes, then closes; nothing is resent', () => {
    for (const profile of ['rfc9293', 'linux'] as const) {
      const created = createRound({
        ...settingsOf({ scenarioId: 'active-close-server', seed: 3, profile, loss: 0, delayMs: 200, jitterMs: 0, duplicate: 0, reorder: 0 }),
        faults: [{ action: 'delay', from: 'server', withFlags: ['ACK'], exact: true, count: 1, skip: 1, extraDelayMs: 300 }],
      });
      if (!created.ok) throw new Error(created.rejection.detail);
      const { round, transcript } = runWithTranscript(created.round);
      const reply = round.flights.find((f) => f.from === 'server' && f.segment.data === '200 OK')!;
      const fin = round.flights.find((f) => f.from === 'server' && f.segment.flags.FIN)!;
      expect(fin.arrivesAt).toBeLessThan(reply.arrivesAt);
      expect(round.flights.filter((f) => f.rule?.startsWith('timer.retransmit'))).toEqual([]);
      expect(transcript.client.delivered).toBe('200 OK');
      const client = round.states.filter((c) => c.side === 'client').map((c) => c.to);
      expect(client).toContain('CLOSE-WAIT');
      expect(round.endReason).toBe('complete');
    }
  });
});
