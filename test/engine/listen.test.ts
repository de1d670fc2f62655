/**
 * LISTEN (RFC 9293 §3.10.7.2): only a SYN starts something. How many connections a listener keeps
 * is where the profiles differ: rfc9293 bounds only the half-open entries (synBacklog) and has no
 * accept queue; linux bounds both queues by the listen backlog (full at backlog + 1), answers a
 * SYN that finds the SYN queue full with a SYN cookie, and drops the handshake's last ACK while the
 * accept queue is full. accept() takes a connection out; closing the listener differs too.
 */
import { describe, expect, it } from 'vitest';
import { configFor, type TcpConfig } from '../../shared/tcp/config.ts';
import { createHost, focusState, step } from '../../shared/tcp/host.ts';
import { seqAdd } from '../../shared/tcp/seq.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import type { Host } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_IP,
  CLIENT_ISS,
  SERVER,
  SERVER_ISS,
  deliver,
  expectSegment,
  listening,
  ok,
  onlySegment,
  refused,
  rulesOf,
  seg,
  segmentOutputs,
  sentSegments,
  signalsOf,
  synReceived,
  tcb,
  tick,
  transitions,
} from './builders.ts';

const from = (port: number): string => `${CLIENT_IP}:${port}`;

/** A SYN from `port`, then (if `complete`) the third ACK, at time `at`. */
function handshake(host: Host, port: number, at: number, complete: boolean): Host {
  const r = deliver(host, seg({ src: from(port), flags: ['SYN'], seq: 100 }), at);
  if (!complete) return r.host;
  return deliver(r.host, seg({ src: from(port), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), at).host;
}

describe('LISTEN: a SYN', () => {
  it('creates a child in SYN-RECEIVED and sends <SEQ=ISS><ACK=SEG.SEQ+1><CTL=SYN,ACK>', () => {
    const r = deliver(listening(), seg({ flags: ['SYN'], seq: 100, wnd: 2_000 }), 10);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: CLIENT, flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 101, wnd: 4_096, data: '' });
    expect(out[0]!.rule).toBe('open.listen-syn-ack');
    const child = tcb(r.host, CLIENT);
    expect(child).toMatchObject({ state: 'SYN-RECEIVED', passive: true, queue: 'syn', irs: 100, rcvNxt: 101, sndUna: SERVER_ISS, sndNxt: SERVER_ISS + 1, sndWnd: 2_000 });
    expect(child.retransmitTimer).toEqual({ expiresAt: 1_010 });
    // The listener stays: the host still listens for other clients.
    expect(r.host.listener).toEqual({ local: SERVER, lastSynQueueOverflowAt: null });
  });

  it('data on a SYN is not accepted (no TCP Fast Open): it is dropped, not acknowledged', () => {
    const r = deliver(listening(), seg({ flags: ['SYN'], seq: 100, data: 'early' }), 0);
    expect(rulesOf(r)).toContain('open.syn-data-not-accepted');
    expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], ack: 101 });
    expect(tcb(r.host, CLIENT).delivered).toBe('');
  });
});

describe('LISTEN: a SYN with data, TCP Fast Open (RFC 7413 §4.2)', () => {
  it('a listener that takes Fast Open data (the cookie valid) delivers it at once, in SYN-RECEIVED, and its SYN-ACK acknowledges it: ack = ISN + 1 + length', () => {
    const r = deliver({ ...listening(), fastOpen: true }, seg({ flags: ['SYN'], seq: 100, data: 'GET /1' }), 0);
    expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 107 });
    expect(segmentOutputs(r)[0]!.rule).toBe('open.fast-open-syn-data');
    expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'SYN-RECEIVED', rcvNxt: 107, delivered: 'GET /1' });
    expect(rulesOf(r)).not.toContain('open.syn-data-not-accepted');
  });
});

