/**
 * SYN-RECEIVED (RFC 9293 §3.10.7.4 with the SYN-RECEIVED cases): the passive opener's child waits
 * for the ACK of its SYN. Covers the lost SYN-ACK, the lost third ACK, RST, old duplicate SYNs.
 */
import { describe, expect, it } from 'vitest';
import { focusState } from '../../shared/tcp/host.ts';
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
  deliver,
  expectSegment,
  listening,
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

const thirdAck = (f: Parameters<typeof seg>[0] = {}) => seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, ...f });

describe('SYN-RECEIVED: rcv ACK of SYN', () => {
  it('enters ESTABLISHED, joins the accept queue, stops the SYN-ACK timer, sends nothing', () => {
    const { server } = synReceived();
    expect(nextDeadline(server)).toBe(1_000);
    const r = deliver(server, thirdAck({ wnd: 3_000 }), 30);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
    expect(signalsOf(r)).toEqual(['connection-established']);
    expect(sentSegments(r)).toEqual([]);
    expect(tcb(r.host, CLIENT)).toMatchObject({ queue: 'accept', sndUna: SERVER_ISS + 1, sndWnd: 3_000, unacked: [] });
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('an ACK that does not acknowledge our SYN draws <SEQ=SEG.ACK><CTL=RST>; the child stays', () => {
    const r = deliver(synReceived().server, thirdAck({ ack: SERVER_ISS + 7 }), 30);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: CLIENT, flags: ['RST'], seq: SERVER_ISS + 7 });
    expect(out[0]!.rule).toBe('open.syn-received-bad-ack-reset');
    expect(focusState(r.host, CLIENT)).toBe('SYN-RECEIVED');
  });

  it('a segment without ACK is dropped', () => {
    const r = deliver(synReceived().server, seg({ seq: CLIENT_ISS + 1, data: 'x' }), 30);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: CLIENT, rule: 'ack.missing-ack-dropped' }]);
  });

  it('an ACK carrying a FIN: ESTABLISHED, then CLOSE-WAIT, FIN acknowledged', () => {
    const r = deliver(synReceived().server, thirdAck({ flags: ['ACK', 'FIN'] }), 30);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>ESTABLISHED', 'ESTABLISHED=>CLOSE-WAIT']);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
  });

  it('data queued by the server in SYN-RECEIVED goes out once ESTABLISHED', () => {
    const queued = ok(synReceived().server, { kind: 'send', at: 10, remote: CLIENT, data: 'hello' });
    expect(sentSegments(queued)).toEqual([]);
    const r = deliver(queued.host, thirdAck(), 20);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, data: 'hello' });
    expect(rulesOf(r)).toContain('data.send');
  });
});

describe('SYN-RECEIVED: the SYN-ACK is lost', () => {
  it('rfc9293: the client resends its SYN at 1 s; the server answers the duplicate SYN with a bare ACK', () => {
    const { client, server } = synReceived();
    const resend = tick(client, 1_000);
    const syn = onlySegment(resend);
    expectSegment(syn, { flags: ['SYN'], seq: CLIENT_ISS });
    const r = deliver(server, syn, 999);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(out[0]!.rule).toBe('open.syn-received-dup-syn');
    expect(focusState(r.host, CLIENT)).toBe('SYN-RECEIVED');
    // That bare ACK does not complete the client's handshake: SYN-SENT drops an ACK without SYN.
    expect(focusState(deliver(resend.host, out[0]!.segment, 1_001).host, SERVER)).toBe('SYN-SENT');
  });

  it('linux: the server answers the duplicate SYN by resending its SYN-ACK', () => {
    const { client, server } = synReceived({ profile: 'linux' });
    const syn = onlySegment(tick(client, 1_000));
    const out = segmentOutputs(deliver(server, syn, 999));
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 });
    expect(out[0]).toMatchObject({ rule: 'open.syn-received-dup-syn', retransmission: true });
  });

  it('linux: a second copy of the SYN within 500 ms gets no SYN-ACK (tcp_check_req: tcp_oow_rate_limited)', () => {
    const { client, server } = synReceived({ profile: 'linux' });
    const syn = onlySegment(tick(client, 1_000));
    // (Before the server's own SYN-ACK timer, due at 1 s.)
    const first = deliver(server, syn, 300);
    const copy = deliver(first.host, syn, 700);
    expect(segmentOutputs(copy)).toEqual([]);
    expect(rulesOf(copy)).toEqual(['ack.out-of-window-rate-limited']);
    expect(rulesOf(deliver(copy.host, syn, 800))).toEqual(['open.syn-received-dup-syn']);
  });

  it('the server resends its SYN-ACK on its own timer: 1 s, 3 s, 7 s, 15 s, 31 s', () => {
    let h: Host = synReceived().server;
    const times: number[] = [];
    for (let d = nextDeadline(h); d !== null && d < 63_000; d = nextDeadline(h)) {
      const r = tick(h, d);
      const out = segmentOutputs(r);
      expect(out).toHaveLength(1);
      expectSegment(out[0]!.segment, { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: CLIENT_ISS + 1 });
      expect(out[0]).toMatchObject({ rule: 'timer.retransmit-syn-ack', retransmission: true });
      times.push(d);
      h = r.host;
    }
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000]);
    expect(nextDeadline(h)).toBe(63_000);
  });

  it('after synAckRetries = 5 resends the half-open entry is dropped at 63 s: back to LISTEN', () => {
    const h = synReceived().server;
    expect(focusState(tick(h, 62_999).host, CLIENT)).toBe('SYN-RECEIVED');
    const r = tick(h, 63_000);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>LISTEN']);
    expect(signalsOf(r)).toEqual(['half-open-dropped']);
    expect(r.host.connections).toEqual([]);
    expect(r.host.listener?.local).toBe(SERVER);
    expect(focusState(r.host, CLIENT)).toBe('LISTEN');
    expect(nextDeadline(r.host)).toBeNull();
  });
});

