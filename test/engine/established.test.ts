/**
 * ESTABLISHED (RFC 9293 §3.10.7.4 checks one to eight, §3.10.2 SEND, §3.10.5 ABORT): data in order
 * exactly once, duplicates and gaps answered with an ACK, RFC 5961 challenge ACKs, retransmission.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../shared/tcp/config.ts';
import { step } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import type { Host } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_ISS,
  SERVER,
  SERVER_ISS,
  deliver,
  established,
  finWait2,
  expectSegment,
  ok,
  onlySegment,
  rulesOf,
  seg,
  segmentOutputs,
  sentSegments,
  signalsOf,
  tcb,
  tick,
  transitions,
} from './builders.ts';

/** A segment from the client to the server, next in sequence (seq 1001, ack 5001) unless told. */
const data = (text: string, f: Parameters<typeof seg>[0] = {}) => seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: text, ...f });

describe('ESTABLISHED: receiving data', () => {
  it('in-order data is delivered once and acknowledged: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
    const r = deliver(established().server, data('hello'), 100);
    expect(r.outputs).toContainEqual({ kind: 'signal', conn: CLIENT, signal: 'data-delivered', rule: 'data.in-order-ack', data: 'hello' });
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 6, data: '' });
    expect(out[0]!.rule).toBe('data.in-order-ack');
    expect(tcb(r.host, CLIENT)).toMatchObject({ rcvNxt: CLIENT_ISS + 6, delivered: 'hello', unread: 'hello' });
  });

  it('a duplicate is re-acknowledged and not delivered again', () => {
    const once = deliver(established().server, data('hello'), 100).host;
    const r = deliver(once, data('hello'), 200);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 6 });
    expect(rulesOf(r)).toEqual(['seq.unacceptable-ack']);
    expect(signalsOf(r)).toEqual([]);
    expect(tcb(r.host, CLIENT).delivered).toBe('hello');
  });

  it('a segment overlapping what arrived delivers only the new part', () => {
    const once = deliver(established().server, data('hello'), 100).host;
    const r = deliver(once, data('helloworld'), 200);
    expect(r.outputs).toContainEqual({ kind: 'signal', conn: CLIENT, signal: 'data-delivered', rule: 'data.in-order-ack', data: 'world' });
    expect(tcb(r.host, CLIENT).delivered).toBe('helloworld');
    expectSegment(onlySegment(r), { flags: ['ACK'], ack: CLIENT_ISS + 11 });
  });

  it('RECEIVE hands the unread data to the application once', () => {
    const got = deliver(established().server, data('hello'), 100).host;
    const r = ok(got, { kind: 'receive', at: 150, remote: CLIENT });
    expect(r.outputs).toEqual([{ kind: 'signal', conn: CLIENT, signal: 'data-read', rule: 'data.in-order-ack', data: 'hello' }]);
    expect(tcb(r.host, CLIENT).unread).toBe('');
  });

  it('a segment without ACK is dropped', () => {
    const r = deliver(established().server, seg({ seq: CLIENT_ISS + 1, data: 'x' }), 100);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: CLIENT, rule: 'ack.missing-ack-dropped' }]);
  });

  it('an ACK of something not yet sent draws an ACK and the segment is dropped', () => {
    const r = deliver(established().server, data('x', { ack: SERVER_ISS + 100 }), 100);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(r)).toEqual(['ack.future-ack']);
    expect(tcb(r.host, CLIENT).delivered).toBe('');
  });
});

