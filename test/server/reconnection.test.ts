/**
 * A dropped player's seat is held for the reconnection window (1 s here): inside it the same
 * client gets its role, score and view back; after it the bot takes the host over, the peer is
 * told, and the round goes on to its end and replays from the stored log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@colyseus/core';
import { replayRound } from '../../shared/game/round.ts';
import { scoreboard } from '../../shared/game/views.ts';
import type { RoundEvent, RoundSettings } from '../../shared/game/types.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, until, type GameBooted } from './gameHarness.ts';
import { captureLogger, errorLines } from './harness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame({ reconnectSeconds: 1 });
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

async function duel(scenarioId: string) {
  const alice = await Player.join(booted, (c) => c.joinOrCreate('duel', { scenarioId, name: 'Alice' }));
  const bob = await Player.join(booted, (c) => c.joinOrCreate('duel', { scenarioId, name: 'Bob' }));
  expect(bob.room.roomId).toBe(alice.room.roomId); // quick match by scenario
  const room = serverRoom(booted, alice);
  await until(() => room.state.phase === 'playing', 'playing');
  return { alice, bob, room };
}

describe('reconnection', () => {
  it('inside the window the same client gets its role, score and view back', async () => {
    const { alice, bob, room } = await duel('handshake');
    // Play until the client is ESTABLISHED, so there is a score to keep.
    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!), 12);
    // The player's own score is in its private view (the public seats show totals after the round).
    const score = room.round!.hosts.client.score;
    expect(score).toBeGreaterThan(0);

    alice.room.reconnection.minUptime = 0;
    let back = false;
    alice.room.onReconnect(() => (back = true));
    alice.room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'network blip');
    await until(() => bob.of('notice').some((n) => (n as { kind: string }).kind === 'opponent-dropped'), 'peer told of the drop');
    await until(() => back, 'reconnected');
    await until(() => bob.of('notice').some((n) => (n as { kind: string }).kind === 'opponent-back'), 'peer told of the return');
    expect(room.state.seats.get('client')).toMatchObject({ connected: true, controller: 'human', name: 'Alice' });
    await until(() => alice.inSync(room), 'view restored');
    expect(alice.view()!.you).toBe('client');
    expect(alice.view()!.hosts.client.score).toBe(score);

    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!));
    expect(room.round!.endReason).toBe('complete');
    expect(room.round!.hosts.client.controller).toBe('human');
    expect(room.round!.log.some((e) => e.kind === 'takeover')).toBe(false);
    await alice.room.leave();
    await bob.room.leave();
  });

  it('after the window the bot takes the host over, the peer is told, and the round goes on', async () => {
    const { alice, bob, room } = await duel('active-close-client');
    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!), 8);
    expect(room.round!.finished).toBe(false);

    bob.room.reconnection.enabled = false;
    bob.room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'gone for good');
    await until(() => room.state.seats.get('server')!.controller === 'bot', 'bot takes over', 5_000);
    await until(() => alice.of('notice').some((n) => (n as { kind: string }).kind === 'bot-took-over'), 'peer told');
    expect(alice.of('notice')).toContainEqual({ kind: 'bot-took-over', side: 'server', personality: 'textbook' });
    await until(() => alice.room.state.seats.get('server')?.controller === 'bot', 'peer sees the bot');

    await playRound(room, [alice], (p, _v, r) => correctAnswer(r, p.side!));
    const round = room.round!;
    expect(round.endReason).toBe('complete');
    expect(round.hosts.server.controller).toBe('bot');
    expect(round.log.filter((e) => e.kind === 'takeover')).toHaveLength(1);

    // The stored log replays to the same round, takeover included.
    const stored = booted.store.getRound(room.state.roundId)!;
    const result = stored.result as { settings: RoundSettings; scores: unknown };
    const replayed = replayRound(result.settings, stored.log as RoundEvent[])!;
    expect(scoreboard(replayed)).toEqual(result.scores);
    expect(replayed.states).toEqual(round.states);
    expect(replayed.decisions.map((d) => [d.side, d.by, d.verdict.correct])).toEqual(round.decisions.map((d) => [d.side, d.by, d.verdict.correct]));
    await alice.room.leave();
  });

  it('a server stopping while a dropped player\'s seat is held stores the round as interrupted, and writes nothing after it', async () => {
    const { log, lines } = captureLogger();
    const own = await bootGame({}, { reconnectSeconds: 30 }, log);
    const player = await Player.join(own, (c) => c.create('practice', { scenarioId: 'active-close-client', role: 'client', mode: 'coach' }));
    const room = serverRoom(own, player);
    await playRound(room, [player], (p, _v, r) => correctAnswer(r, p.side!), 3);
    const roundId = room.state.roundId;
    player.room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'network blip');
    await until(() => room.state.seats.get('client')!.connected === false, 'the seat held');
    // Stopping the server ends the held seat too (the bot is handed the host as the room closes).
    await own.colyseus.shutdown();
    own.store.flushLiveEvents();
    expect(own.store.getRound(roundId)?.outcome).toBe('interrupted');
    expect(own.store.liveRounds()).toEqual([]);
    expect(errorLines(lines)).toEqual([]);
  });
});