describe('SYN-RECEIVED from a simultaneous open: its SYN-ACK is its SYN', () => {
  /** Both sides called connect(); each SYN reached the other; the SYN-ACKs are all lost. */
  function synAckTimes(profile: 'rfc9293' | 'linux'): { times: number[]; gaveUpAt: number; rules: string[] } {
    const { client, serverSyn } = bothSynSent({ profile });
    let h = deliver(client, serverSyn, 0).host;
    expect(tcb(h, SERVER).state).toBe('SYN-RECEIVED');
    const times: number[] = [];
    for (let d = nextDeadline(h); d !== null; d = nextDeadline(h)) {
      const r = tick(h, d);
      h = r.host;
      if (segmentOutputs(r).length) {
        expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], seq: CLIENT_ISS });
        times.push(d);
      } else {
        return { times, gaveUpAt: d, rules: [...new Set(rulesOf(r))] };
      }
    }
    throw new Error('never gave up');
  }

  it('rfc9293: it is retried as a SYN is, for at least 3 minutes (MUST-23), then the attempt fails', () => {
    const { times, gaveUpAt, rules } = synAckTimes('rfc9293');
    expect(times).toEqual(retransmissionSchedule(configFor('rfc9293'), 'SYN').retransmitAt);
    expect(gaveUpAt).toBe(243_000);
    expect(rules).toEqual(['timer.syn-give-up']);
  });

  it('linux: tcp_syn_retries (6) doubling resends, without the linear phase of SYN-SENT: gives up at 127 s', () => {
    const { times, gaveUpAt } = synAckTimes('linux');
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 63_000]);
    expect(gaveUpAt).toBe(127_000);
  });
});

describe('SYN-RECEIVED: the third ACK is lost', () => {
  it('the server resends SYN-ACK; the ESTABLISHED client re-ACKs it; the server then establishes', () => {
    const { client, server, synAck } = synReceived();
    const c = deliver(client, synAck, 10); // its ACK is lost
    const resent = onlySegment(tick(server, 1_000));
    const reAck = deliver(c.host, resent, 1_010);
    expectSegment(onlySegment(reAck), { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 });
    expect(rulesOf(reAck)).toEqual(['seq.unacceptable-ack']);
    expect(focusState(reAck.host, SERVER)).toBe('ESTABLISHED');
    const r = deliver(tick(server, 1_000).host, onlySegment(reAck), 1_020);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
  });

  it('or the client\'s first data carries the ACK, and it is delivered', () => {
    const { client, server, synAck } = synReceived();
    const c = deliver(client, synAck, 10);
    const data = onlySegment(ok(c.host, { kind: 'send', at: 20, remote: SERVER, data: 'abc' }));
    const r = deliver(server, data, 30);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
    expect(tcb(r.host, CLIENT).delivered).toBe('abc');
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 4 });
  });
});

