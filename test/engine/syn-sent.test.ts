/**
 * SYN-SENT (RFC 9293 §3.10.7.3): the active opener waits for a SYN. Covers the normal SYN,ACK,
 * the lost SYN and its backoff, RST, old duplicates, simultaneous open, and data queued early.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import type { Host } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_ISS,
  SERVER,
  SERVER_ISS,
  bothSynSent,
  clientHost,
  serverHost,
  deliver,
  expectSegment,
  ok,
  onlySegment,
  rulesOf,
  seg,
  segmentOutputs,
  sentSegments,
  signalsOf,
  synReceived,
  synSent,
  tcb,
  tick,
  transitions,
} from './builders.ts';

const fromServer = (f: Parameters<typeof seg>[0]) => seg({ src: SERVER, dst: CLIENT, ...f });

describe('SYN-SENT: the SYN', () => {
  it('active OPEN sends <SEQ=ISS><CTL=SYN> and arms the retransmission timer at RTO = 1 s', () => {
    const { client, syn } = synSent();
    expectSegment(syn, { src: CLIENT, dst: SERVER, flags: ['SYN'], seq: CLIENT_ISS, ack: 0, data: '' });
    expect(tcb(client, SERVER)).toMatchObject({ state: 'SYN-SENT', iss: CLIENT_ISS, sndUna: CLIENT_ISS, sndNxt: CLIENT_ISS + 1 });
    expect(nextDeadline(client)).toBe(1_000);
  });

  it('a second connect to the same socket is refused, host unchanged', () => {
    const { client } = synSent();
    const r = step(client, { kind: 'connect', at: 2, remote: SERVER });
    expect(r.ok ? null : r.rejection.code).toBe('connection-already-exists');
    expect(r.host).toEqual(synSent().client);
  });
});

describe('SYN-SENT: rcv SYN,ACK acknowledging our SYN', () => {
  it('enters ESTABLISHED and sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
    const { client, synAck } = synReceived();
    const r = deliver(client, synAck, 40);
    expect(transitions(r)).toEqual(['SYN-SENT=>ESTABLISHED']);
    expect(signalsOf(r)).toEqual(['connection-established']);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: '' });
    expect(out[0]!.rule).toBe('open.syn-sent-ack-of-syn-ack');
    expect(tcb(r.host, SERVER)).toMatchObject({ irs: SERVER_ISS, rcvNxt: SERVER_ISS + 1, sndUna: CLIENT_ISS + 1, sndWnd: 4_096, unacked: [], retransmitTimer: null });
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('data sent before ESTABLISHED is piggybacked on the third segment', () => {
    const { client, synAck } = synReceived();
    const queued = ok(client, { kind: 'send', at: 10, remote: SERVER, data: 'GET /' });
    expect(sentSegments(queued)).toEqual([]);
    const r = deliver(queued.host, synAck, 20);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'GET /' });
    expect(out[0]!.rule).toBe('data.piggyback-third-segment');
    expect(tcb(r.host, SERVER).sndNxt).toBe(CLIENT_ISS + 6);
    expect(nextDeadline(r.host)).toBe(1_020);
  });

  it('connect() with data does the same', () => {
    const c = ok(clientHost(), { kind: 'connect', at: 0, remote: SERVER, data: 'hi' });
    expectSegment(onlySegment(c), { flags: ['SYN'], data: '' });
    const r = deliver(c.host, fromServer({ flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 }), 5);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 1, data: 'hi' });
  });

  it('the piggybacked data reaches the server application exactly once', () => {
    const { client, server, synAck } = synReceived();
    const queued = ok(client, { kind: 'send', at: 0, remote: SERVER, data: 'GET /' }).host;
    const third = onlySegment(deliver(queued, synAck, 0));
    const r = deliver(server, third, 0);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
    expect(tcb(r.host, CLIENT).delivered).toBe('GET /');
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 6 });
  });
});

describe('SYN-SENT: the SYN is lost', () => {
  function retransmitTimes(h: Host, until: number): { times: number[]; host: Host; last: ReturnType<typeof tick> } {
    const times: number[] = [];
    let last = tick(h, 0);
    for (let d = nextDeadline(h); d !== null && d <= until; d = nextDeadline(h)) {
      last = tick(h, d);
      for (const o of segmentOutputs(last)) {
        expectSegment(o.segment, { flags: ['SYN'], seq: CLIENT_ISS });
        expect(o.retransmission).toBe(true);
        expect(o.rule).toBe('timer.retransmit-syn');
        times.push(d);
      }
      h = last.host;
    }
    return { times, host: h, last };
  }

  it('nothing is resent before the RTO expires', () => {
    expect(sentSegments(tick(synSent().client, 999))).toEqual([]);
  });

  it('the SYN is resent at 1 s, then the RTO doubles: 3 s, 7 s, 15 s, 31 s, 63 s', () => {
    const { times } = retransmitTimes(synSent({ profile: 'linux' }).client, 100_000);
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 63_000]);
  });

  it('linux: after synRetries = 6 resends connect() gives up at 127 s: CLOSED, connection-timed-out', () => {
    const { host, last } = retransmitTimes(synSent({ profile: 'linux' }).client, 200_000);
    expect(nextDeadline(host)).toBeNull();
    expect(transitions(last)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(last)).toEqual(['connection-timed-out']);
    expect(rulesOf(last)).toEqual(['timer.syn-give-up', 'timer.syn-give-up']);
    expect(host.connections).toEqual([]);
    // Exactly at 127 s: one millisecond earlier it was still waiting.
    const h = synSent({ profile: 'linux' }).client;
    expect(tcb(tick(h, 126_999).host, SERVER).state).toBe('SYN-SENT');
    expect(transitions(tick(h, 127_000))).toEqual(['SYN-SENT=>CLOSED']);
  });

  it('rfc9293: the RTO is capped at 60 s (RFC 6298 §2.5), so the last wait is 60 s and it gives up at 123 s', () => {
    const h = synSent().client;
    expect(tcb(tick(h, 122_999).host, SERVER).state).toBe('SYN-SENT');
    const r = tick(h, 123_000);
    expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-timed-out']);
  });

  it('a timer fires at its own time even when the engine is woken late', () => {
    const r = tick(synSent().client, 5_000);
    expect(segmentOutputs(r).map((o) => o.rule)).toEqual(['timer.retransmit-syn', 'timer.retransmit-syn']);
    expect(nextDeadline(r.host)).toBe(7_000);
  });

  it('a SYN,ACK after a resend still completes the handshake and stops the timer', () => {
    const late = tick(synSent().client, 3_500).host;
    const r = deliver(late, fromServer({ flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 }), 3_600);
    expect(transitions(r)).toEqual(['SYN-SENT=>ESTABLISHED']);
    expect(tcb(r.host, SERVER)).toMatchObject({ retries: 0, rtoMs: 1_000, retransmitTimer: null });
  });
});

describe('SYN-SENT: RST', () => {
  it('a RST with an acceptable ACK: connection refused, CLOSED', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['RST', 'ACK'], seq: 0, ack: CLIENT_ISS + 1 }), 50);
    expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-refused']);
    expect(rulesOf(r)).toEqual(['open.refused-rst', 'open.refused-rst']);
    expect(sentSegments(r)).toEqual([]);
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('the RST a closed port sends to our SYN refuses the connection', () => {
    const { client, syn } = synSent();
    const rst = onlySegment(deliver(serverHost(), syn, 0));
    expectSegment(rst, { src: SERVER, dst: CLIENT, flags: ['RST', 'ACK'], seq: 0, ack: CLIENT_ISS + 1 });
    const r = deliver(client, rst, 1);
    expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-refused']);
  });

  it('a RST without ACK is dropped (RFC 5961 §3.2)', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['RST'], seq: 0 }), 50);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'rst.out-of-window-ignored' }]);
    expect(tcb(r.host, SERVER).state).toBe('SYN-SENT');
  });

  it('a RST whose ACK does not acknowledge our SYN is dropped, no reply', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['RST', 'ACK'], seq: 0, ack: CLIENT_ISS }), 50);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'closed.rst-ignored' }]);
  });
});

describe('SYN-SENT: an unacceptable ACK (old duplicate, RFC 9293 Figure 9)', () => {
  it('a SYN,ACK acking something else draws <SEQ=SEG.ACK><CTL=RST> and we stay in SYN-SENT', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['SYN', 'ACK'], seq: 300, ack: 91 }), 50);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: CLIENT, dst: SERVER, flags: ['RST'], seq: 91, ack: 0 });
    expect(out[0]!.rule).toBe('open.syn-sent-bad-ack-reset');
    expect(tcb(r.host, SERVER)).toMatchObject({ state: 'SYN-SENT', irs: 0, rcvNxt: 0 });
    expect(nextDeadline(r.host)).toBe(1_000);
  });

  it('an ACK equal to ISS (acknowledging nothing) is unacceptable too', () => {
    expectSegment(onlySegment(deliver(synSent().client, fromServer({ flags: ['ACK'], seq: 300, ack: CLIENT_ISS }), 1)), { flags: ['RST'], seq: CLIENT_ISS });
  });

  it('an acceptable ACK without SYN or RST is dropped', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['ACK'], seq: 300, ack: CLIENT_ISS + 1 }), 1);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'open.listen-stray-segment' }]);
    expect(tcb(r.host, SERVER).state).toBe('SYN-SENT');
  });
});

describe('SYN-SENT: simultaneous open (RFC 9293 Figure 8)', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: both SYN-SENT -> SYN-RECEIVED -> ESTABLISHED`, () => {
      const { client, server, clientSyn, serverSyn } = bothSynSent({ profile });
      const c1 = deliver(client, serverSyn, 100);
      const s1 = deliver(server, clientSyn, 100);
      expect(transitions(c1)).toEqual(['SYN-SENT=>SYN-RECEIVED']);
      expect(transitions(s1)).toEqual(['SYN-SENT=>SYN-RECEIVED']);
      // Each answers with its own ISN again, now acknowledging the peer's SYN.
      const cSynAck = onlySegment(c1);
      const sSynAck = onlySegment(s1);
      expectSegment(cSynAck, { flags: ['SYN', 'ACK'], seq: CLIENT_ISS, ack: SERVER_ISS + 1 });
      expectSegment(sSynAck, { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 });
      expect(rulesOf(c1)).toEqual(['open.simultaneous-syn', 'open.simultaneous-syn']);

      const c2 = deliver(c1.host, sSynAck, 200);
      const s2 = deliver(s1.host, cSynAck, 200);
      expect(transitions(c2)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
      expect(transitions(s2)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
      expect(signalsOf(c2)).toEqual(['connection-established']);
      expect(tcb(c2.host, SERVER)).toMatchObject({ sndUna: CLIENT_ISS + 1, sndNxt: CLIENT_ISS + 1, rcvNxt: SERVER_ISS + 1, unacked: [] });
      expect(nextDeadline(c2.host)).toBeNull();

      if (profile === 'rfc9293') {
        // Figure 8 line 7: the SYN,ACK itself completes the handshake; nothing more is sent.
        expect(sentSegments(c2)).toEqual([]);
        expect(sentSegments(s2)).toEqual([]);
      } else {
        // Linux answers the SYN,ACK with one more ACK; the peer takes it silently.
        const extra = segmentOutputs(c2);
        expect(extra).toHaveLength(1);
        expectSegment(extra[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 });
        expect(extra[0]!.rule).toBe('open.simultaneous-extra-ack');
        const s3 = deliver(s2.host, extra[0]!.segment, 300);
        expect(s3.outputs).toEqual([]);
        expect(tcb(s3.host, CLIENT).state).toBe('ESTABLISHED');
      }
    });
  }

  it('a RST in the active SYN-RECEIVED refuses the connection (not back to LISTEN)', () => {
    const { client, serverSyn } = bothSynSent();
    const c1 = deliver(client, serverSyn, 100).host;
    const r = deliver(c1, fromServer({ flags: ['RST'], seq: SERVER_ISS + 1 }), 150);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-refused']);
  });
});

describe('SYN-SENT: user calls', () => {
  it('CLOSE deletes the TCB silently; the timer goes with it', () => {
    const r = ok(synSent().client, { kind: 'close', at: 10, remote: SERVER });
    expect(sentSegments(r)).toEqual([]);
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('ABORT deletes the TCB without a RST (the peer holds no state)', () => {
    const r = ok(synSent().client, { kind: 'abort', at: 10, remote: SERVER });
    expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'SYN-SENT', to: 'CLOSED', rule: 'abort.silent' }]);
  });
});
