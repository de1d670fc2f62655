/**
 * What a round room synchronises. Public: the scenario, mode, phase, clock and the two seats.
 * Private: each side's `view` is the JSON of `roundView(round, side)` and is a `.view()` field, so
 * only the client whose StateView holds that SideView receives it; the spectator's copy (both
 * hosts) likewise. Fields only: logic lives in RoundRoom and shared/.
 */
import { schema, t, type SchemaType } from '@colyseus/schema';

export const Seat = schema(
  {
    side: t.string().default('client'),
    name: t.string().default(''),
    /** 'human' | 'bot' */
    controller: t.string().default('bot'),
    /** Which bot plays when the controller is 'bot'. */
    personality: t.string().default('textbook'),
    /** A human is seated (empty seat: ''). Never the session id of another player. */
    taken: t.boolean().default(false),
    connected: t.boolean().default(false),
    score: t.number().default(0),
    judged: t.number().default(0),
    correct: t.number().default(0),
    quizScore: t.number().default(0),
    wantsRematch: t.boolean().default(false),
    /** After a round, what this player asked for: '' (nothing yet), 'same' roles or 'swap' roles. */
    request: t.string().default(''),
  },
  'Seat',
);
export type Seat = SchemaType<typeof Seat>;

export const SideView = schema(
  {
    /** 'client' | 'server' | 'spectator' */
    side: t.string().default('spectator'),
    /** JSON of shared/game/views.ts RoundView for this side; only its own player receives it. */
    view: t.string().view().default(''),
  },
  'SideView',
);
export type SideView = SchemaType<typeof SideView>;

export const RoundState = schema(
  {
    /** 'duel' | 'practice' | 'challenge' */
    kind: t.string().default('duel'),
    /** The short code to join a private duel by (also the roomId); '' for quick match. */
    code: t.string().default(''),
    scenarioId: t.string().default(''),
    /** 'coach' | 'consequences' */
    mode: t.string().default('consequences'),
    /** 'waiting' | 'playing' | 'finished' */
    phase: t.string().default('waiting'),
    roundNumber: t.number().default(0),
    roundId: t.string().default(''),
    /** Engine ("TCP") milliseconds since the round began. */
    clock: t.number().default(0),
    /**
     * Engine ms per real ms; 0 while paused: in a room that takes turns, whenever a player decides.
     * It is 0 whichever player decides (a waiting player learns only that its opponent decides,
     * which the game says anyway), and it never pauses in a real-time room.
     */
    speed: t.number().default(0),
    /** JSON of RoomSettingsView (server/rooms/roomSettings.ts): the rules of this room, for both players to read before they play. */
    settings: t.string().default(''),
    /** 'complete' | 'time-up' | 'resigned' | '' */
    endReason: t.string().default(''),
    /** Seats by side: 'client' and 'server'. */
    seats: t.map(Seat),
    /** Private views by side: 'client' and 'server'. */
    views: t.map(SideView),
    /** Both hosts, for spectators (and for the players once the round is over, via their own view). */
    spectator: SideView,
  },
  'RoundState',
);
export type RoundState = SchemaType<typeof RoundState>;
