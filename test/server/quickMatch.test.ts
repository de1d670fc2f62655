/**
 * Quick match seats everyone (issue 15.9): a quick-match join finds a free player seat in a waiting
 * duel or a new duel, never "409 no free seat in this room" — also when many players join at the
 * same moment, and when players leave a waiting room while others join.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room as SDKRoom } from '@colyseus/sdk';
import { bootGame, until, type GameBooted } from './gameHarness.ts';
import { readView, type EntryMap } from '../../shared/game/viewEntries.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame();
});
afterAll(async () => {
  await booted?.colyseus.shutdown();
});

async function joinAtOnce(count: number, scenarioId: string): Promise<{ rooms: SDKRoom<any, any>[]; failures: string[] }> {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => new Client(booted.baseUrl).joinOrCreate('duel', { name: `q${i}`, scenarioId })),
  );
  const rooms: SDKRoom<any, any>[] = [];
  const failures: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') rooms.push(r.value);
    else failures.push(String((r.reason as Error)?.message ?? r.reason));
  }
  return { rooms, failures };
}

describe('quick match', () => {
  it('seats 40 players who join at the same moment in duels of two, with no refusal', async () => {
    for (let wave = 0; wave < 2; wave++) {
      const { rooms, failures } = await joinAtOnce(40, 'handshake');
      expect(failures).toEqual([]);
      const byRoom = new Map<string, number>();
      for (const r of rooms) byRoom.set(r.roomId, (byRoom.get(r.roomId) ?? 0) + 1);
      expect([...byRoom.values()].every((n) => n <= 2)).toBe(true);
      expect(rooms.length).toBe(40);
      await Promise.all(rooms.map((r) => r.leave()));
    }
  });

  it('seats players who join while others leave waiting rooms', async () => {
    const { rooms: waiting } = await joinAtOnce(9, 'lost-syn');
    const leaving = waiting.slice(0, 5).map((r) => r.leave());
    const { rooms, failures } = await joinAtOnce(20, 'lost-syn');
    await Promise.all(leaving);
    expect(failures).toEqual([]);
    await until(() => rooms.every((r) => r.connection.isOpen), 'all connected');
    await Promise.all([...rooms, ...waiting.slice(5)].map((r) => r.leave()));
  });

  it('keeps a full duel open to a spectator with its token (a teacher watching a pair), out of quick match', async () => {
    const { rooms: pair } = await joinAtOnce(2, 'simultaneous-close');
    expect(new Set(pair.map((r) => r.roomId)).size).toBe(1);
    const roomId = pair[0]!.roomId;
    const { spectatorToken } = booted.colyseus.getRoomById(roomId) as unknown as { spectatorToken: string };
    const watch = await new Client(booted.baseUrl).joinById(roomId, { spectatorToken });
    watch.onMessage('*', () => undefined);
    await until(() => readView((watch.state as { spectator?: { entries?: EntryMap } }).spectator?.entries) !== null, 'the spectator view');

    const { rooms: third } = await joinAtOnce(1, 'simultaneous-close');
    expect(third[0]!.roomId).not.toBe(roomId);
    await Promise.all([...pair, watch, ...third].map((r) => r.leave()));
  });
});
