/**
 * SYN-SENT (RFC 9293 §3.10.7.3): the active opener waits for a SYN. Covers the normal SYN,ACK,
 * the lost SYN and its backoff, RST, old duplicates, simultaneous open, and data queued early.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor } from '../../shared/tcp/config.ts';
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

  it('rfc9293: the RTO doubles after each resend and is capped at 60 s (RFC 6298 §5.5, §2.5): 1, 3, 7, 15, 31, 63, 123, 183 s', () => {
    const { times } = retransmitTimes(synSent().client, 300_000);
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000, 183_000]);
  });

  it('rfc9293: "R2 for a SYN segment MUST be set large enough to provide retransmission of the segment for at least 3 minutes" (MUST-23)', () => {
    const h = synSent().client;
    // Still trying at 3 minutes, and the SYN is still being resent after them.
    expect(tcb(tick(h, 180_000).host, SERVER).state).toBe('SYN-SENT');
    const { times } = retransmitTimes(h, 300_000);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(180_000);
    // connect() fails 60 s (the capped RTO) after the last SYN: 243 s.
    expect(tcb(tick(h, 242_999).host, SERVER).state).toBe('SYN-SENT');
    const r = tick(h, 243_000);
    expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-timed-out']);
    expect(rulesOf(r).slice(-2)).toEqual(['timer.syn-give-up', 'timer.syn-give-up']);
  });

  it('linux: tcp_syn_linear_timeouts = 4 keeps the RTO at 1 s for the first 4 resends, then doubles it: SYNs at 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s', () => {
    const { times } = retransmitTimes(synSent({ profile: 'linux' }).client, 200_000);
    expect(times).toEqual([1_000, 2_000, 3_000, 4_000, 5_000, 7_000, 11_000, 19_000, 35_000, 67_000]);
    // The intervals observed on Linux 6.18 with every SYN dropped: ~1, 1, 1, 1, 1, 2, 4, 8, 16, 32 s.
    const intervals = times.map((t, i) => t - (times[i - 1] ?? 0));
    expect(intervals).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('linux: after tcp_syn_retries + tcp_syn_linear_timeouts = 10 resends connect() fails 64 s after the last, at 131 s', () => {
    const { host, last } = retransmitTimes(synSent({ profile: 'linux' }).client, 200_000);
    expect(nextDeadline(host)).toBeNull();
    expect(transitions(last)).toEqual(['SYN-SENT=>CLOSED']);
    expect(signalsOf(last)).toEqual(['connection-timed-out']);
    expect(rulesOf(last)).toEqual(['timer.syn-give-up', 'timer.syn-give-up']);
    expect(host.connections).toEqual([]);
    const h = synSent({ profile: 'linux' }).client;
    expect(tcb(tick(h, 130_999).host, SERVER).state).toBe('SYN-SENT');
    expect(transitions(tick(h, 131_000))).toEqual(['SYN-SENT=>CLOSED']);
  });

  it('linux with tcp_syn_linear_timeouts = 0 (before Linux 6.5): 6 doubling resends at 1, 3, 7, 15, 31, 63 s, gives up at 127 s', () => {
    const o = { profile: 'linux' as const, config: { synLinearTimeouts: 0 } };
    expect(retransmitTimes(synSent(o).client, 200_000).times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 63_000]);
    const h = synSent(o).client;
    expect(tcb(tick(h, 126_999).host, SERVER).state).toBe('SYN-SENT');
    expect(transitions(tick(h, 127_000))).toEqual(['SYN-SENT=>CLOSED']);
  });

  it('the schedule shown to players is the one the engine runs, in both profiles', () => {
    for (const profile of ['rfc9293', 'linux'] as const) {
      const { times, host } = retransmitTimes(synSent({ profile }).client, 400_000);
      const schedule = retransmissionSchedule(configFor(profile), 'SYN');
      expect(times).toEqual(schedule.retransmitAt);
      expect(host.connections).toEqual([]);
      expect(transitions(tick(synSent({ profile }).client, schedule.giveUpAt))).toEqual(['SYN-SENT=>CLOSED']);
    }
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
    expect(rulesOf(r)).toEqual(['open.syn-sent-rst-refused', 'open.syn-sent-rst-refused']);
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

describe('SYN-SENT: an unacceptable ACK (old duplicate, RFC 9293 Figure 8)', () => {
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

  it('an acceptable ACK without SYN or RST is dropped (§3.10.7.3, fifth), under SYN-SENT\'s own rule', () => {
    const r = deliver(synSent().client, fromServer({ flags: ['ACK'], seq: 300, ack: CLIENT_ISS + 1 }), 1);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'open.syn-sent-stray-segment' }]);
    expect(tcb(r.host, SERVER).state).toBe('SYN-SENT');
  });
});

describe('SYN-SENT: simultaneous open (RFC 9293 Figure 7)', () => {
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
        // Figure 7 line 7: the SYN,ACK itself completes the handshake; nothing more is sent.
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

describe('SYN-SENT: TCP Fast Open, the first data on the SYN (RFC 7413 §4.2)', () => {
  const fastOpenSyn = () => ok(clientHost(), { kind: 'connect', at: 0, remote: SERVER, iss: CLIENT_ISS, data: 'GET /1', fastOpen: true });

  it('connect() with a cookie sends <SEQ=ISS><CTL=SYN> carrying the data; SND.NXT = ISS + 1 + its length', () => {
    const r = fastOpenSyn();
    expectSegment(onlySegment(r), { flags: ['SYN'], seq: CLIENT_ISS, data: 'GET /1' });
    expect(tcb(r.host, SERVER)).toMatchObject({ state: 'SYN-SENT', sndNxt: CLIENT_ISS + 7, sendBuffer: '' });
  });

  it('a SYN-ACK that acknowledges the SYN and the data: ESTABLISHED, nothing left to send but the ACK', () => {
    const r = deliver(fastOpenSyn().host, fromServer({ flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 7 }), 10);
    expect(transitions(r)).toEqual(['SYN-SENT=>ESTABLISHED']);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 7, ack: SERVER_ISS + 1 });
    expect(tcb(r.host, SERVER).unacked).toEqual([]);
  });

  it('a SYN-ACK that acknowledges only the SYN (the server did not take the data): ESTABLISHED, and the data is sent again from ISS + 1 (§4.2.2)', () => {
    const r = deliver(fastOpenSyn().host, fromServer({ flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 }), 10);
    expect(transitions(r)).toEqual(['SYN-SENT=>ESTABLISHED']);
    const resent = segmentOutputs(r).find((o) => o.rule === 'open.fast-open-data-resent');
    expectSegment(resent?.segment, { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'GET /1' });
    expect(tcb(r.host, SERVER).unacked).toMatchObject([{ seq: CLIENT_ISS + 1, data: 'GET /1' }]);
  });
});
