/**
 * Reconnection (issue 3): a player whose connection drops may come back within the window to the
 * same role, score and log; after that the bot takes the host over and the round goes on.
 *
 * Colyseus 0.18 calls `onDrop(client, code)` for an unexpected close (and `onLeave` for a consented
 * one); `allowReconnection(client, seconds)` inside `onDrop` holds the seat and resolves with the new
 * Client when the SDK calls `client.reconnect(token)` (or reconnects by itself), rejecting when the
 * window runs out. `onReconnect(client)` then runs; `onLeave` runs after a failed reconnection.
 */
import type { Client, Room } from '@colyseus/core';
import { wasEvicted } from './frameGuard.ts';

export type SeatOutcome = { readonly kind: 'reconnected'; readonly client: Client } | { readonly kind: 'expired' };

/**
 * Holds the dropped client's seat; never throws, so `onDrop` can branch on the outcome. A client the
 * server closed for flooding or an unreadable frame (frameGuard.ts) gets no window.
 */
export async function holdSeat(room: Room<any>, client: Client, seconds: number): Promise<SeatOutcome> {
  if (seconds <= 0 || wasEvicted(client)) return { kind: 'expired' };
  try {
    const returned = await room.allowReconnection(client, seconds);
    return { kind: 'reconnected', client: returned };
  } catch {
    return { kind: 'expired' };
  }
}

/**
 * Shutting down: Colyseus disposes a room only once no seat is reserved in it, and its
 * `disconnect()` leaves a seat reserved for someone who has not arrived (a class pair's student
 * whose game page is still loading: 90 s; a duel's second player: 15 s) to run out first, so the
 * process took that long to exit (a class's test server: 70-80 s). Those reservations go with the
 * room. (Colyseus keeps them private: they are read here, and only here.)
 */
export function dropReservedSeats(room: Room<any>): void {
  const r = room as unknown as {
    _reservedSeats?: Record<string, unknown>;
    _reservedSeatTimeouts?: Record<string, ReturnType<typeof setTimeout>>;
    _autoDisposeTimeout?: ReturnType<typeof setTimeout>;
  };
  if (!r._reservedSeats || !r._reservedSeatTimeouts) return;
  for (const sessionId of Object.keys(r._reservedSeats)) {
    clearTimeout(r._reservedSeatTimeouts[sessionId]);
    delete r._reservedSeatTimeouts[sessionId];
    delete r._reservedSeats[sessionId];
  }
  // A reservation also put off the room's disposal for as long as it ran (resetAutoDisposeTimeout).
  clearTimeout(r._autoDisposeTimeout);
  r._autoDisposeTimeout = undefined;
}
