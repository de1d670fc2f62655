/**
 * LISTEN (RFC 9293 §3.10.7.2): only a SYN starts something; the SYN queue and the accept queue
 * bound how much (Linux tcp_max_syn_backlog, listen backlog); accept() takes a connection out.
 */
import { describe, expect, it } from 'vitest';
import { focusState, step } from '../../shared/tcp/host.ts';
import type { Host } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_IP,
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
  tcb,
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
    expect(r.host.listener).toEqual({ local: SERVER });
  });

  it('data on a SYN is not accepted (no TCP Fast Open): it is dropped, not acknowledged', () => {
    const r = deliver(listening(), seg({ flags: ['SYN'], seq: 100, data: 'early' }), 0);
    expect(rulesOf(r)).toContain('open.syn-data-not-accepted');
    expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], ack: 101 });
    expect(tcb(r.host, CLIENT).delivered).toBe('');
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

describe('LISTEN: the SYN queue', () => {
  it('holds synBacklog (4) half-open entries; the next SYN is dropped without a reply', () => {
    let h = listening();
    for (let p = 1_000; p < 1_004; p++) h = handshake(h, p, 0, false);
    const r = deliver(h, seg({ src: from(1_004), flags: ['SYN'], seq: 100 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.syn-queue-full' }]);
    expect(r.host.connections).toHaveLength(4);
  });

  it('an entry that completes its handshake frees its place', () => {
    let h = listening();
    for (let p = 1_000; p < 1_004; p++) h = handshake(h, p, 0, false);
    h = deliver(h, seg({ src: from(1_000), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 0).host;
    expect(sentSegments(deliver(h, seg({ src: from(1_004), flags: ['SYN'], seq: 100 }), 0))).toHaveLength(1);
  });
});

describe('LISTEN: the accept queue', () => {
  it('the third ACK moves the child from the SYN queue to the accept queue', () => {
    const h = handshake(listening(), 1_000, 0, true);
    expect(tcb(h, from(1_000))).toMatchObject({ state: 'ESTABLISHED', queue: 'accept' });
  });

  it('holds acceptBacklog (2) connections; a SYN that arrives while it is full is dropped', () => {
    let h = listening();
    h = handshake(h, 1_000, 0, true);
    h = handshake(h, 1_001, 0, true);
    const r = deliver(h, seg({ src: from(1_002), flags: ['SYN'], seq: 100 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'open.accept-queue-full' }]);
    expect(r.host.connections).toHaveLength(2);
  });

  it('a third ACK that arrives while it is full is ignored; the child stays SYN-RECEIVED', () => {
    let h = listening();
    h = handshake(h, 1_002, 0, false); // half-open before the queue filled
    h = handshake(h, 1_000, 0, true);
    h = handshake(h, 1_001, 0, true);
    const r = deliver(h, seg({ src: from(1_002), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 5);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: from(1_002), rule: 'open.accept-queue-full' }]);
    expect(tcb(r.host, from(1_002))).toMatchObject({ state: 'SYN-RECEIVED', queue: 'syn', sndUna: SERVER_ISS });
    // Linux (tcp_abort_on_overflow = 0): the SYN-ACK timer retries, and once there is room the ACK counts.
    const retry = ok(r.host, { kind: 'tick', at: 1_000 });
    expectSegment(onlySegment(retry), { src: SERVER, dst: from(1_002), flags: ['SYN', 'ACK'], seq: SERVER_ISS, ack: 101 });
    const room = ok(retry.host, { kind: 'accept', at: 1_100 }).host;
    const done = deliver(room, seg({ src: from(1_002), flags: ['ACK'], seq: 101, ack: SERVER_ISS + 1 }), 1_200);
    expect(transitions(done)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
  });

  it('accept() takes the oldest connection out of the accept queue', () => {
    let h = listening();
    h = handshake(h, 1_000, 0, true);
    h = handshake(h, 1_001, 0, true);
    const r = ok(h, { kind: 'accept', at: 3 });
    expect(r.outputs).toEqual([{ kind: 'signal', conn: from(1_000), signal: 'connection-established', rule: 'open.accept' }]);
    expect(tcb(r.host, from(1_000)).queue).toBe('accepted');
    expect(tcb(r.host, from(1_001)).queue).toBe('accept');
    // Room again: a new SYN is answered.
    expect(sentSegments(deliver(r.host, seg({ src: from(1_002), flags: ['SYN'], seq: 100 }), 4))).toHaveLength(1);
  });

  it('accept() with nothing established is refused, host unchanged', () => {
    const h = handshake(listening(), 1_000, 0, false);
    const r = step(h, { kind: 'accept', at: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.code).toBe('nothing-to-accept');
    expect(r.host).toEqual(h);
  });
});

describe('LISTEN: user calls', () => {
  it('a second listen is refused, host unchanged', () => {
    const h = listening();
    const before = structuredClone(h);
    expect(refused(h, { kind: 'listen', at: 1, port: 81 }).code).toBe('already-listening');
    expect(h).toEqual(before);
  });

  it('closing the listener drops its half-open and unaccepted children, keeps accepted ones', () => {
    let h = listening();
    h = handshake(h, 1_000, 0, true);
    h = ok(h, { kind: 'accept', at: 0 }).host;
    h = handshake(h, 1_001, 0, true);
    h = handshake(h, 1_002, 0, false);
    const r = ok(h, { kind: 'unlisten', at: 1 });
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED', 'SYN-RECEIVED=>CLOSED', 'LISTEN=>CLOSED']);
    expect(r.host.connections.map((c) => c.remote)).toEqual([from(1_000)]);
    expect(focusState(r.host, from(1_002))).toBe('CLOSED');
    expect(signalsOf(r)).toEqual([]);
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
