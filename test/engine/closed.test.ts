/**
 * CLOSED (no TCB): RFC 9293 §3.10.7.1 replies, the doors the engine refuses to open (bad input,
 * time going backwards, calls with no connection), and the ISN (§3.4.1).
 */
import { describe, expect, it } from 'vitest';
import { configFor } from '../../shared/tcp/config.ts';
import { createHost, step } from '../../shared/tcp/host.ts';
import type { HostEvent } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_IP,
  SERVER,
  SERVER_IP,
  clientHost,
  deliver,
  established,
  expectSegment,
  ok,
  onlySegment,
  refused,
  rulesOf,
  segmentOutputs,
  seg,
  serverHost,
  signalsOf,
  stateOf,
  transitions,
} from './builders.ts';

describe('CLOSED: a segment for a port with no connection and no listener', () => {
  it('a SYN draws <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (connection refused)', () => {
    const r = deliver(serverHost(), seg({ flags: ['SYN'], seq: 777 }), 3);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { src: SERVER, dst: CLIENT, flags: ['RST', 'ACK'], seq: 0, ack: 778, data: '' });
    expect(out[0]!.rule).toBe('open.refused-rst');
    expect(out[0]!.conn).toBeNull();
  });

  it('a segment without ACK counts its data and FIN: ack = SEG.SEQ + SEG.LEN', () => {
    const r = deliver(serverHost(), seg({ flags: ['FIN'], seq: 100, data: 'abc' }), 0);
    expectSegment(onlySegment(r), { flags: ['RST', 'ACK'], seq: 0, ack: 104 });
    expect(rulesOf(r)).toEqual(['closed.reset-reply']);
  });

  it('an ACK draws <SEQ=SEG.ACK><CTL=RST>', () => {
    const r = deliver(serverHost(), seg({ flags: ['ACK'], seq: 10, ack: 4_242, data: 'hi' }), 0);
    expectSegment(onlySegment(r), { src: SERVER, dst: CLIENT, flags: ['RST'], seq: 4_242, ack: 0 });
    expect(rulesOf(r)).toEqual(['closed.reset-reply']);
  });

  it('a RST is never answered with a RST', () => {
    const r = deliver(serverHost(), seg({ flags: ['RST', 'ACK'], seq: 10, ack: 20 }), 0);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: null, rule: 'closed.rst-ignored' }]);
  });

  it('no TCB is created by any of these', () => {
    const r = deliver(serverHost(), seg({ flags: ['SYN'], seq: 1 }), 0);
    expect(r.host.connections).toEqual([]);
    expect(stateOf(r.host, CLIENT)).toBeUndefined();
  });
});

describe('CLOSED: half-open discovery (RFC 9293 §3.5.1, Figures 9-10)', () => {
  it('the peer rebooted: data to it draws a RST that resets the surviving end', () => {
    const { client } = established();
    const sent = ok(client, { kind: 'send', at: 100, remote: SERVER, data: 'hello' });
    const data = onlySegment(sent);
    expectSegment(data, { flags: ['ACK'], seq: 1_001, ack: 5_001, data: 'hello' });
    // The server crashed and came back with no memory of the connection, not listening.
    const rebooted = serverHost();
    const rst = onlySegment(deliver(rebooted, data, 150));
    expectSegment(rst, { flags: ['RST'], seq: 5_001 });
    const r = deliver(sent.host, rst, 200);
    expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-reset']);
    expect(r.host.connections).toEqual([]);
  });

  it('the peer rebooted and reconnects: its SYN draws an ACK, its RST then resets the old connection', () => {
    const { server } = established();
    const reborn = ok(clientHost({ clientIss: 90_000 }), { kind: 'connect', at: 1_000, remote: SERVER });
    const syn = onlySegment(reborn);
    const challenge = onlySegment(deliver(server, syn, 1_010));
    expectSegment(challenge, { flags: ['ACK'], seq: 5_001, ack: 1_001 });
    // SYN-SENT: an ACK that does not acknowledge our SYN belongs to an old connection: <SEQ=SEG.ACK><CTL=RST>.
    const rst = deliver(reborn.host, challenge, 1_020);
    expectSegment(onlySegment(rst), { flags: ['RST'], seq: 1_001 });
    expect(rulesOf(rst)).toEqual(['open.syn-sent-bad-ack-reset']);
    expect(stateOf(rst.host, SERVER)).toBe('SYN-SENT');
    const gone = deliver(server, onlySegment(rst), 1_030);
    expect(transitions(gone)).toEqual(['ESTABLISHED=>CLOSED']);
  });
});

