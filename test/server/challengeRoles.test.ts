/**
 * A challenge may be played as either host, and the two roles score differently (the server of a
 * handshake decides other things than its client), so each role has its own leaderboard; the
 * scenario's first role keeps the scenario's board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChallengeResult } from '../../server/rooms/ChallengeRoom.ts';
import type { SeatMessage } from '../../server/rooms/protocol.ts';
import { challengeParMs } from '../../shared/game/pace.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, until, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame();
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

async function board(id: string): Promise<{ playerName: string; score: number }[]> {
  const response = await fetch(`${booted.baseUrl}/api/leaderboard/${id}`);
  return ((await response.json()) as { entries: { playerName: string; score: number }[] }).entries;
}

describe('a challenge as either host', () => {
  it('as the server: the room seats the player on the server, and the round goes on the server\'s board only', async () => {
    const player = await Player.join(booted, (c) => c.create('challenge', { scenarioId: 'handshake', role: 'server', name: 'Sam' }));
    expect(player.side).toBe('server');
    // The clock the player races is this role's par, shown from the start.
    expect((player.of('seat').at(-1) as SeatMessage).challenge?.parTimeMs).toBe(challengeParMs(findScenario('handshake')!, 'server'));
    const room = serverRoom(booted, player);
    await playRound(room, [player], (p, _v, r) => correctAnswer(r, p.side!));
    await until(() => player.of('challenge-result').length === 1, 'challenge result');
    const result = player.of('challenge-result')[0] as ChallengeResult;
    expect(result).toMatchObject({ scenarioId: 'handshake', boardId: 'handshake--server', role: 'server', rank: 1 });
    expect((await board('handshake--server')).map((e) => [e.playerName, e.score])).toEqual([['Sam', result.score]]);
    expect(await board('handshake')).toEqual([]);
    await player.room.leave();
  });

  it('as the client (the handshake\'s first role): the scenario\'s own board', async () => {
    const player = await Player.join(booted, (c) => c.create('challenge', { scenarioId: 'handshake', role: 'client', name: 'Cai' }));
    const room = serverRoom(booted, player);
    await playRound(room, [player], (p, _v, r) => correctAnswer(r, p.side!));
    await until(() => player.of('challenge-result').length === 1, 'challenge result');
    expect(player.of('challenge-result')[0]).toMatchObject({ boardId: 'handshake', role: 'client', rank: 1 });
    expect((await board('handshake')).map((e) => e.playerName)).toEqual(['Cai']);
    await player.room.leave();
  });
});
