/**
 * What a room needs from the process, handed in once through `defineRoom(RoomClass, { services })`
 * (Colyseus merges a room definition's default options over the client's create options, so a
 * client cannot replace them). Rooms stay thin shells: validate, step the shared reducer, copy the
 * result into Schema fields, and use these for I/O.
 */
import type { MessageLimits } from './config.ts';
import type { Logger } from './log.ts';
import type { Store } from './store.ts';
import type { MistakeLog } from './clientMistakes.ts';

/** How a round room's game clock runs (see shared/game/pace.ts). */
export interface ClockSettings {
  /** Engine ms per real ms: 0.5 makes an RTO of 1 s last 2 s on screen. */
  readonly scale: number;
  /** Real ms an idle stretch shows before the clock skips it (one patch: the player sees it begin). */
  readonly tickMs: number;
  /** Idle stretches longer than this (engine ms) are skipped when nobody is deciding. */
  readonly fastForwardMs: number;
  /** Tests: no timer at all; the test calls `room.advanceClock(realMs)`. */
  readonly manual: boolean;
}

export const DEFAULT_CLOCK: ClockSettings = { scale: 0.5, tickMs: 50, fastForwardMs: 1_500, manual: false };

export interface RoomServices {
  readonly store: Store;
  readonly log: Logger;
  readonly messageLimits: MessageLimits;
  /** How long a dropped player's seat is held before the bot takes over. */
  readonly reconnectSeconds: number;
  /** Wall-clock milliseconds, for timestamps in stored results (never for game time). */
  readonly now: () => number;
  readonly clock: ClockSettings;
  /** A fresh seed for each round's wire and ISNs; never sent to a player. Tests pin it. */
  readonly seed: () => number;
  /** The process's throttled log of clients' bad frames and floods (warn level). */
  readonly mistakes: MistakeLog;
  /** This process, as the owner of the rounds it writes as they go (server/recovery.ts). */
  readonly owner: string;
}

/** The shape of `onCreate(options)` for every game room: the client's options plus the services. */
export type WithServices<ClientOptions> = ClientOptions & { readonly services: RoomServices };
