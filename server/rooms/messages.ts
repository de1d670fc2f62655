/**
 * The round rooms' messages and join options, as zod schemas (checked at the door by
 * server/validate.ts). Shapes only: whether a move is *right* is the judge's business in shared/.
 */
import { z } from 'zod';
import { TCP_STATES } from '../../shared/tcp/states.ts';
import { MAX_SEGMENT_DATA } from '../../shared/tcp/segment.ts';
import { BOT_PERSONALITIES } from '../../shared/game/types.ts';
import { ScenarioId } from '../http.ts';

const SeqNumber = z.number().int().min(0).max(0xffff_ffff);

export const FlagsSchema = z.object({ SYN: z.boolean(), ACK: z.boolean(), FIN: z.boolean(), RST: z.boolean() }).strict();

/**
 * A segment a player sends carries a control bit or data: one with neither is no TCP's choice (to
 * send nothing, a move has no segment: Wait), and refusing it here keeps a slip of the Send key from
 * being judged, or sent on the wire in a round that plays the consequences.
 */
export const SegmentSchema = z
  .object({ flags: FlagsSchema, seq: SeqNumber, ack: SeqNumber, data: z.string().max(MAX_SEGMENT_DATA) })
  .strict()
  .refine((s) => s.flags.SYN || s.flags.ACK || s.flags.FIN || s.flags.RST || s.data !== '', {
    message: 'a segment carries at least one control bit (SYN, ACK, FIN, RST) or data; to send nothing, wait',
  });

export const MoveSchema = z.object({ state: z.enum(TCP_STATES), segments: z.array(SegmentSchema).max(4) }).strict();

export const MoveMessage = z.object({ decisionId: z.number().int().min(1).max(1_000_000), move: MoveSchema }).strict();
export const EmptyMessage = z.object({}).strict();
export const QuizMessage = z.object({ cardId: z.string().min(1).max(64), choice: z.number().int().min(0).max(9) }).strict();

export const PlayerName = z.string().trim().min(1).max(24);
export const SideSchema = z.enum(['client', 'server']);
export const ModeSchema = z.enum(['coach', 'consequences']);
export const PersonalitySchema = z.enum(BOT_PERSONALITIES);

/** Options a client may pass to create/join (anything else is ignored; bad values refuse the join). */
export const RoomOptions = z.object({
  name: PlayerName.optional(),
  scenarioId: ScenarioId.optional(),
  mode: ModeSchema.optional(),
  personality: PersonalitySchema.optional(),
  /** practice / challenge: which host the player plays (the bot plays the other). */
  role: SideSchema.optional(),
  /** duel: keep game time running while players think (default: time waits, turn by turn). */
  realTime: z.boolean().optional(),
  /** duel: a private room joined by its code instead of quick match. */
  private: z.boolean().optional(),
  /** The wire, chosen when the room is created (challenges keep the scenario's wire, for a fair leaderboard). */
  loss: z.number().min(0).max(0.6).optional(),
  delayMs: z.number().int().min(20).max(3_000).optional(),
  duplicate: z.number().min(0).max(0.5).optional(),
  reorder: z.number().min(0).max(0.5).optional(),
  profile: z.enum(['rfc9293', 'linux']).optional(),
  /** practice / duel: a beginner's room that shows each player the wire's truth (off by default; never in a challenge or a class). */
  showWire: z.boolean().optional(),
  /** Back to the seat this client left (the key came in its `seat` message), within the reconnection window. */
  rejoinKey: z.string().min(16).max(64).optional(),
  /** Join as a spectator with the room's token (see RoundRoom.spectatorToken). */
  spectatorToken: z.string().max(64).optional(),
});
export type RoomOptions = z.infer<typeof RoomOptions>;