describe('ESTABLISHED: out-of-order segments (RFC 9293 §3.10.7.4: they "may be held for later processing")', () => {
  for (const profile of PROFILES) {
    it(`${profile}: a segment that starts beyond RCV.NXT is held, and answered with a duplicate ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>`, () => {
      const r = deliver(established({ profile }).server, data('world', { seq: CLIENT_ISS + 6 }), 100);
      expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
      expect(rulesOf(r)).toEqual(['data.out-of-order-dup-ack']);
      expect(signalsOf(r)).toEqual([]);
      expect(tcb(r.host, CLIENT)).toMatchObject({ rcvNxt: CLIENT_ISS + 1, delivered: '', reassembly: [{ seq: CLIENT_ISS + 6, data: 'world', fin: false }] });
    });

    it(`${profile}: when the gap fills, the held text is delivered after it, in order and once, and one ACK covers both (nothing is resent)`, () => {
      const held = deliver(established({ profile }).server, data('world', { seq: CLIENT_ISS + 6 }), 100).host;
      const r = deliver(held, data('hello'), 200);
      expect(r.outputs.filter((o) => o.kind === 'signal')).toEqual([
        { kind: 'signal', conn: CLIENT, signal: 'data-delivered', rule: 'data.in-order-ack', data: 'hello' },
        { kind: 'signal', conn: CLIENT, signal: 'data-delivered', rule: 'data.reassembled', data: 'world' },
      ]);
      const out = segmentOutputs(r);
      expect(out).toHaveLength(1);
      expectSegment(out[0]!.segment, { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 11 });
      expect(out[0]!.rule).toBe('data.reassembled');
      expect(tcb(r.host, CLIENT)).toMatchObject({ delivered: 'helloworld', reassembly: [] });
      // A late copy of the held segment is now an old duplicate.
      expect(rulesOf(deliver(r.host, data('world', { seq: CLIENT_ISS + 6 }), 300))).toEqual(['seq.unacceptable-ack']);
    });

    it(`${profile}: the held segment's ACK field is processed at once; only its text waits`, () => {
      const sent = ok(established({ profile }).server, { kind: 'send', at: 10, remote: CLIENT, data: 'abc' });
      expect(nextDeadline(sent.host)).toBe(1_010);
      const r = deliver(sent.host, data('world', { seq: CLIENT_ISS + 6, ack: SERVER_ISS + 4 }), 100);
      expect(tcb(r.host, CLIENT)).toMatchObject({ sndUna: SERVER_ISS + 4, unacked: [], retransmitTimer: null, delivered: '' });
    });

    it(`${profile}: a FIN that overtakes the data before it is held (still ESTABLISHED); once the data arrives it is delivered, then the FIN: CLOSE-WAIT, ack = FIN's seq + 1`, () => {
      const fin = seg({ flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 6, ack: SERVER_ISS + 1 });
      const early = deliver(established({ profile }).server, fin, 100);
      expectSegment(onlySegment(early), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
      expect(rulesOf(early)).toEqual(['data.out-of-order-dup-ack']);
      expect(transitions(early)).toEqual([]);
      const r = deliver(early.host, data('hello'), 200);
      expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSE-WAIT']);
      expect(signalsOf(r)).toEqual(['data-delivered', 'peer-closed']);
      const out = segmentOutputs(r);
      expect(out).toHaveLength(1);
      expectSegment(out[0]!.segment, { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 7 });
      expect(out[0]!.rule).toBe('close.ack-of-fin');
      expect(tcb(r.host, CLIENT)).toMatchObject({ delivered: 'hello', rcvNxt: CLIENT_ISS + 7, reassembly: [] });
    });

    it(`${profile}: with several gaps, each filled gap delivers up to the next gap and no further`, () => {
      // The stream "aabxcc": "cc" and "b" arrive first, then "aa", then "x".
      let h = established({ profile }).server;
      h = deliver(h, data('cc', { seq: CLIENT_ISS + 5 }), 10).host;
      h = deliver(h, data('b', { seq: CLIENT_ISS + 3 }), 20).host;
      const first = deliver(h, data('aa'), 30);
      expect(tcb(first.host, CLIENT)).toMatchObject({ delivered: 'aab', rcvNxt: CLIENT_ISS + 4 });
      expectSegment(onlySegment(first), { flags: ['ACK'], ack: CLIENT_ISS + 4 });
      const second = deliver(first.host, data('x', { seq: CLIENT_ISS + 4 }), 40);
      expect(tcb(second.host, CLIENT)).toMatchObject({ delivered: 'aabxcc', rcvNxt: CLIENT_ISS + 7, reassembly: [] });
      expectSegment(onlySegment(second), { flags: ['ACK'], ack: CLIENT_ISS + 7 });
    });

    it(`${profile}: a repeat of a held segment is held once and delivered once`, () => {
      let h = established({ profile }).server;
      h = deliver(h, data('world', { seq: CLIENT_ISS + 6 }), 10).host;
      h = deliver(h, data('world', { seq: CLIENT_ISS + 6 }), 20).host;
      expect(tcb(h, CLIENT).reassembly).toHaveLength(1);
      expect(tcb(deliver(h, data('hello'), 30).host, CLIENT).delivered).toBe('helloworld');
    });

    it(`${profile}: held text is trimmed to the receive window, and a FIN beyond the window is not held`, () => {
      const o = { profile, config: { receiveWindow: 20 } };
      // Window: sequence numbers ISS+1 .. ISS+20. Ten bytes and a FIN from ISS+15: six bytes fit.
      const early = deliver(established(o).server, seg({ flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 15, ack: SERVER_ISS + 1, data: 'abcdefghij' }), 10);
      expect(tcb(early.host, CLIENT).reassembly).toEqual([{ seq: CLIENT_ISS + 15, data: 'abcdef', fin: false }]);
      const r = deliver(early.host, data('x'.repeat(14)), 20);
      expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'ESTABLISHED', delivered: `${'x'.repeat(14)}abcdef`, rcvNxt: CLIENT_ISS + 21 });
      expectSegment(onlySegment(r), { flags: ['ACK'], ack: CLIENT_ISS + 21 });
    });
  }
});

