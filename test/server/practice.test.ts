/**
 * One human against a bot: practice in coach and consequences mode, several scenarios and bot
 * personalities, hints, hostile messages of every type, spectators; challenges and their
 * leaderboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import type { RoundView } from '../../shared/game/views.ts';
import { readView, sameJson } from '../../shared/game/viewEntries.ts';
import { bootGame, correctAnswer, currentView, Player, playRound, serverRoom, until, type GameBooted } from './gameHarness.ts';
import type { ChallengeResult } from '../../server/rooms/ChallengeRoom.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame({}, { messageLimits: { ratePerSecond: 10, burst: 30, hardMaxPerSecond: 100, maxBytes: 2048 } });
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

const practice = (options: Record<string, unknown>) => Player.join(booted, (c) => c.create('practice', options));

/** A segment with only ACK on, sent instead of a SYN: a listener answers it with RST. */
const stray: Move = { state: 'SYN-SENT', segments: [{ flags: { SYN: false, ACK: true, FIN: false, RST: false }, seq: 1000, ack: 777, data: '' }] };

describe('practice against a bot', () => {
  const cases: [string, string, string][] = [
    ['handshake', 'client', 'textbook'],
    ['handshake', 'server', 'textbook'],
    ['data-on-third', 'client', 'textbook'],
    ['lost-syn-ack', 'server', 'textbook'],
    ['active-close-client', 'client', 'forgetful'],
    ['active-close-server', 'server', 'rude'],
    ['lost-final-ack', 'client', 'textbook'],
    ['simultaneous-close', 'server', 'textbook'],
    ['connection-refused', 'client', 'textbook'],
    ['half-open', 'client', 'textbook'],
    ['syn-flood', 'server', 'flooder'],
  ];
  for (const [scenarioId, role, personality] of cases) {
    it(`${scenarioId} as the ${role} against the ${personality} bot: every correct move is accepted and the round ends`, async () => {
      const player = await practice({ scenarioId, role, personality, mode: 'coach', name: 'Pat' });
      expect(player.side).toBe(role);
      const room = serverRoom(booted, player);
      await playRound(room, [player], (p, _v, r) => correctAnswer(r, p.side!));
      const round = room.round!;
      expect(round.finished).toBe(true);
      const human = round.decisions.filter((d) => d.by === 'human');
      expect(human.every((d) => d.verdict.correct)).toBe(true);
      expect(round.hosts[player.side!].judged).toBe(human.length);
      expect(booted.store.getRound(room.state.roundId)?.outcome).toBe(round.endReason);
      await player.room.leave();
    });
  }

  it('coach mode refuses a wrong move: nothing goes on the wire, the player tries again', async () => {
    const player = await practice({ scenarioId: 'handshake', role: 'client', mode: 'coach' });
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision !== null && player.view()?.decision !== undefined, 'decision');
    const decision = player.view()!.decision!;
    player.room.send('move', { decisionId: decision.id, move: stray });
    await until(() => player.of('refused').length === 1, 'refused');
    const refused = player.of('refused')[0] as { accepted: boolean; verdict: { correct: boolean; fields: { ok: boolean; expected: string; rule: string }[] } };
    expect(refused.accepted).toBe(false);
    expect(refused.verdict.correct).toBe(false);
    // The rule is named, the answer is not given away.
    expect(refused.verdict.fields.filter((f) => !f.ok).every((f) => f.rule.length > 0 && f.expected === '')).toBe(true);
    expect(room.round!.flights.filter((f) => f.from === 'client')).toEqual([]);
    await until(() => player.view()?.decision?.attempts === 1, 'attempt counted');
    // The hint, then the right move is accepted (scored on the first attempt).
    player.room.send('hint', {});
    await until(() => player.of('hint').length === 1, 'hint');
    const hint = player.of('hint')[0] as { decisionId: number; move: Move };
    expect(hint.decisionId).toBe(decision.id);
    player.room.send('move', { decisionId: decision.id, move: hint.move });
    await until(() => player.of('verdict').length === 1, 'verdict');
    expect(room.round!.flights.filter((f) => f.from === 'client').map((f) => f.segment.flags.SYN)).toEqual([true]);
    expect(room.round!.hosts.client.streak).toBe(0);
    await player.room.leave();
  });

  it('consequences mode sends the same wrong move and the bot reacts to it with RST', async () => {
    const player = await practice({ scenarioId: 'handshake', role: 'client', mode: 'consequences' });
    const room = serverRoom(booted, player);
    await until(() => !!player.view()?.decision, 'decision');
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: stray });
    await until(() => player.of('verdict').length === 1, 'verdict');
    expect((player.of('verdict')[0] as { accepted: boolean; verdict: { correct: boolean } }).verdict.correct).toBe(false);
    const sent = room.round!.flights.filter((f) => f.from === 'client');
    expect(sent.map((f) => [f.segment.flags.ACK, f.segment.ack])).toEqual([[true, 777]]);
    for (let i = 0; i < 20 && !room.round!.flights.some((f) => f.from === 'server'); i++) room.advanceClock(200);
    const reply = room.round!.flights.find((f) => f.from === 'server')!;
    expect(reply.segment.flags.RST).toBe(true);
    expect(reply.segment.seq).toBe(777); // RFC 9293: <SEQ=SEG.ACK><CTL=RST>
    await player.room.leave();
  });

  it('practice time stands still while the player thinks', async () => {
    const player = await practice({ scenarioId: 'lost-syn', role: 'client' });
    const room = serverRoom(booted, player);
    await until(() => !!player.view()?.decision, 'decision');
    const before = room.clockNow;
    for (let i = 0; i < 10; i++) room.advanceClock(1_000);
    expect(room.clockNow).toBe(before);
    await until(() => player.room.state.speed === 0, 'paused shown');
    await player.room.leave();
  });

  it('a slow tick (seconds of engine time at once, as on a busy server) stops where the player\'s decision opens: the bot\'s timers do not fire while the world waits', async () => {
    const player = await practice({ scenarioId: 'handshake', role: 'server', mode: 'coach' });
    const room = serverRoom(booted, player);
    const answerAfterSlowTick = async (expectedFlags: string): Promise<number> => {
      const before = player.view()?.decision?.id ?? -1;
      room.advanceClock(20_000); // 10 s of engine time in one tick: past the client's 1 s RTO
      await until(() => (player.view()?.decision?.id ?? -1) > before, 'next decision');
      const d = player.view()!.decision!;
      expect(d.prompt.kind === 'segment-arrived' && Object.entries(d.prompt.flags).filter(([, on]) => on).map(([f]) => f).join(',')).toBe(expectedFlags);
      expect(room.clockNow).toBe(room.round!.now);
      const before2 = room.round!.log.length;
      player.room.send('move', { decisionId: d.id, move: correctAnswer(room, 'server')! });
      await until(() => room.round!.log.length > before2, 'move handled');
      return d.at;
    };
    await until(() => !!player.view()?.decision, 'listen()');
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: correctAnswer(room, 'server')! });
    await until(() => room.round!.hosts.server.decision === null, 'listening');
    await answerAfterSlowTick('SYN');
    const ackArrived = await answerAfterSlowTick('ACK');
    // One SYN, one SYN-ACK, one ACK by then (the client's close comes 400 ms after its ESTABLISHED):
    // nobody retransmitted while the player was deciding.
    const sent = room.round!.flights.filter((f) => f.sentAt <= ackArrived);
    expect(sent.map((f) => `${f.from}:${Object.entries(f.segment.flags).filter(([, on]) => on).map(([k]) => k).join(',')}`)).toEqual(['client:SYN', 'server:SYN,ACK', 'client:ACK']);
    await player.room.leave();
  });

  it('refuses hostile and malformed messages of every type with an error; state unchanged, the room goes on', async () => {
    const player = await practice({ scenarioId: 'handshake', role: 'client', mode: 'coach' });
    const room = serverRoom(booted, player);
    await until(() => !!player.view()?.decision, 'decision');
    const id = player.view()!.decision!.id;
    const logBefore = JSON.stringify(room.round!.log);
    const send = player.room.send.bind(player.room) as (type: string, message?: unknown) => void;
    const segment = { flags: { SYN: true, ACK: false, FIN: false, RST: false }, seq: 1, ack: 0, data: '' };
    const bad: [string, unknown, string][] = [
      ['teleport', { to: 'ESTABLISHED' }, 'unknown_type'],
      ['move', undefined, 'invalid_message'],
      ['move', 'SYN', 'invalid_message'],
      ['move', [], 'invalid_message'],
      ['move', {}, 'invalid_message'],
      ['move', { decisionId: -1, move: { state: 'SYN-SENT', segments: [] } }, 'invalid_message'],
      ['move', { decisionId: id, move: { state: 'SYN-SENDING', segments: [] } }, 'invalid_message'],
      ['move', { decisionId: id, move: { state: 'SYN-SENT', segments: [{ ...segment, seq: 2 ** 32 }] } }, 'invalid_message'],
      ['move', { decisionId: id, move: { state: 'SYN-SENT', segments: [{ ...segment, flags: { SYN: 'yes' } }] } }, 'invalid_message'],
      ['move', { decisionId: id, move: { state: 'SYN-SENT', segments: [segment, segment, segment, segment, segment] } }, 'invalid_message'],
      // A segment with no control bit and no data is no TCP's choice (nothing to send is a Wait): not judged.
      ['move', { decisionId: id, move: { state: 'SYN-SENT', segments: [{ ...segment, flags: { SYN: false, ACK: false, FIN: false, RST: false } }] } }, 'invalid_message'],
      ['move', { decisionId: id, side: 'server', move: { state: 'SYN-SENT', segments: [] } }, 'invalid_message'],
      ['move', { decisionId: id, move: { state: 'SYN-SENT', segments: [{ ...segment, data: 'x'.repeat(3_000) }] } }, 'too_large'],
      ['move', { decisionId: id + 50, move: { state: 'SYN-SENT', segments: [] } }, 'stale_decision'],
      ['hint', { please: true }, 'invalid_message'],
      ['resign', 'now', 'invalid_message'],
      ['quiz', { cardId: '', choice: 1 }, 'invalid_message'],
      ['quiz', { cardId: 'q1', choice: 1.5 }, 'invalid_message'],
      ['quiz', { cardId: 'q1', choice: 0 }, 'not_allowed'],
      ['rematch', {}, 'not_allowed'],
      ['swap', { roles: 'both' }, 'invalid_message'],
      ['swap', {}, 'not_allowed'],
    ];
    for (const [type, message, code] of bad) {
      const before = player.errors().length;
      send(type, message);
      await until(() => player.errors().length === before + 1, `error for ${type} ${JSON.stringify(message)?.slice(0, 60)}`);
      expect([type, player.errors().at(-1)!.code]).toEqual([type, code]);
    }
    expect(JSON.stringify(room.round!.log)).toBe(logBefore);
    expect(player.view()!.decision!.id).toBe(id);

    // Too many per second: refused, not disconnected.
    const before = player.errors().length;
    for (let i = 0; i < 40; i++) send('hint', {});
    await until(() => player.errors().length > before && player.of('hint').length + player.errors().length - before === 40, 'all 40 answered');
    expect(player.errors().slice(before).some((e) => e.code === 'rate_limited')).toBe(true);
    expect(room.clients.length).toBe(1);

    // Still playing: the right move is accepted.
    // (the bucket refills at 10 per second: retry until the move gets through)
    for (let i = 0; i < 100 && player.of('verdict').length === 0; i++) {
      const errors = player.errors().length;
      player.room.send('move', { decisionId: id, move: correctAnswer(room, 'client')! });
      await until(() => player.of('verdict').length === 1 || player.errors().length > errors, 'move answered');
    }
    expect(player.of('verdict').length).toBe(1);
    expect(player.errors().every((e) => e.code !== 'internal_error')).toBe(true);
    await player.room.leave();
  });

  it('resigning ends the round and it is saved; a spectator with the token sees both hosts and cannot act', async () => {
    const player = await practice({ scenarioId: 'active-close-client', role: 'server', mode: 'consequences', personality: 'rude' });
    const room = serverRoom(booted, player);
    await expect(new (await import('@colyseus/sdk')).Client(booted.baseUrl).joinById(room.roomId, { spectatorToken: 'guess' })).rejects.toThrow();
    const spectator = await Player.join(booted, (c) => c.joinById(room.roomId, { spectatorToken: room.spectatorToken }));
    expect(spectator.side).toBe(null);
    await playRound(room, [player], (p, view, r) => (view.hosts.server.state === 'ESTABLISHED' ? null : correctAnswer(r, p.side!)), 40);
    await until(() => sameJson(readView(spectator.room.state.spectator?.entries), currentView(room, null)), 'spectator synced');
    const all = readView<RoundView>(spectator.room.state.spectator.entries)!;
    expect(all.hosts.client.state).not.toBeNull();
    expect(all.hosts.server.state).not.toBeNull();
    expect(readView(spectator.room.state.views.get('server')?.entries)).toBeNull();
    expect(readView(spectator.room.state.views.get('client')?.entries)).toBeNull();
    (spectator.room.send as (t: string, m: unknown) => void)('resign', {});
    await until(() => spectator.errors().length === 1, 'spectator refused');
    expect(spectator.errors()[0]!.code).toBe('not_a_player');

    player.room.send('resign', {});
    await until(() => room.state.phase === 'finished', 'finished');
    expect(room.round!.endReason).toBe('resigned');
    expect(booted.store.getRound(room.state.roundId)?.outcome).toBe('resigned');

    // A new round with roles swapped.
    const firstRound = room.state.roundId;
    player.room.send('swap', {});
    await until(() => room.state.roundNumber === 2 && player.side === 'client', 'swapped round');
    expect(room.state.roundId).not.toBe(firstRound);
    expect(room.state.seats.get('client')!.controller).toBe('human');
    await until(() => player.viewJson() !== '' && player.view()!.you === 'client', 'new view');
    await spectator.room.leave();
    await player.room.leave();
  });
});

