/**
 * Shutting the server down (SIGINT/SIGTERM, Colyseus' graceful shutdown) does not wait on seats
 * nobody has taken yet. Colyseus disposes a room only once no seat is reserved in it, and a seat
 * reserved for a player who never arrives would run out first: a duel's second player (15 s), a
 * class pair's student whose page is still loading (90 s). Until then the process could not exit.
 */
import { matchMaker } from '@colyseus/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootGame, Player, until, type GameBooted } from './gameHarness.ts';

describe('shutting down', () => {
  let booted: GameBooted;
  let shutDown = false;

  beforeAll(async () => {
    booted = await bootGame();
  });

  afterAll(async () => {
    if (!shutDown) await booted.colyseus.shutdown();
    booted.store.close();
  });

  it('a duel with a seat reserved for a second player who never arrives closes at once, and the server with it', async () => {
    const alice = await Player.join(booted, (c) => c.create('duel', { scenarioId: 'handshake', private: true, name: 'Alice' }));
    const roomId = alice.room.roomId;
    const [listing] = await matchMaker.query({ roomId });
    // Bob's seat is reserved (as joining by the room's code does), and Bob's page never joins.
    const reservation = await matchMaker.reserveSeatFor(listing!, { name: 'Bob' });
    const room = matchMaker.getLocalRoomById(roomId)!;
    expect(room.hasReservedSeat(reservation.sessionId)).toBe(true);
    expect(room.seatReservationTimeout).toBeGreaterThanOrEqual(15);

    void booted.colyseus.shutdown().then(() => (shutDown = true));
    await until(() => shutDown, 'the server to finish shutting down, well before the reservation runs out', 5_000);
    expect(matchMaker.getLocalRoomById(roomId)).toBeUndefined();
    expect(room.hasReservedSeat(reservation.sessionId)).toBe(false);
  });
});