describe('bad input is rejected and leaves the host unchanged', () => {
  const host = established().server;
  const cases: [string, HostEvent, string][] = [
    ['seq >= 2^32', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: 2 ** 32, ack: 5_001 }) }, 'invalid-segment'],
    ['negative seq', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: -1, ack: 5_001 }) }, 'invalid-segment'],
    ['fractional ack', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: 1_001, ack: 5_001.5 }) }, 'invalid-segment'],
    ['negative window', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: 1_001, ack: 5_001, wnd: -1 }) }, 'invalid-segment'],
    ['window over 65535', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: 1_001, ack: 5_001, wnd: 65_536 }) }, 'invalid-segment'],
    ['SYN+FIN', { kind: 'segment', at: 5, segment: seg({ flags: ['SYN', 'FIN'], seq: 1_001 }) }, 'invalid-segment'],
    ['data longer than a segment', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], seq: 1_001, ack: 5_001, data: 'x'.repeat(1_461) }) }, 'invalid-segment'],
    ['addressed to another host', { kind: 'segment', at: 5, segment: seg({ flags: ['ACK'], dst: '10.9.9.9:80', seq: 1_001, ack: 5_001 }) }, 'not-addressed-to-host'],
    ['time not finite', { kind: 'tick', at: Number.NaN }, 'invalid-argument'],
  ];
  for (const [name, event, code] of cases) {
    it(`${name} -> ${code}`, () => {
      const before = structuredClone(host);
      const r = step(host, event);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.rejection.code).toBe(code);
      expect(r.host).toEqual(before);
    });
  }

  it('an invalid segment names every problem', () => {
    const r = refused(host, { kind: 'segment', at: 5, segment: seg({ flags: ['SYN', 'FIN'], seq: 2 ** 32, wnd: -1 }) });
    expect(r.detail).toBe('seq-out-of-range, window-out-of-range, syn-with-fin');
  });

  it('time going backwards is refused, and so are the timers it would have fired', () => {
    const sent = ok(established().client, { kind: 'send', at: 500, remote: SERVER, data: 'x' }).host;
    expect(refused(sent, { kind: 'tick', at: 499 }).code).toBe('time-went-backwards');
    // A refused event at a later time does not fire the retransmission due at 1500 either.
    const r = step(sent, { kind: 'send', at: 2_000, remote: '10.0.0.2:81', data: 'x' });
    expect(r.ok).toBe(false);
    expect(r.host).toEqual(sent);
    expect(r.host.now).toBe(500);
  });

  it('a bad configuration is refused field by field', () => {
    const h = createHost({ address: CLIENT_IP, seed: 1, config: configFor('rfc9293', { mslMs: 0, synRetries: 1.5 }) });
    expect(refused(h, { kind: 'tick', at: 0 })).toEqual({ code: 'invalid-argument', detail: 'mslMs must be a positive number; synRetries must be a whole number from 0 to 64' });
  });
});

describe('CLOSED: user calls with no connection are refused (RFC 9293 §3.10: "connection does not exist")', () => {
  const host = clientHost();
  const cases: [HostEvent, string][] = [
    [{ kind: 'send', at: 0, remote: SERVER, data: 'x' }, 'connection-does-not-exist'],
    [{ kind: 'receive', at: 0, remote: SERVER }, 'connection-does-not-exist'],
    [{ kind: 'close', at: 0, remote: SERVER }, 'connection-does-not-exist'],
    [{ kind: 'abort', at: 0, remote: SERVER }, 'connection-does-not-exist'],
    [{ kind: 'accept', at: 0 }, 'not-listening'],
    [{ kind: 'unlisten', at: 0 }, 'not-listening'],
    [{ kind: 'listen', at: 0, port: 0 }, 'invalid-argument'],
    [{ kind: 'listen', at: 0, port: 65_536 }, 'invalid-argument'],
    [{ kind: 'connect', at: 0, remote: 'nowhere' }, 'invalid-argument'],
  ];
  for (const [event, code] of cases) {
    it(`${event.kind} -> ${code}`, () => {
      const before = structuredClone(host);
      const r = step(host, event);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.rejection.code).toBe(code);
      expect(r.host).toEqual(before);
    });
  }
});

describe('the initial sequence number (RFC 9293 §3.4.1)', () => {
  const issOf = (seed: number, n = 1): number[] => {
    let h = createHost({ address: CLIENT_IP, seed });
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = ok(h, { kind: 'connect', at: i, remote: `${SERVER_IP}:${80 + i}` });
      out.push(onlySegment(r).seq);
      h = r.host;
    }
    return out;
  };

  it('differs between seeds and is never one fixed number', () => {
    const isns = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => issOf(s)[0]!);
    expect(new Set(isns).size).toBe(8);
    for (const n of isns) expect(Number.isInteger(n) && n >= 0 && n < 2 ** 32).toBe(true);
    expect(isns).not.toContain(0);
  });

  it('differs between connections of one host', () => {
    const isns = issOf(42, 5);
    expect(new Set(isns).size).toBe(5);
  });

  it('is the same for the same seed (replays are exact)', () => {
    expect(issOf(9, 3)).toEqual(issOf(9, 3));
  });

  it('a listener draws a fresh ISN for each SYN-ACK', () => {
    let h = ok(createHost({ address: SERVER_IP, seed: 3 }), { kind: 'listen', at: 0, port: 80 }).host;
    const isns: number[] = [];
    for (const port of [1_000, 1_001, 1_002]) {
      const r = deliver(h, seg({ src: `${CLIENT_IP}:${port}`, flags: ['SYN'], seq: 1 }), 0);
      isns.push(onlySegment(r).seq);
      h = r.host;
    }
    expect(new Set(isns).size).toBe(3);
  });

  it('connect() may choose it (the scenario hook)', () => {
    expectSegment(onlySegment(ok(createHost({ address: CLIENT_IP, seed: 1 }), { kind: 'connect', at: 0, remote: SERVER, iss: 12 })), { flags: ['SYN'], seq: 12 });
  });
});
