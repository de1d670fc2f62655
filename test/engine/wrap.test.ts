/**
 * Sequence numbers wrap modulo 2^32 (RFC 9293 §3.4): a whole connection whose ISNs sit just below
 * 2^32 — handshake, data and FIN all cross the wrap — and the `nextDeadline` contract.
 */
import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import {
  CLIENT,
  SERVER,
  deliver,
  established,
  expectSegment,
  listening,
  ok,
  onlySegment,
  synReceived,
  synSent,
  tcb,
  tick,
  timeWait,
  transitions,
  clientHost,
  seg,
} from './builders.ts';

const NEAR = 2 ** 32 - 2;

describe('sequence wrap-around (ISN 2^32 − 2)', () => {
  const o = { clientIss: NEAR, serverIss: 2 ** 32 - 1 };

  it('the handshake: ACKs wrap to 0', () => {
    const { synAck } = synReceived(o);
    expectSegment(synAck, { flags: ['SYN', 'ACK'], seq: 2 ** 32 - 1, ack: 2 ** 32 - 1 });
    const { client, server } = established(o);
    expect(tcb(client, SERVER)).toMatchObject({ sndNxt: 2 ** 32 - 1, rcvNxt: 0 });
    expect(tcb(server, CLIENT)).toMatchObject({ sndNxt: 0, rcvNxt: 2 ** 32 - 1 });
  });

  it('data across the wrap is delivered once and acknowledged with ack = 2', () => {
    const { client, server } = established(o);
    const sent = ok(client, { kind: 'send', at: 10, remote: SERVER, data: 'abc' });
    const data = onlySegment(sent);
    expectSegment(data, { seq: 2 ** 32 - 1, ack: 0, data: 'abc' });
    const r = deliver(server, data, 20);
    expect(tcb(r.host, CLIENT).delivered).toBe('abc');
    const ack = onlySegment(r);
    expectSegment(ack, { flags: ['ACK'], seq: 0, ack: 2 });
    const done = deliver(sent.host, ack, 30);
    expect(tcb(done.host, SERVER)).toMatchObject({ sndUna: 2, unacked: [] });
    expect(nextDeadline(done.host)).toBeNull();
    // The same segment again is a duplicate even though its seq is numerically larger than RCV.NXT.
    const dup = deliver(r.host, data, 40);
    expectSegment(onlySegment(dup), { flags: ['ACK'], ack: 2 });
    expect(tcb(dup.host, CLIENT).delivered).toBe('abc');
  });

  it('the FIN after the wrap closes both ends', () => {
    const { client, server } = established(o);
    const s1 = ok(client, { kind: 'send', at: 0, remote: SERVER, data: 'abc' });
    const c1 = ok(s1.host, { kind: 'close', at: 0, remote: SERVER });
    const fin = onlySegment(c1);
    expectSegment(fin, { flags: ['FIN', 'ACK'], seq: 2, ack: 0 });
    const srv = deliver(deliver(server, onlySegment(s1), 10).host, fin, 10);
    expect(transitions(srv)).toEqual(['ESTABLISHED=>CLOSE-WAIT']);
    expectSegment(onlySegment(srv), { flags: ['ACK'], seq: 0, ack: 3 });
    const fw2 = deliver(c1.host, onlySegment(srv), 20);
    expect(transitions(fw2)).toEqual(['FIN-WAIT-1=>FIN-WAIT-2']);
    const lastAck = ok(srv.host, { kind: 'close', at: 30, remote: CLIENT });
    expectSegment(onlySegment(lastAck), { flags: ['FIN', 'ACK'], seq: 0, ack: 3 });
    const tw = deliver(fw2.host, onlySegment(lastAck), 40);
    expect(transitions(tw)).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
    expectSegment(onlySegment(tw), { flags: ['ACK'], seq: 3, ack: 1 });
    expect(transitions(deliver(lastAck.host, onlySegment(tw), 50))).toEqual(['LAST-ACK=>CLOSED']);
  });

  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: data and a FIN held out of order across the wrap are delivered in order once the gap before the wrap fills`, () => {
      const { server } = established({ ...o, profile });
      // Client stream "abcd" from seq 2^32 − 1: "ab" at 2^32 − 1, "cd" at 1, the FIN at 3.
      const cd = seg({ flags: ['ACK'], seq: 1, ack: 0, data: 'cd' });
      const fin = seg({ flags: ['FIN', 'ACK'], seq: 3, ack: 0 });
      let h = deliver(server, fin, 10).host;
      h = deliver(h, cd, 20).host;
      expect(tcb(h, CLIENT)).toMatchObject({ rcvNxt: 2 ** 32 - 1, delivered: '' });
      const r = deliver(h, seg({ flags: ['ACK'], seq: 2 ** 32 - 1, ack: 0, data: 'ab' }), 30);
      expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'CLOSE-WAIT', delivered: 'abcd', rcvNxt: 4 });
      expectSegment(onlySegment(r), { flags: ['ACK'], seq: 0, ack: 4 });
    });
  }

  it('an old ACK from before the wrap is not mistaken for a new one', () => {
    const { client } = established(o);
    const sent = ok(client, { kind: 'send', at: 0, remote: SERVER, data: 'abc' }).host;
    const stale = deliver(sent, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: 0, ack: 2 ** 32 - 1 }), 10);
    expect(stale.outputs).toEqual([]);
    expect(tcb(stale.host, SERVER)).toMatchObject({ sndUna: 2 ** 32 - 1, sndNxt: 2 });
  });
});

describe('nextDeadline: when the engine must next be woken', () => {
  it('null with nothing to time: a fresh host, a listener, an idle connection', () => {
    expect(nextDeadline(clientHost())).toBeNull();
    expect(nextDeadline(listening())).toBeNull();
    expect(nextDeadline(established().client)).toBeNull();
  });

  it('the retransmission timer: sent at t + RTO', () => {
    expect(nextDeadline(synSent({}, 250).client)).toBe(1_250);
    expect(nextDeadline(synReceived({}, 250).server)).toBe(1_250);
  });

  it('the earliest among connections and timers', () => {
    const tw = timeWait().client; // 240 000
    const both = ok(tw, { kind: 'connect', at: 500, remote: '10.0.0.3:80' }).host; // SYN timer 1500
    expect(nextDeadline(both)).toBe(1_500);
    expect(nextDeadline(tick(both, 1_500).host)).toBe(3_500);
  });

  it('the user timeout when it comes before the next retransmission', () => {
    const sent = ok(established({ config: { userTimeoutMs: 2_500 } }).client, { kind: 'send', at: 0, remote: SERVER, data: 'x' }).host;
    expect(nextDeadline(sent)).toBe(1_000);
    const after = tick(sent, 1_000).host; // next retransmission at 3000, user timeout at 2500
    expect(nextDeadline(after)).toBe(2_500);
  });

  it('is a deadline the engine honours: stepping to it changes something, stepping before it does not', () => {
    const { client } = synSent();
    expect(tick(client, 999).outputs).toEqual([]);
    expect(tick(client, 1_000).outputs).not.toEqual([]);
  });
});