/** The client's application shut down only its sending half (shutdown(SHUT_WR)) and reads on. */
describe('FIN-WAIT-2: the peer\'s last data and its FIN arrive out of order', () => {
  for (const profile of PROFILES) {
    it(`${profile}: the FIN is held in FIN-WAIT-2; the data fills the gap, then the FIN is processed: TIME-WAIT`, () => {
      const { client } = finWait2({ profile, shutdown: true });
      const fin = seg({ src: SERVER, dst: CLIENT, flags: ['FIN', 'ACK'], seq: SERVER_ISS + 4, ack: CLIENT_ISS + 2 });
      const early = deliver(client, fin, 10);
      expectSegment(onlySegment(early), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 1 });
      expect(tcb(early.host, SERVER).state).toBe('FIN-WAIT-2');
      const r = deliver(early.host, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2, data: 'bye' }), 20);
      expect(transitions(r)).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
      expect(tcb(r.host, SERVER).delivered).toBe('bye');
      expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 5 });
    });
  }
});

describe('ESTABLISHED: sending data', () => {
  it('SEND puts the data in one segment and arms the retransmission timer', () => {
    const r = ok(established().client, { kind: 'send', at: 100, remote: SERVER, data: 'abc' });
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'abc' });
    expect(out[0]!.rule).toBe('data.send');
    expect(nextDeadline(r.host)).toBe(1_100);
  });

  it('the ACK of the data empties the retransmission queue and stops the timer', () => {
    const { client, server } = established();
    const sent = ok(client, { kind: 'send', at: 100, remote: SERVER, data: 'abc' });
    const ack = onlySegment(deliver(server, onlySegment(sent), 150));
    const r = deliver(sent.host, ack, 200);
    expect(r.outputs).toEqual([]);
    expect(tcb(r.host, SERVER)).toMatchObject({ sndUna: CLIENT_ISS + 4, unacked: [], retransmitTimer: null });
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('a segment carries at most one MSS (536)', () => {
    const r = ok(established().client, { kind: 'send', at: 0, remote: SERVER, data: 'x'.repeat(600) });
    expect(sentSegments(r).map((s) => [s.seq, s.data.length])).toEqual([[CLIENT_ISS + 1, 536], [CLIENT_ISS + 537, 64]]);
  });

  it('the peer\'s window limits what is in flight; its ACK opens room for the rest', () => {
    const { client } = established();
    const small = deliver(client, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, wnd: 3 }), 10).host;
    const r = ok(small, { kind: 'send', at: 20, remote: SERVER, data: 'abcdef' });
    expect(sentSegments(r).map((s) => s.data)).toEqual(['abc']);
    const more = deliver(r.host, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 4, wnd: 3 }), 30);
    expectSegment(onlySegment(more), { flags: ['ACK'], seq: CLIENT_ISS + 4, data: 'def' });
  });

  it('lost data is resent at RTO = 1 s, then after 2 s (backoff doubles)', () => {
    const sent = ok(established().client, { kind: 'send', at: 100, remote: SERVER, data: 'abc' }).host;
    expect(sentSegments(tick(sent, 1_099))).toEqual([]);
    const first = tick(sent, 1_100);
    const out = segmentOutputs(first);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'abc' });
    expect(out[0]).toMatchObject({ rule: 'timer.retransmit-data', retransmission: true });
    expect(nextDeadline(first.host)).toBe(3_100);
  });

  it('after dataRetries resends the connection is dropped: connection-timed-out', () => {
    const sent = ok(established({ config: { dataRetries: 2 } }).client, { kind: 'send', at: 0, remote: SERVER, data: 'abc' }).host;
    const r = tick(sent, 7_000);
    expect(rulesOf(r)).toEqual(['timer.retransmit-data', 'timer.retransmit-data', 'timer.data-give-up', 'timer.data-give-up']);
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-timed-out']);
  });

  it('rfc9293: the user timeout (300 s) aborts a connection whose data stays unacknowledged', () => {
    const sent = ok(established().client, { kind: 'send', at: 0, remote: SERVER, data: 'abc' }).host;
    expect(tcb(sent, SERVER).userTimeoutAt).toBe(300_000);
    expect(tcb(tick(sent, 299_999).host, SERVER).state).toBe('ESTABLISHED');
    const r = tick(sent, 300_000);
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
    expect(signalsOf(r)).toEqual(['user-timeout']);
  });
});

