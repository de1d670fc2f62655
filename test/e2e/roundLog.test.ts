/**
 * The client's reading of a room's RoundView (no browser): a real lost-SYN round made with the
 * shared game layer, seen by the client host's player, becomes the RoundLog the scenes draw.
 */
import { describe, expect, it } from 'vitest';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { roundView } from '../../shared/game/views.ts';
import { LiveRoundLog, roundLogOf } from '../../client/net/roundLog.ts';
import { composerContextOf, moveOf, retransmission, seqHelpers } from '../../client/net/decision.ts';
import { nextEventAt, stepRound } from '../../shared/game/round.ts';
import type { Round } from '../../shared/game/types.ts';

function lostSynRound(): Round {
  const created = createRound({ scenarioId: 'lost-syn', mode: 'consequences', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

describe('RoundView → RoundLog', () => {
  it('after the round: both hosts, the lost SYN, its retransmission, every state from CLOSED', () => {
    const log = roundLogOf(roundView(runToEnd(lostSynRound()), 'client'));
    expect(log.hosts.client.address).toBe('10.0.0.2:49152');
    expect(log.hosts.server.address).toBe('10.0.0.1:80');
    const [first, second] = log.flights;
    expect(first?.lostAt).not.toBeNull();
    expect(first?.segment.flags.SYN).toBe(true);
    expect(second?.retransmission).toBe(true);
    expect(second?.segment.seq).toBe(first?.segment.seq);
    expect(log.states.filter((s) => s.host === 'client').map((s) => s.state)).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
    expect(log.states.filter((s) => s.host === 'server').map((s) => s.state)).toEqual(['CLOSED', 'LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
  });

  it('during the round: the peer stays hidden, timers get a start, helpers come from the host’s own TCB', () => {
    let round = lostSynRound();
    const live = new LiveRoundLog();
    // Answer the client's connect() and the server's listen() correctly, then let the SYN be lost.
    round = runToEnd(round, undefined, 2);
    for (let i = 0; i < 6 && !round.hosts.client.decision; i++) {
      const r = stepRound(round, { kind: 'advance', at: nextEventAt(round) ?? round.now });
      if (r.ok) round = r.round;
      live.update(roundView(round, 'client'));
    }
    const view = roundView(round, 'client');
    const log = live.update(view);
    expect(view.hosts.server.state).toBeNull();
    expect(log.states.every((s) => s.host === 'client')).toBe(true);
    expect(view.decision?.prompt.kind).toBe('timer-expired');
    const syn = view.flights[0]!;
    expect(seqHelpers(view.decision)).toContainEqual({ name: 'SND.NXT', value: syn.seq + 1 });
    expect(retransmission(view.decision)).toMatchObject({ seq: syn.seq, flags: { SYN: true, ACK: false } });
    const ctx = composerContextOf(view);
    expect(ctx?.retransmitReady).toBe(true);
    const move = moveOf({ kind: 'retransmit', newState: null, flags: { SYN: false, ACK: false, FIN: false, RST: false }, seq: null, ack: null, data: '', queued: [] }, view);
    expect(move).toEqual({ state: 'SYN-SENT', segments: [{ flags: { SYN: true, ACK: false, FIN: false, RST: false }, seq: syn.seq, ack: 0, data: '' }] });
  });

  it('data sent after a pure ACK from the same SND.NXT is new data, not a retransmission; a resent SYN is one', () => {
    const created = createRound({ scenarioId: 'isn-random', mode: 'consequences', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    const log = roundLogOf(roundView(runToEnd(created.round), 'client'));
    // The server acknowledges, then sends "200 OK" from the same sequence number.
    const reply = log.flights.find((f) => f.from === 'server' && f.segment.data === '200 OK');
    expect(log.flights.some((f) => f.from === 'server' && f.segment.data === '' && f.segment.seq === reply?.segment.seq && f.sentAt < (reply?.sentAt ?? 0))).toBe(true);
    expect(reply?.retransmission).toBe(false);
    expect(log.flights.filter((f) => f.retransmission)).toEqual([]);
    const lost = roundLogOf(roundView(runToEnd(lostSynRound()), 'client'));
    expect(lost.flights.filter((f) => f.retransmission).map((f) => f.segment.flags.SYN)).toEqual([true]);
  });
});
