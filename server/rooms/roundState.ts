/**
 * What a round room synchronises. Public: the scenario, mode, phase, clock and the two seats.
 * Private: each side's `entries` hold `roundView(round, side)` as entries (one JSON text per part,
 * shared/game/viewEntries.ts) in a `.view()` field, so only the client whose StateView holds that
 * SideView receives them, and a patch carries only the parts that changed; the spectators' copy
 * (both hosts) likewise. Fields only: logic lives in RoundRoom and shared/.
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
    /** shared/game/views.ts RoundView for this side, as entries; only its own player receives them. */
    entries: t.map('string').view(),
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
    /**
     * The clock's anchor: engine ("TCP") ms since the round began, at the moment this field last
     * changed; from then on engine time runs at `speed`. It changes only when the speed changes or
     * the clock jumps over an idle stretch, never per tick: clients run the clock on themselves.
     */
    clock: t.number().default(0),
    /**
     * Engine ms per real ms; 0 while the clock stands: in a room that takes turns, whenever a player
     * decides, whichever it is (a waiting player learns only that its opponent decides, which the
     * game says anyway), and once the round is over. It never pauses in a real-time room.
     */
    speed: t.number().default(0),
    /** JSON of RoomSettingsView (server/rooms/roomSettings.ts): the rules of this room, for both players to read before they play. */
    settings: t.string().default(''),
    /** 'complete' | 'time-up' | 'resigned' | 'stopped' | 'ack-loop' | 'idle' | '' */
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
