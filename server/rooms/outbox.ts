/**
 * When what a round room says leaves it. A step's events are written to the database before
 * anyone hears of them (the journal's group commit, store.ts): verdicts, hints, replies, refusals,
 * notices and the patch that shows a step all wait for that commit, in the order they were made,
 * so what a player was told survives a crash and a reply never overtakes the verdict before it.
 * What goes to one player in one turn of the event loop leaves in one write (oneWrite.ts), and
 * a patch goes out when something changed (patchSoon), not on a clock (RoundRoom's PATCH_TICK_MS).
 */
import type { Client, Room } from '@colyseus/core';
import type { RoomServices } from '../services.ts';
import { protocolError, sendProtocolError, type ProtocolErrorCode } from '../validate.ts';
import type { Refusal } from '../../shared/refusals.ts';
import { oneWriteThisTurn } from './oneWrite.ts';
import type { NoticeMessage } from './protocol.ts';

/** What the outbox reads of its room. `services` is unset until onCreate has run. */
export interface SendingRoom {
  readonly services: RoomServices | undefined;
  readonly clock: Room['clock'];
  /** The room's own broadcastPatch (the one that waits for the journal, below). */
  broadcastPatch(): boolean;
}

export class Outbox {
  /** A patch is waiting for the journal's group commit (broadcastPatch). */
  private patchWaits = false;
  /** A patch is due once this turn of the event loop is done (patchSoon). */
  private patchDue = false;
  private disposed = false;
  private readonly room: SendingRoom;
  /** Colyseus' broadcast to every client of the room. */
  private readonly broadcast: (type: string, message: unknown, except?: Client) => void;

  constructor(room: SendingRoom, broadcast: (type: string, message: unknown, except?: Client) => void) {
    this.room = room;
    this.broadcast = broadcast;
  }

  /** The room is gone: nothing more goes out. */
  dispose(): void {
    this.disposed = true;
  }

  private get store(): RoomServices['store'] {
    return this.room.services!.store;
  }

  /**
   * A patch shows what the steps since the last one did, so it goes out once they are committed:
   * the room's timers run first (a clock wake steps the round), and if that (or anything else)
   * left events queued, the patch waits for the group commit (store.ts GROUP_COMMIT_MS), which
   * other rooms' patches share. (The base ticks the clock again: whatever was due has run, so
   * nothing runs twice.) `send` is Colyseus' own broadcastPatch.
   */
  broadcastPatch(send: () => boolean): boolean {
    this.patchDue = false;
    if (this.room.services === undefined) return send();
    this.room.clock.tick();
    const store = this.store;
    if (!store.hasQueued()) return send();
    if (!this.patchWaits) {
      this.patchWaits = true;
      store.whenWritten(() => {
        this.patchWaits = false;
        if (!this.disposed) send();
      });
    }
    return false;
  }

  /**
   * Something in the state may have changed: patch once this turn of the event loop is done (after
   * the other messages it brought), whatever else changes by then. When steps queued events, the
   * patch goes out with the group commit that writes them, right after the verdicts it follows,
   * so a verdict and its patch still leave in one write (oneWrite.ts).
   */
  patchSoon(): void {
    if (this.patchDue || this.disposed) return;
    this.patchDue = true;
    const patch = (): void => {
      if (this.patchDue && !this.disposed) this.room.broadcastPatch();
    };
    const store = this.room.services?.store;
    if (store?.hasQueued()) store.whenWritten(patch);
    else setImmediate(patch);
  }

  refuse(client: Client, type: string, code: ProtocolErrorCode, why: Refusal): void {
    this.store.whenWritten(() => {
      oneWriteThisTurn(client);
      sendProtocolError(client, protocolError(code, type, why));
    });
  }

  /**
   * A reply to a player's message goes out after everything the room told that player before it:
   * a verdict waits for the journal's group commit, and the answer to the message sent next must
   * not overtake it (replies come in the order the messages went).
   */
  reply(client: Client, type: string, message: unknown): void {
    this.store.whenWritten(() => this.tell(client, type, message));
  }

  /** A message to one player; with the patch that follows it in this turn, one write (oneWrite.ts). */
  private tell(client: Client, type: string, message: unknown): void {
    oneWriteThisTurn(client);
    client.send(type, message);
  }

  /**
   * Said to everyone in the room once what it tells of is written (the journal's group commit),
   * behind the replies already waiting for it: a rematch's round-started must not overtake the
   * answer to the hint asked before it.
   */
  notify(notice: NoticeMessage, except?: Client): void {
    this.store.whenWritten(() => this.broadcast('notice', notice, except));
  }
}
