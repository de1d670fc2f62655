/**
 * The game's room types, by matchmaking name (see ../COLYSEUS-0.18-NOTES.md):
 * - `duel`: two humans; quick match filters by scenario, `{ private: true }` gives a room code.
 * - `practice`: one human against a bot personality, coach or consequences.
 * - `challenge`: a timed round against the textbook bot, on the scenario's leaderboard.
 * - `class` / `class-pair`: classroom mode (server/rooms/ClassRoom.ts, server/classroom/).
 */
import { defineRoom, type RegisteredHandler } from '@colyseus/core';
import type { RoomServices } from '../services.ts';
import { ChallengeRoom } from './ChallengeRoom.ts';
import { DuelRoom } from './DuelRoom.ts';
import { PracticeRoom } from './PracticeRoom.ts';
import { ClassRoom } from './ClassRoom.ts';
import { ClassPairRoom } from '../classroom/ClassPairRoom.ts';
import { createClassStore } from '../classroom/classStore.ts';

/** A class with nobody connected closes after this long (its results stay in the database). */
export const CLASS_IDLE_MINUTES = 60;

export function gameRooms(services: RoomServices) {
  return {
    duel: defineRoom(DuelRoom, { services }).filterBy(['scenarioId', 'mode']),
    practice: defineRoom(PracticeRoom, { services }),
    challenge: defineRoom(ChallengeRoom, { services }),
    // Classroom mode (issue 5): opened through /api/classes; each pair plays in a class-pair room.
    class: defineRoom(ClassRoom, { services, classes: createClassStore(services.store.database()), idleMinutes: CLASS_IDLE_MINUTES }),
    'class-pair': defineRoom(ClassPairRoom, { services }),
  } satisfies Record<string, RegisteredHandler>;
}