describe('ESTABLISHED: RST (RFC 9293 §3.10.7.4 second check, RFC 5961 §3.2)', () => {
  const rst = (seq: number) => seg({ flags: ['RST'], seq });

  it('an exact RST (SEQ = RCV.NXT) resets the connection', () => {
    const r = deliver(established().server, rst(CLIENT_ISS + 1), 100);
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-reset']);
    expect(rulesOf(r)).toEqual(['reset.connection-reset', 'reset.connection-reset']);
    expect(r.host.connections).toEqual([]);
  });

  it('an in-window RST that is not exact draws a challenge ACK and changes nothing else', () => {
    const h = established().server;
    const r = deliver(h, rst(CLIENT_ISS + 2), 100);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(r)).toEqual(['rst.in-window-challenge-ack']);
    // Nothing changes but the note of when the last challenge ACK went out (RFC 5961 §7 throttling).
    expect(r.host.connections).toEqual(h.connections.map((c) => ({ ...c, lastChallengeAckAt: 100 })));
  });

  it('the challenge ACK is a duplicate ACK to the real peer: it draws nothing and changes nothing', () => {
    const { client, server } = established();
    const challenge = onlySegment(deliver(server, rst(CLIENT_ISS + 2), 100));
    const r = deliver(client, challenge, 110);
    expect(r.outputs).toEqual([]);
    expect(tcb(r.host, SERVER).state).toBe('ESTABLISHED');
  });

  it('an out-of-window RST is dropped silently', () => {
    const r = deliver(established().server, rst(CLIENT_ISS + 1 + 4_096), 100);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: CLIENT, rule: 'rst.out-of-window-ignored' }]);
  });
});

