/**
 * A stress round for `npm run bench:client` (and `?stress=N` in the page): both hosts ESTABLISHED
 * and exchanging data nonstop, with a segment leaving every few milliseconds so that `concurrent`
 * flights are on the wire at any moment — some lost, retransmitted, duplicated or reordered, as on
 * a bad wire. Generated in the client from the shared types; no server involved.
 */
import { flags, type Segment } from '../../shared/tcp/segment.ts';
import { seqAdd } from '../../shared/tcp/seq.ts';
import type { Flight, HostRole, RoundLog, StateChange, TimerSpan } from '../model/view.ts';

const CLIENT = '10.0.0.2:49152';
const SERVER = '10.0.0.1:80';
const ONE_WAY_MS = 2400;

export function stressRound(concurrent: number, durationMs = 30_000): RoundLog {
  const n = Math.max(1, Math.min(500, Math.floor(concurrent)));
  const gap = ONE_WAY_MS / n;
  const addr: Record<HostRole, string> = { client: CLIENT, server: SERVER };
  const seq: Record<HostRole, number> = { client: 3_201_422_940, server: 918_273_645 };
  const flights: Flight[] = [];
  const timers: TimerSpan[] = [];
  const states: StateChange[] = [
    { host: 'client', at: 0, state: 'ESTABLISHED' },
    { host: 'server', at: 0, state: 'ESTABLISHED' },
  ];
  // Start with the wire already full: the first flights were sent before the round's time 0.
  for (let i = 0, at = -ONE_WAY_MS; at < durationMs - ONE_WAY_MS; i++, at += gap) {
    const from: HostRole = i % 2 === 0 ? 'client' : 'server';
    const to: HostRole = from === 'client' ? 'server' : 'client';
    const data = i % 3 === 0 ? '' : `chunk ${i}`;
    const segment: Segment = { src: addr[from], dst: addr[to], seq: seq[from], ack: seq[to], flags: flags('ACK'), wnd: 64_240, data };
    seq[from] = seqAdd(seq[from], data.length);
    const oneWay = ONE_WAY_MS * (0.85 + 0.3 * ((i * 37) % 11) / 10);
    const lost = i % 7 === 3;
    const flight: Flight = {
      id: `s${i}`,
      from,
      segment,
      sentAt: Math.max(0, at),
      arrivesAt: Math.max(0, at) + oneWay,
      lostAt: lost ? Math.max(0, at) + oneWay * 0.6 : null,
      retransmission: i % 7 === 5,
      duplicateOf: null,
      reordered: i % 11 === 4,
    };
    flights.push(flight);
    if (i % 9 === 2) flights.push({ ...flight, id: `s${i}-dup`, arrivesAt: Math.max(0, at) + oneWay + gap * 3, lostAt: null, duplicateOf: flight.id });
    if (lost) timers.push({ id: `rto${i}`, host: from, kind: 'retransmission', startedAt: flight.sentAt, expiresAt: flight.sentAt + 1000, cancelledAt: null });
  }
  flights.sort((a, b) => a.sentAt - b.sentAt);
  return {
    hosts: { client: { role: 'client', address: CLIENT }, server: { role: 'server', address: SERVER } },
    flights,
    states,
    timers,
    calls: [{ host: 'client', at: 0, key: 'call.send', params: { data: 'stress' } }],
    duration: durationMs,
    msl: 2000,
  };
}
