/**
 * A player's view holds what its host could know (RFC 9293 §3.8.1: a sender learns that a segment
 * got through only from an ACK that covers it, and learns of a loss only by the silence after it).
 * Two rounds of the handshake that differ only in the wire (one drops the client's SYN) must look
 * the same to the client until something comes back; the server being asked to decide is
 * invisible to the client; the SYN becomes "acknowledged" when the SYN-ACK arrives; the peer's
 * score reaches a player with the peer's next segment.
 */
import { describe, expect, it } from 'vitest';
import { createRound, hintFor, stepRound } from '../../shared/game/round.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round, RoundEvent } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const dropFirstSyn = [{ action: 'drop' as const, from: 'client' as const, withFlags: ['SYN' as const], exact: true, count: 1 }];

function duel(dropSyn: boolean): Round {
  const created = createRound({ scenarioId: 'handshake', mode: 'consequences', seed: 11, controllers: { client: 'human', server: 'human' }, personality: 'textbook', faults: dropSyn ? dropFirstSyn : [] });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

function step(round: Round, event: RoundEvent): Round {
  const r = stepRound(round, event);
  if (!r.ok) throw new Error(r.rejection.detail);
  return r.round;
}

/** The side answers its open decision as a correct TCP would (or with `change` applied). */
function answer(round: Round, side: Side, change: (m: Move) => Move = (m) => m): Round {
  const d = round.hosts[side].decision;
  const move = hintFor(round, side);
  if (!d || !move) throw new Error(`${side} has nothing to decide`);
  return step(round, { kind: 'move', at: round.now, side, decisionId: d.id, move: change(move) });
}

/** Both hosts started: the client has sent its SYN (connect()), the server listens. */
function synSent(dropSyn: boolean): Round {
  let r = step(duel(dropSyn), { kind: 'advance', at: 0 });
  r = answer(r, 'client');
  return answer(r, 'server');
}

describe('what the client host knows of its SYN (SYN-SENT)', () => {
  it('cannot tell a SYN the wire lost from one that reached the server: its view is the same until something comes back', () => {
    const lost = step(synSent(true), { kind: 'advance', at: 900 });
    const arrived = step(synSent(false), { kind: 'advance', at: 900 });
    // The wire did differ, and the server is deciding in one round only.
    expect(lost.flights[0]?.fate).toBe('lost');
    expect(arrived.flights[0]?.fate).toBe('arrived');
    expect(arrived.hosts.server.decision).not.toBeNull();
    expect(lost.hosts.server.decision).toBeNull();
    expect(roundView(lost, 'client')).toEqual(roundView(arrived, 'client'));
    const syn = roundView(lost, 'client').flights[0]!;
    expect(syn).toMatchObject({ fate: 'sent', arrivesAt: null, lostAt: null, ackedAt: null });
  });

  it('does not see the server asked to decide: its view is the same just before and just after the SYN arrives', () => {
    const r = synSent(false);
    const arrivesAt = r.flights[0]!.arrivesAt;
    const before = step(r, { kind: 'advance', at: arrivesAt - 1 });
    const after = step(before, { kind: 'advance', at: arrivesAt });
    expect(before.hosts.server.decision).toBeNull();
    expect(after.hosts.server.decision).not.toBeNull();
    expect(roundView(after, 'client')).toEqual(roundView(before, 'client'));
  });

  it('learns that its SYN got through when the SYN-ACK that acknowledges it arrives', () => {
    let r = step(synSent(false), { kind: 'advance', at: 300 });
    r = answer(r, 'server');
    const synAck = r.flights.find((f) => f.from === 'server')!;
    r = step(r, { kind: 'advance', at: synAck.arrivesAt });
    const view = roundView(r, 'client');
    expect(view.flights.map((f) => [f.from, f.fate, f.ackedAt])).toEqual([
      ['client', 'acknowledged', synAck.arrivesAt],
      ['server', 'arrived', null],
    ]);
    // Numbered as the client learned of them: its SYN, then the SYN-ACK.
    expect(view.flights.map((f) => f.id)).toEqual([1, 2]);
  });

  it('does not take its SYN as acknowledged from a bare ACK: SYN-SENT drops a segment with an ACK and no SYN (RFC 9293 §3.10.7.3)', () => {
    let r = step(synSent(false), { kind: 'advance', at: 300 });
    // The server answers with the SYN-ACK's ACK alone: its ack covers the client's SYN.
    r = answer(r, 'server', (m) => ({ ...m, segments: m.segments.map((seg) => ({ ...seg, flags: { ...seg.flags, SYN: false } })) }));
    const ack = r.flights.find((f) => f.from === 'server')!;
    expect(ack.segment.flags).toMatchObject({ SYN: false, ACK: true });
    expect(ack.segment.ack).toBe(r.flights[0]!.segment.seq + 1);
    r = step(r, { kind: 'advance', at: ack.arrivesAt });
    expect(r.flights.find((f) => f.id === ack.id)?.fate).toBe('arrived');
    const syn = roundView(r, 'client').flights.find((f) => f.from === 'client')!;
    expect(syn).toMatchObject({ fate: 'sent', ackedAt: null });
  });

  it('hears of the server player’s score only with the server’s next segment', () => {
    let r = step(synSent(false), { kind: 'advance', at: 300 });
    const judged = r.hosts.server.judged;
    // The server answers the SYN with the right segment but names the wrong state.
    r = answer(r, 'server', (m) => ({ ...m, state: 'ESTABLISHED' }));
    expect(r.hosts.server.judged).toBe(judged + 1);
    // Nothing of the server's has reached the client yet: it knows no totals at all.
    expect(roundView(r, 'client').hosts.server).toMatchObject({ score: 0, judged: 0, correct: 0 });
    const synAck = r.flights.find((f) => f.from === 'server')!;
    r = step(r, { kind: 'advance', at: synAck.arrivesAt });
    expect(roundView(r, 'client').hosts.server).toMatchObject({ judged: judged + 1, correct: r.hosts.server.correct, score: r.hosts.server.score });
  });
});

describe('what the client host knows during a SYN flood (SYN-SENT)', () => {
  it('never sees the server’s SYN-ACKs to the forged sources: they cross the wire but are not addressed to it', () => {
    let views = 0;
    let toOthers = 0;
    const played = playAgainstBot(startRound('syn-flood', 'client'), 'client', (round) => {
      views++;
      toOthers += roundView(round, 'client').flights.filter((f) => f.from === 'server' && !f.dst?.startsWith(`${round.hosts.client.host.address}:`)).length;
    });
    // The flood did answer the forged sources, on the same wire.
    expect(played.flights.some((f) => f.from === 'server' && f.segment.flags.SYN && f.segment.flags.ACK && !f.segment.dst.startsWith(`${played.hosts.client.host.address}:`))).toBe(true);
    expect(views).toBeGreaterThan(0);
    expect(toOthers).toBe(0);
  });
});

describe('what the server host knows during a SYN flood (SYN-RECEIVED)', () => {
  it('a SYN-ACK to a forged source is never acknowledged by the real client’s ACK: that is another connection', () => {
    let forgedAcked = 0;
    let realAcked = 0;
    playAgainstBot(startRound('syn-flood', 'server'), 'server', (round) => {
      const client = `${round.hosts.client.host.address}:`;
      for (const f of roundView(round, 'server').flights) {
        if (f.from !== 'server' || f.fate !== 'acknowledged' || !f.flags.SYN) continue;
        if (f.dst?.startsWith(client)) realAcked++;
        else forgedAcked++;
      }
    });
    expect(realAcked).toBeGreaterThan(0);
    expect(forgedAcked).toBe(0);
  });
});

describe('what the server host knows with a full accept queue (Linux, SYN-RECEIVED)', () => {
  it('a SYN-ACK whose ACK it dropped is still unacknowledged: the view never says "acknowledged" beside a timer resending it', () => {
    let checked = 0;
    playAgainstBot(startRound('accept-queue-full', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'timer-expired' || p.timer?.kind !== 'retransmission' || !p.timer.segment.flags.SYN) return;
      const resent = p.timer.segment;
      const same = view.flights.filter((f) => f.from === 'server' && f.seq === resent.seq && f.flags.SYN);
      // An ACK of it did arrive (the one the full queue dropped)...
      expect(round.flights.some((f) => f.from === 'client' && f.fate === 'arrived' && f.segment.flags.ACK && f.segment.ack === resent.seq + 1)).toBe(true);
      // ...but the TCP did not take it, so the graph says what the prompt says.
      expect(same.length).toBeGreaterThan(0);
      expect(same.map((f) => f.fate)).not.toContain('acknowledged');
      checked++;
    });
    expect(checked).toBeGreaterThan(0);
  });
});
