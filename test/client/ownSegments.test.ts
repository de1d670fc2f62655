/**
 * How the client draws a player's own segments during a live round, from what its host knows
 * (sent, acknowledged): never reaching the peer, waiting halfway for the ACK that covers them,
 * replaced by their retransmission; a pure ACK, which nothing acknowledges, fades once it has left.
 * The peer's segments are seen as they come in, from their arrival.
 */
import { describe, expect, it } from 'vitest';
import { layoutLadder } from '../../client/components/ladderLayout.ts';
import { ACKED_STAMP_MS, ARRIVAL_GLIMPSE_MS, DEPARTURE_MS, flightsOnWire, wireProgress } from '../../client/model/snapshot.ts';
import type { Flight, RoundLog } from '../../client/model/view.ts';
import { flags } from '../../shared/tcp/segment.ts';

const seg = (bits: Parameters<typeof flags>, seq: number, ack = 0) => ({ src: 'a', dst: 'b', seq, ack, flags: flags(...bits), wnd: 0, data: '' });
const own = (id: string, sentAt: number, bits: Parameters<typeof flags>, seq: number, ackedAt: number | null = null): Flight => ({
  id, from: 'client', segment: seg(bits, seq), sentAt, arrivesAt: null, lostAt: null, retransmission: false, duplicateOf: null, reordered: false,
  known: ackedAt === null ? 'sent' : 'acknowledged', ackedAt,
});
const log = (flights: Flight[]): RoundLog => ({ hosts: { client: { role: 'client', address: 'a' }, server: { role: 'server', address: 'b' } }, flights, states: [], timers: [], calls: [], duration: 5_000, msl: 0 });
const onWire = (l: RoundLog, t: number): string[] => flightsOnWire(l, t).map((f) => f.id);

describe('a player’s own segments, as its host knows them', () => {
  it('a SYN waits halfway for its ACK, its retransmission takes its place, and both go once the SYN-ACK acknowledges them', () => {
    const synAckAt = 1_600;
    const first = own('syn', 0, ['SYN'], 100, synAckAt);
    const again = { ...own('syn-again', 1_000, ['SYN'], 100, synAckAt), retransmission: true };
    const l = log([first, again]);
    expect(onWire(l, 500)).toEqual(['syn']);
    expect(wireProgress(first, 500)).toBe(0.5);
    expect(onWire(l, 1_200)).toEqual(['syn-again']);
    expect(onWire(l, synAckAt + ACKED_STAMP_MS - 1)).toEqual(['syn-again']);
    expect(onWire(l, synAckAt + ACKED_STAMP_MS)).toEqual([]);
  });

  it('never draws it reaching the peer: on the wire it stops halfway, in the flow graph its arrow too', () => {
    const syn = own('syn', 0, ['SYN'], 100);
    for (const t of [0, DEPARTURE_MS / 2, DEPARTURE_MS, 10_000]) expect(wireProgress(syn, t)).toBeLessThanOrEqual(0.5);
    const layout = layoutLadder(log([syn]), 10_000, 640);
    const arrow = layout.arrows[0]!;
    expect(arrow).toMatchObject({ pending: true, arrived: false, lost: false, awaitingAck: true, acked: false });
    const middle = (layout.axisX.client + layout.axisX.server) / 2;
    expect(arrow.x2).toBeCloseTo(middle, 5);
  });

  it('a pure ACK is never acknowledged: it leaves and fades', () => {
    const ack = own('ack', 0, ['ACK'], 101);
    const l = log([ack]);
    expect(onWire(l, DEPARTURE_MS)).toEqual(['ack']);
    expect(onWire(l, 5_000)).toEqual([]);
    expect(layoutLadder(l, 5_000, 640).arrows[0]).toMatchObject({ pending: true, awaitingAck: false, acked: false });
  });

  it('the peer’s segment is seen coming in from its arrival, not before', () => {
    const synAck: Flight = { id: 'sa', from: 'server', segment: seg(['SYN', 'ACK'], 500, 101), sentAt: 300, arrivesAt: 600, lostAt: null, retransmission: false, duplicateOf: null, reordered: false, known: 'received' };
    const l = log([synAck]);
    expect(onWire(l, 599)).toEqual([]);
    expect(onWire(l, 600)).toEqual(['sa']);
    expect(wireProgress(synAck, 600)).toBeGreaterThanOrEqual(0.8);
    expect(onWire(l, 600 + ARRIVAL_GLIMPSE_MS)).toEqual([]);
  });
});
