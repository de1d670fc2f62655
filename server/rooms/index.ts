/**
 * The game's room types, by matchmaking name. Empty until the round reducer lands in `shared/`;
 * each entry will be `defineRoom(SomeRoom, { services })` (see ../COLYSEUS-0.18-NOTES.md).
 */
import type { RegisteredHandler } from '@colyseus/core';
import type { RoomServices } from '../services.ts';

export function gameRooms(_services: RoomServices) {
  return {} satisfies Record<string, RegisteredHandler>;
}
