/**
 * The accept (full) queue levels, played by both hosts with the engine's answers, in the profile
 * each level names (linux) and in the other: what Linux 6.18 was observed doing, and what RFC 9293,
 * which has no accept queue, does instead.
 */
import { describe, expect, it } from 'vitest';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import type { Profile } from '../../shared/tcp/config.ts';

function play(scenarioId: string, profile?: Profile): Round {
  const settings: RoundSettings = { scenarioId, mode: 'coach', seed: 11, controllers: { client: 'human', server: 'human' }, personality: 'textbook', ...(profile ? { profile } : {}) };
  const c = createRound(settings);
  if (!c.ok) throw new Error(c.rejection.detail);
  return runToEnd(c.round);
}

const CLIENT_SOCKET = '10.0.0.2:49152';
/** The states of our client's connection on one side (not the other clients' connections). */
const path = (r: Round, side: 'client' | 'server'): string[] =>
  r.states.filter((s) => s.side === side && (s.conn === CLIENT_SOCKET || s.conn === '10.0.0.1:80')).map((s) => `${(s.at / 1000).toFixed(1)} ${s.to}`);

describe('accept-queue-full (linux): the queue is full when our client\'s last ACK arrives', () => {
  const r = play('accept-queue-full');

  it('is a linux level in which every decision of both hosts can be right', () => {
    expect(findScenario('accept-queue-full')?.profile).toBe('linux');
    expect(r.endReason).toBe('complete');
    for (const side of ['client', 'server'] as const) expect(r.hosts[side].correct).toBe(r.hosts[side].judged);
  });

  it('the client is ESTABLISHED at 0.6 s while the server stays SYN-RECEIVED until 3.9 s', () => {
    expect(path(r, 'client').slice(0, 2)).toEqual(['0.0 SYN-SENT', '0.6 ESTABLISHED']);
    expect(path(r, 'server')).toContain('0.3 SYN-RECEIVED');
    expect(path(r, 'server')).toContain('3.9 ESTABLISHED');
  });

  it('the server drops the handshake\'s last ACK and the ACK of each retransmitted SYN-ACK until accept() frees a slot', () => {
    const dropped = r.decisions.filter((d) => d.side === 'server' && d.expected.waitRule === 'open.accept-queue-full');
    expect(dropped.map((d) => d.at)).toEqual([900, 1_900]);
    for (const d of dropped) expect(d.expected).toMatchObject({ state: 'SYN-RECEIVED', segments: [] });
  });

  it('its SYN-ACK is retransmitted 1 s, then 2 s later, and the client ACKs each copy from ESTABLISHED', () => {
    const synAcks = r.flights.filter((f) => f.from === 'server' && f.segment.flags.SYN && f.segment.dst === CLIENT_SOCKET);
    expect(synAcks.map((f) => [f.sentAt, f.rule])).toEqual([[300, 'open.listen-syn-ack'], [1_300, 'timer.retransmit-syn-ack'], [3_300, 'timer.retransmit-syn-ack']]);
    const reAcks = r.decisions.filter((d) => d.side === 'client' && d.expected.segments[0]?.rule === 'seq.unacceptable-ack');
    expect(reAcks.map((d) => [d.at, d.expected.state])).toEqual([[1_600, 'ESTABLISHED'], [3_600, 'ESTABLISHED']]);
  });
});

describe('accept-queue-full under rfc9293: no accept queue', () => {
  it('the first ACK completes the handshake, nothing is retransmitted', () => {
    const r = play('accept-queue-full', 'rfc9293');
    expect(path(r, 'server')).toContain('0.9 ESTABLISHED');
    expect(r.flights.filter((f) => f.rule === 'timer.retransmit-syn-ack')).toEqual([]);
    expect(r.endReason).toBe('complete');
  });
});

describe('accept-queue-closed (linux): the listener closes before accept()', () => {
  const r = play('accept-queue-closed');

  it('the half-open connection dies with the listener, silently; the client\'s FIN is answered <SEQ=SEG.ACK><CTL=RST> and resets it', () => {
    const fin = r.flights.find((f) => f.from === 'client' && f.segment.flags.FIN)!;
    const rst = r.flights.find((f) => f.from === 'server' && f.segment.flags.RST && f.segment.dst === CLIENT_SOCKET)!;
    expect(rst.sentAt).toBe(fin.arrivesAt);
    expect(rst.segment.seq).toBe(fin.segment.ack);
    expect(rst.rule).toBe('closed.reset-reply');
    expect(r.states.filter((s) => s.side === 'client').map((s) => [s.to, s.rule]).at(-1)).toEqual(['CLOSED', 'reset.connection-reset']);
    expect(r.states.find((s) => s.side === 'server' && s.conn === CLIENT_SOCKET && s.to === 'CLOSED')?.rule).toBe('close.listen-close');
  });

  it('the other clients, established but never accepted, are reset when the listener closes', () => {
    const resets = r.flights.filter((f) => f.from === 'server' && f.rule === 'close.listen-close-reset');
    expect(resets.map((f) => f.segment.dst).sort()).toEqual(['10.0.0.3:50001', '10.0.0.4:50002']);
  });

  it('under rfc9293 the connection outlives the listener and closes in order', () => {
    const rfc = play('accept-queue-closed', 'rfc9293');
    expect(rfc.flights.some((f) => f.segment.flags.RST && f.from === 'server')).toBe(false);
    // The client closes 4 s after it is ESTABLISHED (0.6 s); its FIN arrives at 4.9 s.
    expect(path(rfc, 'server')).toEqual(expect.arrayContaining(['4.9 CLOSE-WAIT', '4.9 LAST-ACK', '5.5 CLOSED']));
    expect(rfc.endReason).toBe('complete');
  });
});