describe('SYN-RECEIVED: RST', () => {
  it('an exact RST (SEQ = RCV.NXT) returns a passive child to LISTEN, silently', () => {
    const r = deliver(synReceived().server, seg({ flags: ['RST'], seq: CLIENT_ISS + 1 }), 5);
    expect(r.outputs).toEqual([{ kind: 'state', conn: CLIENT, from: 'SYN-RECEIVED', to: 'LISTEN', rule: 'open.syn-received-rst-back-to-listen' }]);
    expect(r.host.connections).toEqual([]);
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('an in-window RST that is not exact draws a challenge ACK (RFC 5961 §3.2)', () => {
    const r = deliver(synReceived().server, seg({ flags: ['RST'], seq: CLIENT_ISS + 50 }), 5);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(r)).toEqual(['rst.in-window-challenge-ack']);
    expect(focusState(r.host, CLIENT)).toBe('SYN-RECEIVED');
  });

  it('an out-of-window RST is dropped', () => {
    const r = deliver(synReceived().server, seg({ flags: ['RST'], seq: CLIENT_ISS + 10_000 }), 5);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: CLIENT, rule: 'rst.out-of-window-ignored' }]);
  });
});

describe('SYN-RECEIVED: old duplicate SYN (RFC 9293 Figure 8)', () => {
  it('the old SYN is answered, the client resets it, the server returns to LISTEN, the real SYN then connects', () => {
    const o = { clientIss: 100 };
    const { client, syn } = synSent(o); // SYN seq 100, delayed
    const old = deliver(listening(o), seg({ flags: ['SYN'], seq: 90 }), 10);
    const synAck = onlySegment(old);
    expectSegment(synAck, { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 91 });
    const rst = onlySegment(deliver(client, synAck, 20));
    expectSegment(rst, { flags: ['RST'], seq: 91 });
    const back = deliver(old.host, rst, 30);
    expect(transitions(back)).toEqual(['SYN-RECEIVED=>LISTEN']);
    const fresh = deliver(back.host, syn, 40);
    expectSegment(onlySegment(fresh), { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 101 });
    expect(transitions(deliver(client, onlySegment(fresh), 50))).toEqual(['SYN-SENT=>ESTABLISHED']);
  });

  it('rfc9293: an in-window SYN with another sequence number returns a passive child to LISTEN, silently', () => {
    const r = deliver(synReceived().server, seg({ flags: ['SYN'], seq: CLIENT_ISS + 9 }), 5);
    expect(r.outputs).toEqual([{ kind: 'state', conn: CLIENT, from: 'SYN-RECEIVED', to: 'LISTEN', rule: 'open.old-duplicate-syn' }]);
    expect(sentSegments(r)).toEqual([]);
  });

  it('linux (tcp_check_req embryonic_reset): the child goes too, and the SYN is answered <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>', () => {
    const r = deliver(synReceived({ profile: 'linux' }).server, seg({ flags: ['SYN'], seq: CLIENT_ISS + 9 }), 5);
    expectSegment(onlySegment(r), { flags: ['RST', 'ACK'], seq: 0, ack: CLIENT_ISS + 10 });
    expect(rulesOf(r)).toEqual(['open.old-duplicate-syn-reset', 'open.old-duplicate-syn']);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>LISTEN']);
  });

  it('linux: an in-window SYN that carries an ACK is answered <SEQ=SEG.ACK><CTL=RST>', () => {
    const r = deliver(synReceived({ profile: 'linux' }).server, seg({ flags: ['SYN', 'ACK'], seq: CLIENT_ISS + 9, ack: SERVER_ISS + 1 }), 5);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>LISTEN']);
  });
});

describe('SYN-RECEIVED: user calls', () => {
  it('ABORT sends <SEQ=SND.NXT><CTL=RST> and deletes the child', () => {
    const r = ok(synReceived().server, { kind: 'abort', at: 5, remote: CLIENT });
    expectSegment(onlySegment(r), { flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(rulesOf(r)).toEqual(['abort.rst', 'abort.rst']);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>CLOSED']);
  });

  it('CLOSE sends a FIN and enters FIN-WAIT-1', () => {
    const r = ok(synReceived().server, { kind: 'close', at: 5, remote: CLIENT });
    expectSegment(onlySegment(r), { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 });
    expect(rulesOf(r)).toEqual(['close.active-fin', 'close.active-fin']);
  });
});