describe('LISTEN: anything but a SYN', () => {
  it('a RST is ignored', () => {
    const r = deliver(listening(), seg({ flags: ['RST'], seq: 5 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.listen-rst-ignored' }]);
  });

  it('an ACK draws <SEQ=SEG.ACK><CTL=RST>', () => {
    const r = deliver(listening(), seg({ flags: ['ACK'], seq: 5, ack: 777 }), 0);
    expectSegment(onlySegment(r), { src: SERVER, dst: CLIENT, flags: ['RST'], seq: 777 });
    expect(rulesOf(r)).toEqual(['open.listen-ack-reset']);
    expect(r.host.connections).toEqual([]);
  });

  it('a SYN,ACK is an ACK too: reset with its ack', () => {
    expectSegment(onlySegment(deliver(listening(), seg({ flags: ['SYN', 'ACK'], seq: 5, ack: 9 }), 0)), { flags: ['RST'], seq: 9 });
  });

  it('a segment with none of SYN, ACK, RST is dropped', () => {
    const r = deliver(listening(), seg({ flags: ['FIN'], seq: 5 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.listen-stray-segment' }]);
  });
});

/** A listener whose ISNs (and so its SYN cookies) are drawn, not fixed. */
function drawingListener(profile: 'rfc9293' | 'linux', config: Partial<TcpConfig> = {}): Host {
  return ok(createHost({ address: SERVER.split(':')[0]!, seed: 7, config: configFor(profile, config) }), { kind: 'listen', at: 0, port: 80 }).host;
}

describe('LISTEN: the SYN queue', () => {
  it('rfc9293: holds synBacklog (4) half-open entries; the next SYN is dropped without a reply', () => {
    let h = listening();
    for (let p = 1_000; p < 1_004; p++) h = handshake(h, p, 0, false);
    const r = deliver(h, seg({ src: from(1_004), flags: ['SYN'], seq: 100 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.syn-queue-full' }]);
    expect(r.host.connections).toHaveLength(4);
  });

  it('rfc9293: an entry that completes its handshake frees its place', () => {
    let h = listening();
    for (let p = 1_000; p < 1_004; p++) h = handshake(h, p, 0, false);
    h = deliver(h, seg({ src: from(1_000), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 0).host;
    expect(sentSegments(deliver(h, seg({ src: from(1_004), flags: ['SYN'], seq: 100 }), 0))).toHaveLength(1);
  });

  it('linux: full at listen backlog + 1 (3) half-open entries; the next SYN gets a SYN cookie and no state is kept', () => {
    let h = drawingListener('linux');
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    const r = deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 5);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: from(1_003), flags: ['SYN', 'ACK'], ack: 701, data: '' });
    expect(out[0]).toMatchObject({ rule: 'open.syn-cookie', retransmission: false, conn: null });
    // No TCB, no state change, no timer: the listener is still just LISTEN for this client.
    expect(r.host.connections).toHaveLength(3);
    expect(transitions(r)).toEqual([]);
    expect(focusState(r.host, from(1_003))).toBe('LISTEN');
    expect(nextDeadline(r.host)).toBe(nextDeadline(h));
    // The cookie is computed, not remembered: the same SYN gets the same one, another client another.
    expect(onlySegment(deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 6)).seq).toBe(out[0]!.segment.seq);
    expect(onlySegment(deliver(h, seg({ src: from(1_004), flags: ['SYN'], seq: 700 }), 6)).seq).not.toBe(out[0]!.segment.seq);
  });

  it('linux: the ACK that returns a cookie (SEG.ACK − 1) creates the connection at once, ESTABLISHED in the accept queue, and its data is delivered', () => {
    let h = drawingListener('linux');
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    const cookie = onlySegment(deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 5)).seq;
    const sent = deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 5).host;
    const r = deliver(sent, seg({ src: from(1_003), flags: ['ACK'], seq: 701, ack: seqAdd(cookie, 1), data: 'GET /' }), 10);
    expect(transitions(r)).toEqual(['LISTEN=>SYN-RECEIVED', 'SYN-RECEIVED=>ESTABLISHED']);
    expect(rulesOf(r)).toContain('open.syn-cookie-ack');
    expect(tcb(r.host, from(1_003))).toMatchObject({ state: 'ESTABLISHED', queue: 'accept', iss: cookie, irs: 700, rcvNxt: 706, sndUna: seqAdd(cookie, 1), sndNxt: seqAdd(cookie, 1), delivered: 'GET /' });
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: seqAdd(cookie, 1), ack: 706 });
  });

  it('linux: an ACK that carries no cookie of ours is answered with <SEQ=SEG.ACK><CTL=RST>', () => {
    let h = drawingListener('linux');
    for (let p = 1_000; p < 1_004; p++) h = handshake(h, p, 0, false);
    const cookie = onlySegment(deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 5)).seq;
    const r = deliver(h, seg({ src: from(1_003), flags: ['ACK'], seq: 701, ack: seqAdd(cookie, 2) }), 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: seqAdd(cookie, 2) });
    expect(rulesOf(r)).toEqual(['open.listen-ack-reset']);
  });

  it('linux: a cookie counts only within 2 minutes of the last SYN queue overflow', () => {
    let h = drawingListener('linux');
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    const c = deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 700 }), 5);
    const ack = seg({ src: from(1_003), flags: ['ACK'], seq: 701, ack: seqAdd(onlySegment(c).seq, 1) });
    // (The three half-open entries have long given up by then; only the cookie decides.)
    expect(focusState(deliver(c.host, ack, 120_005).host, from(1_003))).toBe('ESTABLISHED');
    const late = deliver(c.host, ack, 120_006);
    expect(focusState(late.host, from(1_003))).toBe('LISTEN');
    expectSegment(sentSegments(late).at(-1), { flags: ['RST'], seq: ack.ack });
  });

  it('linux with tcp_syncookies = 0: the SYN that finds the SYN queue full is dropped', () => {
    let h = listening({ profile: 'linux', config: { synCookies: false } });
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    expect(deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 100 }), 0).outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.syn-queue-full' }]);
  });

  it('linux: cookies work across the wrap of sequence numbers (client ISN 2^32 − 1)', () => {
    let h = drawingListener('linux');
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    const synAck = onlySegment(deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 2 ** 32 - 1 }), 5));
    expectSegment(synAck, { flags: ['SYN', 'ACK'], ack: 0 });
    const sent = deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 2 ** 32 - 1 }), 5).host;
    const r = deliver(sent, seg({ src: from(1_003), flags: ['ACK'], seq: 0, ack: seqAdd(synAck.seq, 1) }), 10);
    expect(tcb(r.host, from(1_003))).toMatchObject({ state: 'ESTABLISHED', irs: 2 ** 32 - 1, rcvNxt: 0 });
  });
});

