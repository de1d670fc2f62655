/**
 * Two hosts whose sequence numbers no longer match (a desynchronized connection) answer each
 * other's unacceptable segments with ACKs that are themselves unacceptable: an ACK loop. RFC 9293
 * §3.10.7.4 answers an unacceptable segment with an ACK and an ACK of data never sent with an ACK;
 * what stops the loop is rate limiting:
 * - Linux (net.ipv4.tcp_invalid_ratelimit, 500 ms; tcp_oow_rate_limited): a segment that fails the
 *   sequence check and carries no data and no FIN gets a duplicate ACK at most once per 500 ms per
 *   connection, and challenge ACKs (tcp_send_challenge_ack, which since 6.18.y also answers
 *   SEG.ACK > SND.NXT) share that one clock (tp->last_oow_ack_time);
 * - RFC 5961 §5.2 (RFC 9293 MAY-12) makes the ACK of SEG.ACK > SND.NXT a challenge ACK, which
 *   RFC 5961 §7 throttles: both profiles.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT, CLIENT_ISS, SERVER_ISS, deliver, established, expectSegment, onlySegment, rulesOf, seg, tcb } from './builders.ts';

/** A bare ACK from the client, below the server's window (an old one: seq 990). */
const oldAck = seg({ flags: ['ACK'], seq: CLIENT_ISS - 10, ack: SERVER_ISS + 1 });
/** A bare ACK from the client that acknowledges 6 bytes the server never sent. */
const futureAck = seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 7 });

describe('ESTABLISHED, linux: duplicate ACKs for out-of-window segments are rate-limited (tcp_invalid_ratelimit)', () => {
  it('the first unacceptable bare ACK is answered, a second one within 500 ms is not', () => {
    const first = deliver(established({ profile: 'linux' }).server, oldAck, 100);
    expectSegment(onlySegment(first), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(first)).toEqual(['seq.unacceptable-ack']);
    const soon = deliver(first.host, oldAck, 599);
    expect(soon.outputs.filter((o) => o.kind === 'segment')).toEqual([]);
    expect(rulesOf(soon)).toEqual(['ack.out-of-window-rate-limited']);
    // 500 ms after the last one sent, the next is answered again.
    const later = deliver(soon.host, oldAck, 600);
    expect(rulesOf(later)).toEqual(['seq.unacceptable-ack']);
  });

  it('an out-of-window segment that carries data is always answered (Linux: data segments are not part of an ACK loop)', () => {
    const first = deliver(established({ profile: 'linux' }).server, oldAck, 100);
    const old = deliver(first.host, seg({ flags: ['ACK'], seq: CLIENT_ISS - 10, ack: SERVER_ISS + 1, data: 'x' }), 200);
    expect(rulesOf(old)).toEqual(['seq.unacceptable-ack']);
  });

  it('a challenge ACK and a duplicate ACK share one clock (last_oow_ack_time)', () => {
    const challenge = deliver(established({ profile: 'linux' }).server, seg({ flags: ['SYN'], seq: CLIENT_ISS + 10 }), 100);
    expect(rulesOf(challenge)).toEqual(['syn.synchronized-challenge-ack']);
    const dup = deliver(challenge.host, oldAck, 300);
    expect(rulesOf(dup)).toEqual(['ack.out-of-window-rate-limited']);
  });
});

describe('ESTABLISHED, rfc9293: every unacceptable segment is answered (§3.10.7.4 first check)', () => {
  it('two unacceptable bare ACKs 100 ms apart each get an ACK', () => {
    const first = deliver(established({ profile: 'rfc9293' }).server, oldAck, 100);
    const soon = deliver(first.host, oldAck, 200);
    expect(rulesOf(first)).toEqual(['seq.unacceptable-ack']);
    expect(rulesOf(soon)).toEqual(['seq.unacceptable-ack']);
  });
});

describe('ESTABLISHED: an ACK of data never sent draws a challenge ACK, throttled (RFC 5961 §5.2, §7)', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: answered once, then not again within 500 ms`, () => {
      const first = deliver(established({ profile }).server, futureAck, 100);
      expectSegment(onlySegment(first), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
      expect(rulesOf(first)).toEqual(['ack.future-ack']);
      expect(tcb(first.host, CLIENT).lastChallengeAckAt).toBe(100);
      const soon = deliver(first.host, futureAck, 300);
      expect(soon.outputs.filter((o) => o.kind === 'segment')).toEqual([]);
      expect(rulesOf(soon)).toEqual(['ack.challenge-throttled']);
      expect(rulesOf(deliver(soon.host, futureAck, 600))).toEqual(['ack.future-ack']);
    });
  }
});
