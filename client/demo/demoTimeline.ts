/**
 * Watch mode's scripted round, until the server rooms drive the Game scene: a handshake whose first
 * SYN is lost and retransmitted after the 1 s RTO (RFC 6298), a request and a two-segment reply that
 * the wire reorders (and one duplicated ACK), then the four-way teardown by the client through
 * FIN-WAIT-1, FIN-WAIT-2 / CLOSE-WAIT, LAST-ACK and TIME-WAIT (2×MSL, MSL shortened for watching).
 */
import { flags, segmentLength, type ControlBit, type Segment } from '../../shared/tcp/segment.ts';
import { seqAdd } from '../../shared/tcp/seq.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { AppCall, Flight, HostRole, RoundLog, StateChange, TimerSpan } from '../model/view.ts';

// The same sockets as every scenario's (shared/game/scenarios.ts): the client 10.0.0.2, the server 10.0.0.1.
const CLIENT = '10.0.0.2:49152';
const SERVER = '10.0.0.1:80';
const ONE_WAY_MS = 400;
const RTO_MS = 1000;
const DEMO_MSL_MS = 2000;
const WINDOW = 64_240;

export function demoRound(): RoundLog {
  const flights: Flight[] = [];
  const states: StateChange[] = [];
  const timers: TimerSpan[] = [];
  const calls: AppCall[] = [];
  const addr: Record<HostRole, string> = { client: CLIENT, server: SERVER };
  const peer: Record<HostRole, HostRole> = { client: 'server', server: 'client' };

  const state = (host: HostRole, at: number, s: TcpState): void => void states.push({ host, at, state: s });
  const call = (host: HostRole, at: number, key: string, params?: Record<string, string | number>): void =>
    void calls.push(params ? { host, at, key, params } : { host, at, key });
  const timer = (id: string, host: HostRole, kind: TimerSpan['kind'], startedAt: number, ms: number, cancelledAt: number | null): void =>
    void timers.push({ id, host, kind, startedAt, expiresAt: startedAt + ms, cancelledAt });

  interface SendOpts {
    bits: ControlBit[];
    seq: number;
    ack?: number;
    data?: string;
    oneWay?: number;
    lost?: boolean;
    retransmission?: boolean;
    reordered?: boolean;
  }
  const send = (id: string, from: HostRole, at: number, o: SendOpts): Flight => {
    const segment: Segment = {
      src: addr[from],
      dst: addr[peer[from]],
      seq: o.seq,
      ack: o.ack ?? 0,
      flags: flags(...o.bits),
      wnd: WINDOW,
      data: o.data ?? '',
    };
    const arrivesAt = at + (o.oneWay ?? ONE_WAY_MS);
    const flight: Flight = {
      id,
      from,
      segment,
      sentAt: at,
      arrivesAt,
      lostAt: o.lost ? at + (arrivesAt - at) * 0.55 : null,
      retransmission: o.retransmission ?? false,
      duplicateOf: null,
      reordered: o.reordered ?? false,
    };
    flights.push(flight);
    return flight;
  };
  const duplicate = (of: Flight, id: string, extraDelay: number): void =>
    void flights.push({ ...of, id, arrivesAt: (of.arrivesAt ?? of.sentAt) + extraDelay, duplicateOf: of.id });

  // Both ISNs come from each host's random generator in the real game; fixed here for the script.
  const c = 3_201_422_940;
  const s = 918_273_645;
  const request = 'GET / HTTP/1.1';
  const reply1 = 'HTTP/1.1 200 OK';
  const reply2 = 'hello';

  state('client', 0, 'CLOSED');
  state('server', 0, 'LISTEN');
  call('server', 0, 'call.listen', { port: 80 });

  // Handshake; the first SYN dies on the wire and the RTO fires (RFC 9293 §3.8.1, RFC 6298 §5).
  call('client', 200, 'call.connect', { remote: SERVER });
  state('client', 200, 'SYN-SENT');
  send('syn-1', 'client', 200, { bits: ['SYN'], seq: c, lost: true });
  timer('rto-c1', 'client', 'retransmission', 200, RTO_MS, null);
  send('syn-2', 'client', 1200, { bits: ['SYN'], seq: c, retransmission: true });
  timer('rto-c2', 'client', 'retransmission', 1200, 2 * RTO_MS, 2000);
  state('server', 1600, 'SYN-RECEIVED');
  const synAck = send('synack', 'server', 1600, { bits: ['SYN', 'ACK'], seq: s, ack: seqAdd(c, 1) });
  timer('rto-s1', 'server', 'retransmission', 1600, RTO_MS, 2400);
  state('client', 2000, 'ESTABLISHED');
  const c1 = seqAdd(c, 1);
  const s1 = seqAdd(s, segmentLength(synAck.segment));
  send('ack-hs', 'client', 2000, { bits: ['ACK'], seq: c1, ack: s1 });
  state('server', 2400, 'ESTABLISHED');

  // Data: the reply's two segments are reordered; the client's first ACK is a duplicate ACK.
  call('client', 2600, 'call.send', { data: request });
  send('req', 'client', 2600, { bits: ['ACK'], seq: c1, ack: s1, data: request });
  timer('rto-c3', 'client', 'retransmission', 2600, RTO_MS, 3400);
  const c2 = seqAdd(c1, request.length);
  call('server', 3000, 'call.send', { data: reply1 + ' ' + reply2 });
  send('rep-1', 'server', 3000, { bits: ['ACK'], seq: s1, ack: c2, data: reply1, oneWay: 500 });
  send('rep-2', 'server', 3050, { bits: ['ACK'], seq: seqAdd(s1, reply1.length), ack: c2, data: reply2, oneWay: 350, reordered: true });
  timer('rto-s2', 'server', 'retransmission', 3000, RTO_MS, 3900);
  send('dupack', 'client', 3400, { bits: ['ACK'], seq: c2, ack: s1 });
  const s2 = seqAdd(s1, reply1.length + reply2.length);
  const fullAck = send('ack-data', 'client', 3500, { bits: ['ACK'], seq: c2, ack: s2 });
  duplicate(fullAck, 'ack-data-copy', 550);

  // Teardown by the client (RFC 9293 §3.6): the first FIN's receiver goes to CLOSE-WAIT.
  call('client', 4400, 'call.close');
  state('client', 4400, 'FIN-WAIT-1');
  send('fin-c', 'client', 4400, { bits: ['FIN', 'ACK'], seq: c2, ack: s2 });
  timer('rto-c4', 'client', 'retransmission', 4400, RTO_MS, 5200);
  state('server', 4800, 'CLOSE-WAIT');
  const c3 = seqAdd(c2, 1);
  send('ack-fin-c', 'server', 4800, { bits: ['ACK'], seq: s2, ack: c3 });
  state('client', 5200, 'FIN-WAIT-2');
  call('server', 5600, 'call.close');
  state('server', 5600, 'LAST-ACK');
  send('fin-s', 'server', 5600, { bits: ['FIN', 'ACK'], seq: s2, ack: c3 });
  timer('rto-s3', 'server', 'retransmission', 5600, RTO_MS, 6400);
  state('client', 6000, 'TIME-WAIT');
  send('ack-fin-s', 'client', 6000, { bits: ['ACK'], seq: c3, ack: seqAdd(s2, 1) });
  timer('time-wait', 'client', 'time-wait', 6000, 2 * DEMO_MSL_MS, null);
  state('server', 6400, 'CLOSED');
  state('client', 6000 + 2 * DEMO_MSL_MS, 'CLOSED');

  flights.sort((a, b) => a.sentAt - b.sentAt);
  return {
    hosts: { client: { role: 'client', address: CLIENT }, server: { role: 'server', address: SERVER } },
    flights,
    states,
    timers,
    calls,
    duration: 6000 + 2 * DEMO_MSL_MS + 800,
    msl: DEMO_MSL_MS,
  };
}