describe('ESTABLISHED: SYN (RFC 5961 §4.2)', () => {
  it('an in-window SYN draws a challenge ACK, never a reset', () => {
    const h = established().server;
    const r = deliver(h, seg({ flags: ['SYN'], seq: CLIENT_ISS + 10 }), 100);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(r)).toEqual(['syn.synchronized-challenge-ack']);
    // Nothing changes but the note of when the last challenge ACK went out (RFC 5961 §7 throttling).
    expect(r.host.connections).toEqual(h.connections.map((c) => ({ ...c, lastChallengeAckAt: 100 })));
  });

  it('challenge ACKs are throttled: a second one within 500 ms is not sent (RFC 5961 §7)', () => {
    const first = deliver(established().server, seg({ flags: ['SYN'], seq: CLIENT_ISS + 10 }), 100);
    const soon = deliver(first.host, seg({ flags: ['SYN'], seq: CLIENT_ISS + 11 }), 400);
    expect(soon.outputs.filter((o) => o.kind === 'segment')).toEqual([]);
    expect(rulesOf(soon)).toEqual(['ack.challenge-throttled']);
    const later = deliver(soon.host, seg({ flags: ['SYN'], seq: CLIENT_ISS + 12 }), 600);
    expect(rulesOf(later)).toEqual(['syn.synchronized-challenge-ack']);
  });

  it('a SYN at RCV.NXT with ACK is challenged the same way', () => {
    const r = deliver(established().server, seg({ flags: ['SYN', 'ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 }), 100);
    expect(rulesOf(r)).toEqual(['syn.synchronized-challenge-ack']);
  });
});

describe('ESTABLISHED: user calls that are not allowed', () => {
  it('a second connect, a listen while listening, an empty send: refused, host deep-equal', () => {
    const { client, server } = established();
    const cases = [
      [client, { kind: 'connect', at: 5, remote: SERVER }, 'connection-already-exists'],
      [server, { kind: 'listen', at: 5, port: 80 }, 'already-listening'],
      [client, { kind: 'send', at: 5, remote: SERVER, data: '' }, 'invalid-argument'],
      [server, { kind: 'accept', at: 5 }, 'nothing-to-accept'],
    ] as const;
    for (const [host, event, code] of cases) {
      const before = structuredClone(host);
      const r = step(host, event);
      expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
      expect(r.host).toEqual(before);
    }
  });
});

describe('ESTABLISHED: CLOSE and ABORT', () => {
  const withUnread = (profile: 'rfc9293' | 'linux'): Host => deliver(established({ profile }).server, data('unread'), 100).host;

  it('rfc9293: CLOSE with unread data still sends a FIN', () => {
    const r = ok(withUnread('rfc9293'), { kind: 'close', at: 200, remote: CLIENT });
    expectSegment(onlySegment(r), { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 7 });
    expect(transitions(r)).toEqual(['ESTABLISHED=>FIN-WAIT-1']);
  });

  it('linux: CLOSE with unread data sends a RST instead (the data would be lost silently)', () => {
    const r = ok(withUnread('linux'), { kind: 'close', at: 200, remote: CLIENT });
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(out[0]!.rule).toBe('close.unread-data-rst');
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
  });

  it('linux: CLOSE after the data was read sends the FIN', () => {
    const read = ok(withUnread('linux'), { kind: 'receive', at: 150, remote: CLIENT }).host;
    expectSegment(onlySegment(ok(read, { kind: 'close', at: 200, remote: CLIENT })), { flags: ['FIN', 'ACK'] });
  });

  it('CLOSE sends queued data first, then the FIN after it', () => {
    const { client } = established();
    const small = deliver(client, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, wnd: 0 }), 10).host;
    const queued = ok(small, { kind: 'send', at: 20, remote: SERVER, data: 'ab' });
    expect(sentSegments(queued)).toEqual([]);
    const closed = ok(queued.host, { kind: 'close', at: 30, remote: SERVER });
    expect(sentSegments(closed)).toEqual([]);
    const open = deliver(closed.host, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, wnd: 100 }), 40);
    expect(sentSegments(open).map((s) => [s.seq, s.data, s.flags.FIN])).toEqual([[CLIENT_ISS + 1, 'ab', false], [CLIENT_ISS + 3, '', true]]);
  });

  it('ABORT sends <SEQ=SND.NXT><CTL=RST> and the peer resets', () => {
    const { client, server } = established();
    const r = ok(client, { kind: 'abort', at: 100, remote: SERVER });
    const rst = onlySegment(r);
    expectSegment(rst, { flags: ['RST'], seq: CLIENT_ISS + 1 });
    expect(r.host.connections).toEqual([]);
    expect(signalsOf(deliver(server, rst, 110))).toEqual(['connection-reset']);
  });
});
