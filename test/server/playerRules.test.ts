/**
 * What a player's message may do in a round room, ruled as data (server/rooms/playerRules.ts):
 * the rooms' tests drive these through real clients; here each rule reads on its own, from a
 * handshake round whose client host (the human) has connect() to answer.
 */
import { describe, expect, it } from 'vitest';
import { stepRound } from '../../shared/game/round.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import type { Round } from '../../shared/game/types.ts';
import { actRuling, hintRuling, nudgeRuling, NUDGE_EVERY_MS, quizRuling, rematchRuling } from '../../server/rooms/playerRules.ts';
import { startRound } from '../game/play.ts';

/** A practice round of the handshake, the client host's first decision open (connect()). */
function clientDeciding(): Round {
  const stepped = stepRound(startRound('handshake', 'client'), { kind: 'advance', at: 0 });
  if (!stepped.ok) throw new Error(stepped.rejection.detail);
  expect(stepped.round.hosts.client.decision).not.toBeNull();
  return stepped.round;
}

describe('acting in the round', () => {
  it('a spectator, a player before the round, after it, or whose host a bot plays, is refused with its reason', () => {
    const round = clientDeciding();
    expect(actRuling('spectator', round, 'playing')).toMatchObject({ ok: false, code: 'not_a_player' });
    expect(actRuling(undefined, round, 'playing')).toMatchObject({ ok: false, code: 'not_a_player' });
    expect(actRuling('client', null, 'waiting')).toMatchObject({ ok: false, code: 'not_playing' });
    expect(actRuling('client', { ...round, finished: true }, 'finished')).toMatchObject({ ok: false, code: 'round_over' });
    expect(actRuling('server', round, 'playing')).toMatchObject({ ok: false, code: 'not_your_decision' });
    expect(actRuling('client', round, 'playing')).toEqual({ ok: true, value: 'client' });
  });
});

describe('a hint', () => {
  it('is for practice rooms, and for an open decision only', () => {
    const round = clientDeciding();
    expect(hintRuling('duel', round, 'client')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(hintRuling('practice', round, 'server')).toMatchObject({ ok: false, code: 'not_your_decision' });
    const decisionId = round.hosts.client.decision!.id;
    expect(hintRuling('practice', round, 'client')).toEqual({ ok: true, value: { decisionId, again: null } });
  });

  it('shown already (and paid for) is shown again, and nothing new happens in the round', () => {
    const round = clientDeciding();
    const decisionId = round.hosts.client.decision!.id;
    const revealed = stepRound(round, { kind: 'reveal', at: 0, side: 'client', decisionId });
    if (!revealed.ok) throw new Error(revealed.rejection.detail);
    const ruling = hintRuling('practice', revealed.round, 'client');
    expect(ruling.ok && ruling.value.again).toMatchObject({ decisionId, reason: 'asked' });
  });
});

describe('the quiz after the round', () => {
  const scenario = findScenario('handshake')!;
  const card = scenario.quiz[0]!;

  it('is for players, after the round, one answer a card, among its choices', () => {
    expect(quizRuling('spectator', 'finished', scenario, undefined, card.id, 0)).toMatchObject({ ok: false, code: 'not_a_player' });
    expect(quizRuling('client', 'playing', scenario, undefined, card.id, 0)).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(quizRuling('client', 'finished', scenario, undefined, 'no-such-card', 0)).toMatchObject({ ok: false, code: 'unknown_card' });
    expect(quizRuling('client', 'finished', scenario, undefined, card.id, card.choices.length)).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(quizRuling('client', 'finished', scenario, new Set([card.id]), card.id, 0)).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(quizRuling('client', 'finished', scenario, new Set(), card.id, 0)).toEqual({ ok: true, value: { side: 'client', card } });
  });
});

describe('the next round', () => {
  it('is asked for by a player once this one is over', () => {
    expect(rematchRuling('spectator', 'finished')).toMatchObject({ ok: false, code: 'not_a_player' });
    expect(rematchRuling('server', 'playing')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(rematchRuling('server', 'finished')).toEqual({ ok: true, value: 'server' });
  });
});

describe('a nudge', () => {
  it('needs a room that takes turns, a player with nothing to decide, and a human deciding across', () => {
    const round = clientDeciding();
    expect(nudgeRuling(round, 'client', false, undefined, 0)).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(nudgeRuling(round, 'client', true, undefined, 0)).toMatchObject({ ok: false, code: 'not_allowed', why: { code: 'nudge_your_move', message: expect.stringContaining('your move') } });
    const answered: Round = { ...round, hosts: { ...round.hosts, client: { ...round.hosts.client, decision: null } } };
    expect(nudgeRuling(answered, 'server', true, undefined, 0)).toMatchObject({ ok: false, code: 'not_allowed', why: { code: 'nudge_nobody_deciding', message: expect.stringContaining('Nobody is deciding') } });
  });

  it('goes to the human deciding across, once a few seconds', () => {
    const duel = clientDeciding();
    const both: Round = { ...duel, hosts: { ...duel.hosts, server: { ...duel.hosts.server, controller: 'human' } } };
    expect(nudgeRuling(both, 'server', true, undefined, 10_000)).toEqual({ ok: true, value: 'client' });
    expect(nudgeRuling(both, 'server', true, 10_000, 10_000 + NUDGE_EVERY_MS - 1)).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(nudgeRuling(both, 'server', true, 10_000, 10_000 + NUDGE_EVERY_MS)).toEqual({ ok: true, value: 'client' });
  });
});