describe('LISTEN: the accept queue', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: the third ACK moves the child from the SYN queue to the accept queue`, () => {
      const h = handshake(listening({ profile }), 1_000, 0, true);
      expect(tcb(h, from(1_000))).toMatchObject({ state: 'ESTABLISHED', queue: 'accept' });
    });
  }

  it('rfc9293: has no accept queue limit: every third ACK completes its handshake, however many wait for accept()', () => {
    let h = listening();
    for (let p = 1_000; p < 1_006; p++) h = handshake(h, p, 0, true);
    expect(h.connections.map((c) => c.state)).toEqual(Array(6).fill('ESTABLISHED'));
    expect(sentSegments(deliver(h, seg({ src: from(1_006), flags: ['SYN'], seq: 100 }), 0))).toHaveLength(1);
  });

  it('linux: holds listen backlog + 1 = 3 connections (sk_acceptq_is_full); a SYN that arrives while it is full is dropped', () => {
    let h = listening({ profile: 'linux' });
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, true);
    const r = deliver(h, seg({ src: from(1_003), flags: ['SYN'], seq: 100 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.accept-queue-full' }]);
    expect(r.host.connections).toHaveLength(3);
  });

  it('linux: a third ACK that arrives while it is full is dropped; the child stays SYN-RECEIVED and its SYN-ACK is retransmitted at 1 s, then 2 s later', () => {
    let h = listening({ profile: 'linux' });
    h = handshake(h, 1_003, 0, false); // half-open before the queue filled
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, true);
    const r = deliver(h, seg({ src: from(1_003), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 5);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: from(1_003), rule: 'open.accept-queue-full' }]);
    expect(tcb(r.host, from(1_003))).toMatchObject({ state: 'SYN-RECEIVED', queue: 'syn', sndUna: SERVER_ISS });
    const first = ok(r.host, { kind: 'tick', at: 1_000 });
    expectSegment(onlySegment(first), { src: SERVER, dst: from(1_003), flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 101 });
    expect(nextDeadline(first.host)).toBe(3_000);
  });

  it('linux: the client is ESTABLISHED and ACKs each retransmitted SYN-ACK; those ACKs are dropped until accept() frees a slot, then the next one completes the handshake', () => {
    const { client, server, synAck } = synReceived({ profile: 'linux' });
    let s = server;
    for (let p = 1_000; p < 1_003; p++) s = handshake(s, p, 0, true);
    const c = deliver(client, synAck, 10);
    expect(tcb(c.host, SERVER).state).toBe('ESTABLISHED');
    expect(deliver(s, onlySegment(c), 20).outputs).toEqual([{ kind: 'drop', conn: CLIENT, rule: 'open.accept-queue-full' }]);
    // The SYN-ACK comes again at 1 s; the client answers it with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    const retry1 = tick(s, 1_000);
    const reAck1 = deliver(c.host, onlySegment(retry1), 1_010);
    expectSegment(onlySegment(reAck1), { flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 });
    expect(rulesOf(reAck1)).toEqual(['seq.unacceptable-ack']);
    const dropped = deliver(retry1.host, onlySegment(reAck1), 1_020);
    expect(rulesOf(dropped)).toEqual(['open.accept-queue-full']);
    // accept() takes the oldest waiting connection; the ACK answering the next SYN-ACK (at 3 s) completes this one.
    const room = ok(dropped.host, { kind: 'accept', at: 2_000 }).host;
    const retry2 = tick(room, 3_000);
    const reAck2 = onlySegment(deliver(reAck1.host, onlySegment(retry2), 3_010));
    const done = deliver(retry2.host, reAck2, 3_020);
    expect(transitions(done)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
    expect(tcb(done.host, CLIENT)).toMatchObject({ queue: 'accept', retransmitTimer: null });
  });

  it('rfc9293: the same handshake completes on the client\'s first ACK', () => {
    const { client, server, synAck } = synReceived();
    let s = server;
    for (let p = 1_000; p < 1_003; p++) s = handshake(s, p, 0, true);
    const done = deliver(s, onlySegment(deliver(client, synAck, 10)), 20);
    expect(transitions(done)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
  });

  it('linux: a cookie ACK that finds the accept queue full is dropped, and with no state nothing is retransmitted; the client\'s data, still carrying the cookie, gets in once there is room', () => {
    let h = listening({ profile: 'linux' });
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, false);
    const cookie = onlySegment(deliver(h, seg({ src: from(2_000), flags: ['SYN'], seq: 100 }), 1));
    h = deliver(h, seg({ src: from(2_000), flags: ['SYN'], seq: 100 }), 1).host;
    for (let p = 1_000; p < 1_003; p++) h = deliver(h, seg({ src: from(p), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 2).host;
    const ack = seg({ src: from(2_000), flags: ['ACK'], seq: 101, ack: seqAdd(cookie.seq, 1) });
    const r = deliver(h, ack, 3);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.accept-queue-full' }]);
    expect(focusState(r.host, from(2_000))).toBe('LISTEN');
    const room = ok(r.host, { kind: 'accept', at: 4 }).host;
    const data = deliver(room, { ...ack, data: 'hi' }, 5);
    expect(transitions(data)).toEqual(['LISTEN=>SYN-RECEIVED', 'SYN-RECEIVED=>ESTABLISHED']);
    expect(tcb(data.host, from(2_000)).delivered).toBe('hi');
  });

  it('accept() takes the oldest connection out of the accept queue', () => {
    let h = listening({ profile: 'linux' });
    for (let p = 1_000; p < 1_003; p++) h = handshake(h, p, 0, true);
    const r = ok(h, { kind: 'accept', at: 3 });
    expect(r.outputs).toEqual([{ kind: 'signal', conn: from(1_000), signal: 'connection-established', rule: 'open.accept' }]);
    expect(tcb(r.host, from(1_000)).queue).toBe('accepted');
    expect(tcb(r.host, from(1_001)).queue).toBe('accept');
    // Room again: a new SYN is answered.
    expect(sentSegments(deliver(r.host, seg({ src: from(1_003), flags: ['SYN'], seq: 100 }), 4))).toHaveLength(1);
  });

  it('accept() with nothing established is refused, host unchanged', () => {
    const h = handshake(listening(), 1_000, 0, false);
    const r = step(h, { kind: 'accept', at: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.code).toBe('nothing-to-accept');
    expect(r.host).toEqual(h);
  });
});

describe('LISTEN: closing the listening socket (RFC 9293 §3.10.4: "Delete TCB, enter CLOSED state")', () => {
  /** One accepted connection (1000), one waiting in the accept queue (1001), one half-open (1002). */
  function three(profile: 'rfc9293' | 'linux'): Host {
    let h = listening({ profile });
    h = handshake(h, 1_000, 0, true);
    h = ok(h, { kind: 'accept', at: 0 }).host;
    h = handshake(h, 1_001, 0, true);
    return handshake(h, 1_002, 0, false);
  }

  it('rfc9293: deletes only the listening TCB; every connection it spawned is a TCB of its own and carries on', () => {
    const r = ok(three('rfc9293'), { kind: 'unlisten', at: 1 });
    expect(transitions(r)).toEqual(['LISTEN=>CLOSED']);
    expect(sentSegments(r)).toEqual([]);
    expect(r.host.connections.map((c) => [c.remote, c.state])).toEqual([[from(1_000), 'ESTABLISHED'], [from(1_001), 'ESTABLISHED'], [from(1_002), 'SYN-RECEIVED']]);
    expect(r.host.listener).toBeNull();
  });

  it('linux: a half-open child dies silently, an unaccepted established one gets <SEQ=SND.NXT><CTL=RST>, an accepted one stays', () => {
    const r = ok(three('linux'), { kind: 'unlisten', at: 1 });
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED', 'SYN-RECEIVED=>CLOSED', 'LISTEN=>CLOSED']);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: from(1_001), flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(out[0]!.rule).toBe('close.listen-close-reset');
    expect(r.host.connections.map((c) => c.remote)).toEqual([from(1_000)]);
    expect(focusState(r.host, from(1_002))).toBe('CLOSED');
    expect(signalsOf(r)).toEqual([]);
  });

  it('linux: the client of a connection that was still SYN-RECEIVED (accept queue full) is ESTABLISHED; its later FIN meets no TCB and gets <SEQ=SEG.ACK><CTL=RST>, which resets it', () => {
    const { client, server, synAck } = synReceived({ profile: 'linux' });
    let s = server;
    for (let p = 1_000; p < 1_003; p++) s = handshake(s, p, 0, true);
    const c = deliver(client, synAck, 10);
    s = deliver(s, onlySegment(c), 20).host; // dropped: the accept queue is full
    const closed = ok(s, { kind: 'unlisten', at: 500 });
    expect(focusState(closed.host, CLIENT)).toBe('CLOSED');
    const fin = ok(c.host, { kind: 'close', at: 600, remote: SERVER });
    const finSeg = onlySegment(fin);
    expectSegment(finSeg, { flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 });
    const rst = deliver(closed.host, finSeg, 700);
    expectSegment(onlySegment(rst), { src: SERVER, dst: CLIENT, flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(rulesOf(rst)).toEqual(['closed.reset-reply']);
    const reset = deliver(fin.host, onlySegment(rst), 800);
    expect(transitions(reset)).toEqual(['FIN-WAIT-1=>CLOSED']);
    expect(signalsOf(reset)).toEqual(['connection-reset']);
  });

  it('a second listen is refused, host unchanged', () => {
    const h = listening();
    const before = structuredClone(h);
    expect(refused(h, { kind: 'listen', at: 1, port: 81 }).code).toBe('already-listening');
    expect(h).toEqual(before);
  });
});

describe('LISTEN: SEND to a named peer (RFC 9293 §3.10.2)', () => {
  it('turns the passive open into an active one: SYN with the ISS, LISTEN → SYN-SENT, data queued', () => {
    const h = listening();
    const r = ok(h, { kind: 'send', at: 10, remote: CLIENT, data: 'hello' });
    const syn = onlySegment(r);
    expect(syn.flags).toEqual({ SYN: true, ACK: false, FIN: false, RST: false });
    expect(syn.data).toBe('');
    expect(syn.seq).toBe(tcb(r.host, CLIENT).iss);
    expect(transitions(r)).toEqual(['LISTEN=>SYN-SENT']);
    expect(r.host.listener).toBeNull();
    expect(tcb(r.host, CLIENT).sendBuffer).toBe('hello');
    expect(focusState(r.host, CLIENT)).toBe('SYN-SENT');
  });
});
