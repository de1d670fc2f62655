/**
 * What a room needs from the process, handed in once through `defineRoom(RoomClass, { services })`
 * (Colyseus merges a room definition's default options over the client's create options, so a
 * client cannot replace them). Rooms stay thin shells: validate, step the shared reducer, copy the
 * result into Schema fields, and use these for I/O.
 */
import type { MessageLimits } from './config.ts';
import type { Logger } from './log.ts';
import type { Store } from './store.ts';

export interface RoomServices {
  readonly store: Store;
  readonly log: Logger;
  readonly messageLimits: MessageLimits;
  /** How long a dropped player's seat is held before the bot takes over. */
  readonly reconnectSeconds: number;
  /** Wall-clock milliseconds, for timestamps in stored results (never for game time). */
  readonly now: () => number;
}

/** The shape of `onCreate(options)` for every game room: the client's options plus the services. */
export type WithServices<ClientOptions> = ClientOptions & { readonly services: RoomServices };