describe('challenge against the textbook bot', () => {
  /** Plays lost-syn perfectly, the pinned wall clock moving `secondsPerMove` per answer. */
  async function challenge(name: string, secondsPerMove: number): Promise<{ result: ChallengeResult; roundId: string }> {
    const player = await Player.join(booted, (c) => c.create('challenge', { scenarioId: 'lost-syn', name }));
    const room = serverRoom(booted, player);
    await playRound(room, [player], (p, _v, r) => {
      booted.wallClock += secondsPerMove * 1_000;
      return correctAnswer(r, p.side!);
    });
    await until(() => player.of('challenge-result').length === 1, 'challenge result');
    const roundId = room.state.roundId;
    await player.room.leave();
    return { result: player.of('challenge-result')[0] as ChallengeResult, roundId };
  }

  it('scores points + streak + time bonus, writes the leaderboard in order and tells each player its rank', async () => {
    const medium = await challenge('Medium', 5);
    expect(medium.result.rank).toBe(1);
    expect(medium.result.timeBonus).toBeGreaterThan(0);
    expect(medium.result.score).toBe(medium.result.points + medium.result.timeBonus);

    const slow = await challenge('Slow', 60); // far over par: no time bonus
    expect(slow.result.timeBonus).toBe(0);
    expect(slow.result.points).toBe(medium.result.points);
    expect(slow.result.rank).toBe(2);

    const fast = await challenge('Fast', 1);
    expect(fast.result.timeBonus).toBeGreaterThan(medium.result.timeBonus);
    expect(fast.result.rank).toBe(1);

    const response = await fetch(`${booted.baseUrl}/api/leaderboard/lost-syn`);
    const body = (await response.json()) as { entries: { playerName: string; score: number; rank: number; roundId: string }[] };
    expect(body.entries.map((e) => [e.rank, e.playerName])).toEqual([
      [1, 'Fast'],
      [2, 'Medium'],
      [3, 'Slow'],
    ]);
    expect(body.entries[0]!.roundId).toBe(fast.roundId);
    const stored = booted.store.getRound(fast.roundId)!;
    expect(stored.mode).toBe('challenge');
    expect((stored.result as { challenge: ChallengeResult }).challenge).toEqual(fast.result);
  });

  it('a resigned challenge is saved but not ranked, and earns no time bonus (it was quick, not fast)', async () => {
    const player = await Player.join(booted, (c) => c.create('challenge', { scenarioId: 'handshake', name: 'Quitter' }));
    const room = serverRoom(booted, player);
    await until(() => room.state.phase === 'playing', 'playing');
    player.room.send('resign', {});
    await until(() => player.of('challenge-result').length === 1, 'result');
    const result = player.of('challenge-result')[0] as ChallengeResult;
    expect(result.rank).toBeNull();
    expect(result.timeBonus).toBe(0);
    expect(result.score).toBe(result.points);
    expect(booted.store.leaderboard('handshake')).toEqual([]);
    expect(booted.store.getRound(room.state.roundId)?.outcome).toBe('resigned');
    await player.room.leave();
  });
});
