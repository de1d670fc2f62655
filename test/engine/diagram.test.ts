/**
 * RFC 9293 Figure 5, arrow by arrow: each builder reaches its state through real steps, and each
 * arrow of the diagram is one step whose outputs name the transition and the rule.
 */
import { describe, expect, it } from 'vitest';
import { focusState } from '../../shared/tcp/host.ts';
import { TCP_STATES, type TcpState } from '../../shared/tcp/states.ts';
import {
  CLIENT,
  SERVER,
  closeWait,
  closing,
  deliver,
  established,
  finWait1,
  finWait2,
  lastAck,
  listening,
  ok,
  onlySegment,
  serverHost,
  synReceived,
  synSent,
  tick,
  timeWait,
  transitions,
  rulesOf,
  clientHost,
  bothSynSent,
  seg,
} from './builders.ts';

describe('the builders reach their states', () => {
  it('every state of the figure has a builder that reaches it', () => {
    const seen = new Set<TcpState>();
    const note = (s: TcpState) => seen.add(s);
    note(focusState(clientHost(), SERVER));
    note(focusState(listening(), CLIENT));
    note(focusState(synSent().client, SERVER));
    note(focusState(synReceived().server, CLIENT));
    note(focusState(established().client, SERVER));
    note(focusState(finWait1().client, SERVER));
    note(focusState(finWait2().client, SERVER));
    note(focusState(closeWait().server, CLIENT));
    note(focusState(closing().client, SERVER));
    note(focusState(lastAck().server, CLIENT));
    note(focusState(timeWait().client, SERVER));
    expect([...seen].sort()).toEqual([...TCP_STATES].sort());
  });

  it('pairs: the other end is where the RFC figure puts it', () => {
    expect(focusState(synReceived().client, SERVER)).toBe('SYN-SENT');
    expect(focusState(established().server, CLIENT)).toBe('ESTABLISHED');
    expect(focusState(finWait1().server, CLIENT)).toBe('ESTABLISHED');
    expect(focusState(closeWait().client, SERVER)).toBe('FIN-WAIT-1');
    expect(focusState(finWait2().server, CLIENT)).toBe('CLOSE-WAIT');
    expect(focusState(lastAck().client, SERVER)).toBe('FIN-WAIT-2');
    expect(focusState(timeWait().server, CLIENT)).toBe('LAST-ACK');
    expect(focusState(closing().server, CLIENT)).toBe('CLOSING');
  });
});

