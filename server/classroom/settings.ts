/**
 * What a teacher chooses when opening a class, validated at the door (HTTP and room options alike).
 */
import { z } from 'zod';
import { findScenario } from '../../shared/game/scenarios.ts';
import { MAX_OPENING_ROUNDS } from '../../shared/classroom/rounds.ts';
import { CLASS_TIME_LIMIT_MAX_S, CLASS_TIME_LIMIT_S } from '../../shared/classroom/timeLimit.ts';

/** A class of more than this would not fit the teacher's dashboard (nor one process's pair rooms). */
export const MAX_CLASS_SIZE = 120;

export const ClassSettingsSchema = z
  .object({
    scenarioId: z.string().refine((id) => findScenario(id) !== undefined, 'unknown scenario'),
    /** Loss probability per segment on the pair's wire, 0 to 0.6. */
    loss: z.number().min(0).max(0.6),
    /** One-way delay on the wire, in engine ms. */
    delayMs: z.number().int().min(10).max(3_000),
    mode: z.enum(['coach', 'consequences']),
    /**
     * Engine ms a round may last before it ends as time-up (shared/classroom/timeLimit.ts). The
     * teacher's form offers 60 s and up; 10 s stays valid for classes opened before, and the API.
     */
    timeLimitMs: z.number().int().min(10_000).max(CLASS_TIME_LIMIT_MAX_S * 1_000),
    /** At opening; the teacher may add rounds later, up to MAX_CLASS_ROUNDS in all (ClassRoom addRounds). */
    rounds: z.number().int().min(1).max(MAX_OPENING_ROUNDS),
    /** Timed class round: every pair plays the same scenario against the clock; a podium at the end. */
    timed: z.boolean(),
    /** Most students the class takes (the teacher's choice; removed and forgotten ones free a place). */
    maxStudents: z.number().int().min(1).max(MAX_CLASS_SIZE),
    /**
     * Locked: no new student joins (the teacher's "Lock the class" once everyone is in). A student
     * already in the class, or let back in after a removal, still comes back with their rejoin token.
     */
    locked: z.boolean(),
  })
  .strict();
export type ClassSettings = z.infer<typeof ClassSettingsSchema>;

export const DEFAULT_CLASS_SETTINGS: ClassSettings = {
  scenarioId: 'handshake',
  loss: 0,
  delayMs: 300,
  mode: 'coach',
  timeLimitMs: CLASS_TIME_LIMIT_S * 1_000,
  rounds: 2,
  timed: false,
  maxStudents: 60,
  locked: false,
};

export const ClassNameSchema = z.string().trim().min(1).max(60);

export const OpenClassRequest = z
  .object({ name: ClassNameSchema, settings: ClassSettingsSchema.partial().strict().optional() })
  .strict();
