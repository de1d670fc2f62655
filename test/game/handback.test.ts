/**
 * A host changing hands mid-round, as round events: the bot takes a host over from a player who is
 * gone (takeover) and hands it back when they return (handback). Both are in the log, so a replay
 * (and crash recovery, which replays the stored log) gives the same round; the round keeps the
 * state each change of hands happened in (Round.handovers).
 */
import { describe, expect, it } from 'vitest';
import { hintFor, nextEventAt, replayRound, stepRound } from '../../shared/game/round.ts';
import { playedState } from '../../shared/game/views.ts';
import type { Round, RoundEvent } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { startRound } from './play.ts';

function step(r: Round, event: RoundEvent): Round {
  const res = stepRound(r, event);
  if (!res.ok) throw new Error(res.rejection.detail);
  return res.round;
}

/** Both hosts played by people with right moves, until `side` has made `decisions` decisions (by anyone) or the round ends. */
function playUntil(r: Round, side: Side, decisions: number): Round {
  for (let i = 0; i < 300 && !r.finished && r.decisions.filter((d) => d.side === side).length < decisions; i++) {
    const deciding = (['client', 'server'] as const).find((s) => r.hosts[s].decision);
    if (deciding) r = step(r, { kind: 'move', at: r.now, side: deciding, decisionId: r.hosts[deciding].decision!.id, move: hintFor(r, deciding)! });
    else r = step(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 1_000 });
  }
  return r;
}

const twoPeople = () => startRound('handshake', 'client', { controllers: { client: 'human', server: 'human' }, mode: 'consequences' });

describe('the bot hands a host back to the player it took it over from', () => {
  it('at the host’s state now: the bot’s answers meanwhile stand and score nothing, and the host’s next decision is the player’s', () => {
    // Ada (client) sends her SYN, then is gone: the bot plays her host from SYN-SENT.
    let r = playUntil(twoPeople(), 'client', 1);
    const leftIn = playedState(r, r.hosts.client);
    expect(leftIn).toBe('SYN-SENT');
    const scoreWhenLeft = r.hosts.client.score;
    r = step(r, { kind: 'takeover', at: r.now, side: 'client' });
    // Bob answers with his SYN-ACK; the bot answers it for Ada (the ACK) and her host is ESTABLISHED.
    r = playUntil(r, 'client', 2);
    expect(r.decisions.filter((d) => d.side === 'client').map((d) => d.by)).toEqual(['human', 'bot']);
    expect(playedState(r, r.hosts.client)).toBe('ESTABLISHED');
    expect(r.hosts.client.score, 'the bot scores nothing for her').toBe(scoreWhenLeft);

    // She is back: the host is hers again, as it is.
    const back = stepRound(r, { kind: 'handback', at: r.now, side: 'client' });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    r = back.round;
    expect(r.hosts.client.controller).toBe('human');
    expect(playedState(r, r.hosts.client)).toBe('ESTABLISHED');
    expect(r.handovers).toEqual([
      { at: expect.any(Number), side: 'client', to: 'bot', state: 'SYN-SENT' },
      { at: r.now, side: 'client', to: 'human', state: 'ESTABLISHED' },
    ]);
    // Her next decision (her application's close, then what the peer sends) is hers to make, and scores for her.
    r = playUntil(r, 'client', 3);
    const third = r.decisions.filter((d) => d.side === 'client')[2];
    expect(third?.by).toBe('human');
    expect(r.hosts.client.score).toBeGreaterThan(scoreWhenLeft);
  });

  it('is in the log: the replay of the log is the live round, changes of hands and all', () => {
    let r = playUntil(twoPeople(), 'client', 1);
    r = step(r, { kind: 'takeover', at: r.now, side: 'client' });
    r = playUntil(r, 'client', 2);
    r = step(r, { kind: 'handback', at: r.now, side: 'client' });
    r = playUntil(r, 'client', 4);
    expect(r.log.map((e) => e.kind)).toContain('handback');
    expect(replayRound(r.settings, r.log)).toEqual(r);
  });

  it('refuses what is not the bot’s to hand back: a host its player still plays, the bot’s own host, a round over', () => {
    const r = playUntil(twoPeople(), 'client', 1);
    const own = stepRound(r, { kind: 'handback', at: r.now, side: 'client' });
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.rejection.code).toBe('not-your-decision');
    // The odd student's partner: a bot from the start, played for nobody.
    const practice = startRound('handshake', 'client');
    const bots = stepRound(practice, { kind: 'handback', at: 0, side: 'server' });
    expect(bots.ok).toBe(false);
    const stopped = step(step(r, { kind: 'takeover', at: r.now, side: 'client' }), { kind: 'stop', at: r.now });
    const late = stepRound(stopped, { kind: 'handback', at: stopped.now, side: 'client' });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.rejection.code).toBe('round-over');
  });
});