describe('RFC 9293 Figure 5, one step per arrow', () => {
  it('CLOSED -> LISTEN: passive OPEN', () => {
    const r = ok(serverHost(), { kind: 'listen', at: 0, port: 80 });
    expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'CLOSED', to: 'LISTEN', rule: 'open.passive-listen' }]);
  });

  it('LISTEN -> CLOSED: CLOSE of the listening socket', () => {
    const r = ok(listening(), { kind: 'unlisten', at: 5 });
    expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'LISTEN', to: 'CLOSED', rule: 'close.listen-close' }]);
    expect(focusState(r.host, CLIENT)).toBe('CLOSED');
  });

  it('CLOSED -> SYN-SENT: active OPEN, snd SYN', () => {
    const r = ok(clientHost(), { kind: 'connect', at: 0, remote: SERVER });
    expect(transitions(r)).toEqual(['CLOSED=>SYN-SENT']);
    expect(rulesOf(r)).toEqual(['open.active-syn', 'open.active-syn']);
  });

  it('LISTEN -> SYN-RECEIVED: rcv SYN, snd SYN,ACK', () => {
    const { syn } = synSent();
    const r = deliver(listening(), syn, 0);
    expect(transitions(r)).toEqual(['LISTEN=>SYN-RECEIVED']);
  });

  it('SYN-SENT -> ESTABLISHED: rcv SYN,ACK, snd ACK', () => {
    const { client, synAck } = synReceived();
    expect(transitions(deliver(client, synAck, 0))).toEqual(['SYN-SENT=>ESTABLISHED']);
  });

  it('SYN-RECEIVED -> ESTABLISHED: rcv ACK of SYN', () => {
    const { client, server, synAck } = synReceived();
    const ack = onlySegment(deliver(client, synAck, 0));
    expect(transitions(deliver(server, ack, 0))).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
  });

  it('SYN-SENT -> CLOSED: CLOSE, delete TCB', () => {
    const r = ok(synSent().client, { kind: 'close', at: 10, remote: SERVER });
    expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
    expect(r.outputs).toHaveLength(1);
    expect(r.host.connections).toEqual([]);
  });

  it('ESTABLISHED -> FIN-WAIT-1: CLOSE, snd FIN', () => {
    expect(transitions(ok(established().client, { kind: 'close', at: 0, remote: SERVER }))).toEqual(['ESTABLISHED=>FIN-WAIT-1']);
  });

  it('ESTABLISHED -> CLOSE-WAIT: rcv FIN, snd ACK', () => {
    const { server, fin } = finWait1();
    expect(transitions(deliver(server, fin, 0))).toEqual(['ESTABLISHED=>CLOSE-WAIT']);
  });

  it('FIN-WAIT-1 -> FIN-WAIT-2: rcv ACK of FIN', () => {
    const { client, ackOfFin } = closeWait();
    expect(transitions(deliver(client, ackOfFin, 0))).toEqual(['FIN-WAIT-1=>FIN-WAIT-2']);
  });

  it('CLOSE-WAIT -> LAST-ACK: CLOSE, snd FIN', () => {
    expect(transitions(ok(finWait2().server, { kind: 'close', at: 0, remote: CLIENT }))).toEqual(['CLOSE-WAIT=>LAST-ACK']);
  });

  it('FIN-WAIT-2 -> TIME-WAIT: rcv FIN, snd ACK', () => {
    const { client, fin } = lastAck();
    expect(transitions(deliver(client, fin, 0))).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
  });

  it('LAST-ACK -> CLOSED: rcv ACK of FIN', () => {
    const { server, lastAckSeg } = timeWait();
    expect(transitions(deliver(server, lastAckSeg, 0))).toEqual(['LAST-ACK=>CLOSED']);
  });

  it('TIME-WAIT -> CLOSED: timeout = 2MSL', () => {
    expect(transitions(tick(timeWait().client, 240_000))).toEqual(['TIME-WAIT=>CLOSED']);
  });

  it('FIN-WAIT-1 -> CLOSING: rcv FIN, snd ACK', () => {
    const { client, server } = established();
    const c1 = ok(client, { kind: 'close', at: 0, remote: SERVER });
    const s1 = ok(server, { kind: 'close', at: 0, remote: CLIENT });
    expect(transitions(deliver(c1.host, onlySegment(s1), 0))).toEqual(['FIN-WAIT-1=>CLOSING']);
  });

  it('CLOSING -> TIME-WAIT: rcv ACK of FIN', () => {
    const { client, serverAck } = closing();
    expect(transitions(deliver(client, serverAck, 0))).toEqual(['CLOSING=>TIME-WAIT']);
  });

  it('SYN-SENT -> SYN-RECEIVED: rcv SYN (simultaneous open), snd SYN,ACK', () => {
    const { client, serverSyn } = bothSynSent();
    const r = deliver(client, serverSyn, 0);
    expect(transitions(r)).toEqual(['SYN-SENT=>SYN-RECEIVED']);
  });

  it('SYN-RECEIVED -> FIN-WAIT-1: CLOSE, snd FIN', () => {
    const r = ok(synReceived().server, { kind: 'close', at: 0, remote: CLIENT });
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>FIN-WAIT-1']);
  });

  it('SYN-RECEIVED -> LISTEN: rcv RST (passive open)', () => {
    const { server } = synReceived();
    const r = deliver(server, seg({ flags: ['RST'], seq: 1_001 }), 0);
    expect(transitions(r)).toEqual(['SYN-RECEIVED=>LISTEN']);
    expect(focusState(r.host, CLIENT)).toBe('LISTEN');
  });
});
