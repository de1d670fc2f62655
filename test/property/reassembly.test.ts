/**
 * The receiver's reassembly queue (RFC 9293 §3.10.7.4): whatever order a sender's segments arrive
 * in, with repeats, every byte reaches the application exactly once and in order, and the FIN is
 * processed only after the last byte — without a single retransmission to refill a gap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../shared/tcp/config.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { seqAdd } from '../../shared/tcp/seq.ts';
import type { Segment } from '../../shared/tcp/segment.ts';
import { CLIENT, deliver, established, seg, sentSegments } from '../engine/builders.ts';

/** A client byte stream cut into segments, the FIN on the last one or on a segment of its own. */
const stream = fc
  .record({
    text: fc.string({ minLength: 1, maxLength: 60 }),
    cuts: fc.array(fc.integer({ min: 1, max: 59 }), { maxLength: 8 }),
    finAlone: fc.boolean(),
    clientIss: fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 2 ** 32 - 70, max: 2 ** 32 - 1 })),
    serverIss: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    profile: fc.constantFrom(...PROFILES),
  })
  .chain((s) => {
    const bounds = [...new Set([0, ...s.cuts.filter((c) => c < s.text.length), s.text.length])].sort((a, b) => a - b);
    const pieces = bounds.slice(0, -1).map((from, i) => ({ from, data: s.text.slice(from, bounds[i + 1]) }));
    const count = pieces.length + (s.finAlone ? 1 : 0);
    // Every segment arrives at least once, some twice, in any order.
    const arrivals = fc.tuple(fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }), fc.array(fc.integer({ min: 0, max: count - 1 }), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }));
    return arrivals.map(([order, repeats, where]) => {
      const all = [...order];
      repeats.forEach((r, i) => all.splice((where[i] ?? 0) % (all.length + 1), 0, r));
      return { ...s, pieces, order: all };
    });
  });

describe('reassembly: out-of-order and duplicated segments, nothing retransmitted', () => {
  it('delivers every byte exactly once, in order; processes the FIN after the last byte; acknowledges it all', () => {
    fc.assert(
      fc.property(stream, (s) => {
        const first = seqAdd(s.clientIss, 1);
        const ack = seqAdd(s.serverIss, 1);
        const segments: Segment[] = s.pieces.map((p, i) =>
          seg({ flags: !s.finAlone && i === s.pieces.length - 1 ? ['FIN', 'ACK'] : ['ACK'], seq: seqAdd(first, p.from), ack, data: p.data }),
        );
        if (s.finAlone) segments.push(seg({ flags: ['FIN', 'ACK'], seq: seqAdd(first, s.text.length), ack }));
        let host = established({ profile: s.profile, clientIss: s.clientIss, serverIss: s.serverIss }).server;
        let signalled = '';
        let lastAck = first;
        let t = 0;
        for (const i of s.order) {
          const r = deliver(host, segments[i]!, (t += 10));
          for (const o of r.outputs) if (o.kind === 'signal' && o.signal === 'data-delivered') signalled += o.data ?? '';
          const sent = sentSegments(r);
          // Every arrival is answered at once by exactly one ACK carrying RCV.NXT (never a retransmission).
          expect(sent).toHaveLength(1);
          lastAck = sent[0]!.ack;
          host = r.host;
          const tcb = connectionTo(host, CLIENT)!;
          // In order, never ahead of what arrived: what was delivered is a prefix of the stream.
          expect(s.text.startsWith(tcb.delivered)).toBe(true);
          expect(signalled).toBe(tcb.delivered);
          expect(tcb.rcvNxt).toBe(seqAdd(first, tcb.delivered.length + (tcb.state === 'CLOSE-WAIT' ? 1 : 0)));
          if (tcb.state === 'CLOSE-WAIT') expect(tcb.delivered).toBe(s.text);
        }
        const tcb = connectionTo(host, CLIENT)!;
        expect(tcb.delivered).toBe(s.text);
        expect(tcb.state).toBe('CLOSE-WAIT');
        expect(tcb.reassembly).toEqual([]);
        expect(lastAck).toBe(seqAdd(first, s.text.length + 1));
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
