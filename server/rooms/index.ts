/**
 * The game's room types, by matchmaking name (see ../COLYSEUS-0.18-NOTES.md):
 * - `duel`: two humans; quick match filters by scenario, `{ private: true }` gives a room code.
 * - `practice`: one human against a bot personality, coach or consequences.
 * - `challenge`: a timed round against the textbook bot, on the scenario's leaderboard.
 */
import { defineRoom, type RegisteredHandler } from '@colyseus/core';
import type { RoomServices } from '../services.ts';
import { ChallengeRoom } from './ChallengeRoom.ts';
import { DuelRoom } from './DuelRoom.ts';
import { PracticeRoom } from './PracticeRoom.ts';

export function gameRooms(services: RoomServices) {
  return {
    duel: defineRoom(DuelRoom, { services }).filterBy(['scenarioId', 'mode']),
    practice: defineRoom(PracticeRoom, { services }),
    challenge: defineRoom(ChallengeRoom, { services }),
  } satisfies Record<string, RegisteredHandler>;
}
