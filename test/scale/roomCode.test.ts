/**
 * Room codes across processes: two processes that draw the same code at the same moment must not
 * both hand it out (the code becomes the roomId, and the second room would shadow the first).
 * Each process has its own RedisPresence on the same Redis, as in server/app.config.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPresence, type Presence } from '@colyseus/core';
import { RedisPresence } from '@colyseus/redis-presence';
import { claimRoomCode, releaseRoomCode } from '../../server/roomCode.ts';
import { startRedis, type RedisServer } from './cluster.ts';

let redis: RedisServer;
let processes: RedisPresence[] = [];

beforeAll(async () => {
  redis = await startRedis();
  processes = [new RedisPresence(redis.url), new RedisPresence(redis.url)];
});

afterAll(async () => {
  for (const p of processes) p.shutdown();
  await redis?.stop();
});

/** Draws the same sequence of codes in every caller: the worst case for a race. */
const sameDraws = () => {
  let i = 0;
  return () => ((i++ * 7) % 31) / 31;
};

async function raceFor(presences: Presence[]): Promise<string[]> {
  return Promise.all(presences.map((p) => claimRoomCode(p, sameDraws())));
}

describe('room codes claimed at the same moment', () => {
  it('go to one process each on a shared Redis; the loser draws again', async () => {
    const [first, second] = await raceFor(processes);
    expect(first).not.toBe(second);
    // Released, the code is free again for whoever draws it next.
    await releaseRoomCode(processes[0]!, first!);
    await releaseRoomCode(processes[1]!, second!);
    const again = await claimRoomCode(processes[1]!, sameDraws());
    expect([first, second]).toContain(again);
  });

  it('go to one room each within one process (LocalPresence)', async () => {
    const local = new LocalPresence();
    const codes = await raceFor([local, local, local]);
    expect(new Set(codes).size).toBe(3);
  });
});
