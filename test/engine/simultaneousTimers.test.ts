/**
 * SYN-RECEIVED, two half-open connections whose SYN-ACK timers run out at one instant (RFC 6298
 * §5.4: each connection has its own retransmission timer). Each expiry is an event of its own: a
 * tick for one connection resends that connection's SYN-ACK and leaves the other's timer due, so a
 * player answers one timer at a time, and every prompt names the one it asks about.
 */
import { describe, expect, it } from 'vitest';
import { connectionsDueBy, nextDeadline } from '../../shared/tcp/timers.ts';
import { deliver, listening, ok, rulesOf, seg, segmentOutputs, SERVER } from './builders.ts';

const A = '198.51.100.7:40007';
const B = '198.51.100.8:40008';

/** The listener after two SYNs from A and B reached it at the same instant: both in SYN-RECEIVED. */
function twoHalfOpen() {
  const first = deliver(listening(), seg({ src: A, dst: SERVER, seq: 7_000, flags: ['SYN'] }), 100);
  return deliver(first.host, seg({ src: B, dst: SERVER, seq: 8_000, flags: ['SYN'] }), 100).host;
}

describe('SYN-RECEIVED × 2: SYN-ACK timers that expire at one instant', () => {
  it('both are due at 1.1 s (RTO 1 s), A first', () => {
    const host = twoHalfOpen();
    expect(nextDeadline(host)).toBe(1_100);
    expect(connectionsDueBy(host, 1_100).map((c) => c.remote)).toEqual([A, B]);
  });

  it('a tick for A resends only A\'s SYN-ACK; B\'s timer is still due, and the next tick resends B\'s', () => {
    const forA = ok(twoHalfOpen(), { kind: 'tick', at: 1_100, conn: A });
    expect(segmentOutputs(forA).map((o) => [o.segment.dst, o.rule])).toEqual([[A, 'timer.retransmit-syn-ack']]);
    expect(connectionsDueBy(forA.host, 1_100).map((c) => c.remote)).toEqual([B]);
    const forB = ok(forA.host, { kind: 'tick', at: 1_100 });
    expect(segmentOutputs(forB).map((o) => [o.segment.dst, o.rule])).toEqual([[B, 'timer.retransmit-syn-ack']]);
    expect(rulesOf(forB)).not.toContain('timer.syn-ack-give-up');
  });

  it('a tick for no connection in particular still fires every timer due (the bot\'s and the wire\'s view of time)', () => {
    const both = ok(twoHalfOpen(), { kind: 'tick', at: 1_100 });
    expect(segmentOutputs(both).map((o) => o.segment.dst)).toEqual([A, B]);
  });
});
